"""The session's collecting actions: contributions brought in, and the tracker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.compile import tracker
from app.core.document.service import RapporteurFile
from app.ui.changes import Changes


class CollectActions:
    """Part of Session: collecting contributions and reading the tracker."""

    _file: RapporteurFile

    def _announce(self, changes: Changes) -> None:
        raise NotImplementedError

    def accept_outside_changes(self) -> None:
        raise NotImplementedError

    @property
    def author(self) -> str:
        raise NotImplementedError

    def contributors(self) -> list[dict[str, Any]]:
        """Return the tracker's rows (entity, contact, due, budget, shown status…)."""
        return tracker.table(self._file)

    def contributors_csv(self) -> str:
        """Return the tracker as CSV."""
        return tracker.as_csv(self.contributors())

    def collect_task(self, sources: list[Path]) -> Callable[[], Any]:
        """Return the collection of sources into the file, to run off the UI thread."""
        from app.core.compile.collect import collect_files

        path, author = self._file.path, self.author
        return lambda: collect_files(path, sources, author=author)

    def collected(self) -> None:
        """Take in what a collection wrote through its own connection."""
        self.accept_outside_changes()
        self._announce(Changes.all())
