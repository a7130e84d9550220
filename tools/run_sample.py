"""`make run`: open Rapporteur on a copy of the sample in the user's data folder."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import cli  # noqa: E402
from app.paths import resources_dir, user_data_dir  # noqa: E402


def working_copy() -> Path:
    """Return the user's copy of the sample, made on first use (never the tracked file)."""
    target = user_data_dir() / "sample.rapporteur"
    if not target.exists():
        shutil.copyfile(resources_dir() / "samples" / "sample.rapporteur", target)
    return target


def main() -> int:
    """Open the GUI on the working copy, or render it when the GUI is not there."""
    path = working_copy()
    try:
        import app.ui.app  # noqa: F401
    except ImportError:
        print(f"Sample file: {path}")
        return cli.main(["render", str(path)])
    return cli.main([str(path)])


if __name__ == "__main__":
    raise SystemExit(main())
