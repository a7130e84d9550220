"""Keeps None, True and False alive under PySide6 6.12 on Python 3.11 (a refcount bug)."""

from __future__ import annotations

import ctypes
import sys

HEADROOM = 1 << 40  # references added: far more than any session could ever take
_pinned = False


def pin_singletons() -> None:
    """Give None, True and False references PySide6 cannot use up (3.12+ needs none).

    PySide6 6.12's abi3 modules return None from void methods and a bool from
    Signal.emit() without a new reference, as if these objects were immortal, which
    they are only from Python 3.12 (PEP 683). On 3.11 every such call takes one of
    their references; when a count reaches zero the interpreter aborts with "Fatal
    Python error: bool_dealloc" (or none_dealloc), often while quitting.
    """
    global _pinned
    if _pinned or sys.version_info >= (3, 12):
        return
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += HEADROOM
    _pinned = True
