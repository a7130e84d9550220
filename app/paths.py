"""Where the app's own files live: templates, resources, user data and cache."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_NAME = "Rapporteur"


def app_root() -> Path:
    """Return the folder holding templates/ and resources/ (the bundle when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def templates_dir() -> Path:
    """Return the folder of bundled templates."""
    return app_root() / "templates"


def resources_dir() -> Path:
    """Return the folder of bundled fonts, icons and samples."""
    return app_root() / "resources"


def fonts_dir() -> Path:
    """Return the folder of bundled fonts."""
    return resources_dir() / "fonts"


def user_data_dir() -> Path:
    """Return (and create) the user's data folder."""
    path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_cache_dir() -> Path:
    """Return (and create) the user's cache folder."""
    path = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def user_config_dir() -> Path:
    """Return (and create) the user's configuration folder."""
    path = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path
