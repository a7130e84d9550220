"""Set-up for the frozen (PyInstaller) `rapporteur` bundle; does nothing when not frozen.

app/__main__.py (the bundle's entry script, see build.spec) calls prepare() first: it
gives child programs the user's LD_LIBRARY_PATH back and points find_library at the
bundle.

Why find_library: WeasyPrint asks cffi for each library under several names
("libgobject-2.0-0", "gobject-2.0", ..., "libgobject-2.0.so.0"); cffi tries dlopen and
then find_library on each, and every miss runs ldconfig, gcc and ld in subprocesses
(about 90 of them, a quarter of a second) and could, on an odd system, answer with a
system copy. Answering with the bundled file (build.spec bundles them) makes the
first name load the bundled library directly. Other names still go to the system's.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# WeasyPrint's libraries come from the bundle or not at all: an optional one the bundle
# lacks (libharfbuzz-vector on Debian 12) must not be a system copy built against
# another HarfBuzz, and asking the system for it costs six rounds of ldconfig, gcc, ld.
BUNDLE_ONLY = re.compile(r"(lib)?(pango|gobject-|glib-|harfbuzz|fontconfig|freetype)")


def bundled_library(bundle: Path, name: str) -> str | None:
    """Return the bundled file for a find_library name ("gobject-2.0-0" etc.), or None."""
    base = name[3:] if name.startswith("lib") else name
    base = re.sub(r"\.(so(\.\d+)*|dll|dylib)$", "", base)
    # "gobject-2.0-0" and "harfbuzz-0.0" are the Windows-style names: drop the suffix.
    stems = (base, re.sub(r"-\d+$", "", base), re.sub(r"-[\d.]+$", "", base))
    for stem in dict.fromkeys(s for s in stems if s):
        prefix = f"lib{stem}.so"
        found = sorted(
            path
            for path in bundle.glob(f"{prefix}*")
            if re.fullmatch(r"(\.\d+)*", path.name[len(prefix) :]) and path.is_file()
        )
        if found:
            return str(found[0])
    return None


def prefer_bundled_libraries() -> None:
    """Make ctypes.util.find_library return bundled libraries first (frozen only)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if not bundle or not sys.platform.startswith("linux"):
        return
    import ctypes.util

    system_find_library = ctypes.util.find_library

    def find_library(name: str) -> str | None:
        found = bundled_library(Path(bundle), name)
        if found or BUNDLE_ONLY.match(name):
            return found
        return system_find_library(name)

    ctypes.util.find_library = find_library


def restore_library_path() -> None:
    """Give programs this one starts the user's LD_LIBRARY_PATH, not the bundle's (frozen only).

    The bootloader prepends the bundle folder to LD_LIBRARY_PATH (keeping the user's value
    in LD_LIBRARY_PATH_ORIG). This process's dynamic linker read it at start-up, so it can
    be put back now: a PDF viewer opened through xdg-open must not load the bundle's
    older GLib or Pango. The render workers are this executable again; by default its
    bootloader would trust the inherited environment, so PYINSTALLER_RESET_ENVIRONMENT
    makes it set up the bundle's library path afresh.
    """
    if not getattr(sys, "frozen", False) or not sys.platform.startswith("linux"):
        return
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
    os.environ["PYINSTALLER_RESET_ENVIRONMENT"] = "1"


def prepare() -> None:
    """Get a frozen bundle's library paths right before anything loads WeasyPrint."""
    restore_library_path()
    prefer_bundled_libraries()  # first: the render worker processes need it too
