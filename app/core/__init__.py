"""Rapporteur's Qt-free core: model, storage, history, import/export and rendering."""
