"""Rapporteur: draft, share, merge and typeset report contributions."""

__version__ = "0.1.0"
