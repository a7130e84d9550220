"""The build cache: rendered parts, whole PDFs and the last layout of each document.

A part is keyed by a hash of its HTML (content, language, starting numbers), the files of
its template and of the shared templates, the bundled fonts, the PDF variant and the
versions of the app and of WeasyPrint. The cache lives in a folder per version (older
ones are removed), is bounded in size (least recently used entries go first) and is
only a cache: a missing or damaged entry is rendered again.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
import shutil
from importlib.metadata import version
from pathlib import Path
from typing import Any

from app import __version__
from app.paths import fonts_dir, templates_dir

CACHE_LIMIT = 512 * 1024**2
FOLDER = "builds"
Pdf = bytes | list[bytes]  # a PDF, or the pieces a part was written in, joined in order


def pieces(pdf: Pdf) -> list[bytes]:
    """Return the PDFs a part (or a whole document) was written in."""
    return pdf if isinstance(pdf, list) else [pdf]


def version_tag() -> str:
    """Return the versions a cached part must have been rendered with."""
    return f"{__version__}-weasyprint{version('weasyprint')}"


def part_key(source: str, template_folder: Path, *, own: int, lookahead: int,
             variant: str | None) -> str:
    """Return the cache key of a part: everything that shapes its pages, hashed.

    source is parts.fingerprint() of the part: its text, numbers, context and lead pages.
    """
    digest = hashlib.sha256()
    for item in (version_tag(), str(variant), str(own), str(lookahead),
                 _files(template_folder), _files(templates_dir() / "_shared"),
                 _files(fonts_dir()), source):
        digest.update(item.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def whole_key(job: dict[str, Any], variant: str | None,
              templates: list[str] | None = None) -> str:
    """Return the cache key of a whole PDF from its render job.

    templates names the templates it is laid out with (default: the job's own).
    """
    from app.core.document.templates import load_template

    names = sorted(set(templates)) if templates is not None else [str(job.get("template") or "")]
    folders = [_files(load_template(name).folder) for name in names]
    text = json.dumps(job, sort_keys=True, default=str)
    digest = hashlib.sha256()
    for item in (version_tag(), str(variant), *folders,
                 _files(templates_dir() / "_shared"), _files(fonts_dir()), text):
        digest.update(item.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _files(folder: Path) -> str:
    """Return the names, sizes and modification times of a folder's files, as one line."""
    try:
        entries = sorted(p for p in folder.rglob("*") if p.is_file())
    except OSError:
        return ""
    return ";".join(f"{p.relative_to(folder)}:{s.st_size}:{s.st_mtime_ns}"
                    for p in entries for s in [p.stat()])


class BuildCache:
    """Parts, whole PDFs and layouts in a folder, at most limit bytes of them."""

    def __init__(self, root: Path, limit: int = CACHE_LIMIT) -> None:
        self.limit = limit
        base = Path(root) / FOLDER
        self.folder = base / version_tag()
        self.folder.mkdir(parents=True, exist_ok=True)
        for other in base.iterdir():  # never trusted across versions
            if other != self.folder and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)

    def get(self, key: str) -> tuple[Pdf, dict[str, Any]] | None:
        """Return a cached PDF (or a part's pieces) and its facts, or None."""
        pdf, meta = self.folder / f"{key}.pdf", self.folder / f"{key}.json"
        try:
            facts = json.loads(meta.read_text("utf-8"))
            data = pdf.read_bytes()
            os.utime(meta)
        except (OSError, ValueError):
            return None
        if not isinstance(facts, dict) or len(data) != facts.get("size"):
            return None
        sizes = facts.pop("pieces", None)
        if sizes is None:
            return data, facts
        if not isinstance(sizes, list) or sum(sizes) != len(data):
            return None
        ends = list(itertools.accumulate(sizes))
        return [data[end - size:end] for size, end in zip(sizes, ends, strict=True)], facts

    def put(self, key: str, pdf: Pdf, facts: dict[str, Any]) -> None:
        """Store a PDF (or a part's pieces) and its facts (a cache: failing to write is
        not an error)."""
        if isinstance(pdf, list):
            facts = {**facts, "pieces": [len(piece) for piece in pdf]}
            pdf = b"".join(pdf)
        with contextlib.suppress(OSError):
            self._write(self.folder / f"{key}.pdf", pdf)
            self._write(self.folder / f"{key}.json",
                        json.dumps({**facts, "size": len(pdf)}).encode("utf-8"))

    def layout(self, document_id: str) -> dict[str, Any] | None:
        """Return the page tops of the last build of a document, or None."""
        try:
            data = json.loads(self._layout_path(document_id).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def save_layout(self, document_id: str, data: dict[str, Any]) -> None:
        """Remember the page tops of a document's build."""
        with contextlib.suppress(OSError):
            self._write(self._layout_path(document_id), json.dumps(data).encode("utf-8"))

    def prune(self) -> None:
        """Remove the least recently used entries until the cache is within its limit."""
        entries = []
        for meta in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                pdf = meta.with_suffix(".pdf")
                size = meta.stat().st_size + (pdf.stat().st_size if pdf.exists() else 0)
                entries.append((meta.stat().st_mtime, size, meta))
        total = sum(size for _, size, _ in entries)
        for _, size, meta in sorted(entries):
            if total <= self.limit:
                break
            meta.unlink(missing_ok=True)
            meta.with_suffix(".pdf").unlink(missing_ok=True)
            total -= size

    def size(self) -> int:
        """Return the bytes the cache holds."""
        return sum(p.stat().st_size for p in self.folder.iterdir() if p.is_file())

    def _layout_path(self, document_id: str) -> Path:
        """Return the file of a document's last layout."""
        name = hashlib.sha256(document_id.encode("utf-8")).hexdigest()[:32]
        return self.folder / f"layout-{name}.json"

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        """Write data to path through a temporary file."""
        temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, path)
