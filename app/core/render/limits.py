"""Run a job in a child process with a time limit and a memory limit.

Rendering untrusted content can loop, nest absurdly or ask for huge allocations; in a
child the app survives, reports what happened, and the draft is never touched.
"""

from __future__ import annotations

import multiprocessing
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from app.core.errors import RapporteurError, RenderError

TIME_LIMIT = 120.0
MEMORY_LIMIT = 3 * 1024**3


def memory_of(field: str, pid: int | str = "self") -> int:
    """Return a memory figure of a process (Linux's /proc: "VmRSS", "VmHWM"…) in bytes;
    0 where the system does not say."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def limit_memory(limit: int) -> None:
    """Cap this process's address space (where the OS allows it)."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _child(conn: Connection, function: Callable[..., Any], args: tuple[Any, ...],
           memory: int) -> None:
    """Run function(*args) in the child and send back ("ok", result) or ("error", text)."""
    limit_memory(memory)
    try:
        conn.send(("ok", function(*args)))
    except RapporteurError as exc:
        conn.send(("error", str(exc)))
    except MemoryError:
        conn.send(("error", "rendering needed more memory than allowed"))
    except RecursionError:
        conn.send(("error", "the document is nested too deeply to render"))
    except Exception as exc:  # noqa: BLE001 - reported to the parent as one line
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        conn.send(("error", f"rendering failed: {last}"))
    finally:
        conn.close()


def run_limited(function: Callable[..., Any], *args: Any, timeout: float = TIME_LIMIT,
                memory: int = MEMORY_LIMIT) -> Any:
    """Return function(*args) computed in a child process; RenderError if it fails."""
    context = multiprocessing.get_context("spawn")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, function, args, memory),
                              daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise RenderError(f"rendering stopped: it took longer than {timeout:.0f} s")
        status, value = parent.recv()
    except EOFError:
        raise RenderError("rendering stopped: the renderer ran out of memory or "
                          "crashed") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status != "ok":
        raise RenderError(str(value))
    return value
