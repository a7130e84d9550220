"""Make a worker process exit at once when the process that started it dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from multiprocessing.connection import wait

PR_SET_PDEATHSIG = 1


def exit_with_parent() -> None:
    """In a multiprocessing child, os._exit as soon as the parent process is gone.

    A thread waits on the parent's sentinel: on POSIX a pipe whose write end only the
    parent holds (end of file: the parent died), on Windows the parent's process handle.
    On Linux the kernel also kills this process with its parent, even in a C call that
    holds the GIL. Nothing happens in a process that multiprocessing did not start.
    """
    parent = multiprocessing.parent_process()
    if parent is None or parent.pid is None:
        return
    if sys.platform.startswith("linux") and _spawned_by_main_thread(parent.pid):
        _kill_with_parent()
    threading.Thread(target=_wait_for_parent, args=(parent.sentinel,), name="parent-watch",
                     daemon=True).start()


def _wait_for_parent(sentinel: int) -> None:
    """Thread: exit the process when the parent's sentinel says it has ended."""
    try:
        while True:
            wait([sentinel])
            if sys.platform == "win32" or not os.read(sentinel, 4096):
                os._exit(0)  # the worker may be deep in a C call: no clean-up, no waiting
    except OSError:
        return  # the sentinel was closed in this process: nothing left to watch


def _spawned_by_main_thread(parent_pid: int) -> bool:
    """Return whether the parent's main thread started this process (Linux, best effort).

    PR_SET_PDEATHSIG fires when the thread that started the process exits, so it is
    only safe when that thread lives as long as the parent.
    """
    try:
        with open(f"/proc/{parent_pid}/task/{parent_pid}/children") as children:
            return str(os.getpid()) in children.read().split()
    except OSError:
        return False


def _kill_with_parent() -> None:
    """Linux: have the kernel SIGKILL this process when its parent thread ends."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
