"""Open Rapporteur on a copy of the bundled sample in the user's data folder (`make run`)."""

from __future__ import annotations

import shutil
from pathlib import Path

from app import launcher
from app.paths import resources_dir, user_data_dir


def working_copy() -> Path:
    """Return the user's copy of the sample, made on first use (never the tracked file)."""
    target = user_data_dir() / "sample.rapporteur"
    if not target.exists():
        shutil.copyfile(resources_dir() / "samples" / "sample.rapporteur", target)
    return target


def main() -> int:
    """Open the editor on the working copy."""
    path = working_copy()
    print(f"Opening {path}")
    return launcher.main([str(path)])


if __name__ == "__main__":
    raise SystemExit(main())
