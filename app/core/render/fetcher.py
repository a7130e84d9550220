"""The only door WeasyPrint has to the outside: data: URLs and files in the app's folders.

No network, no redirects, no file outside templates/ and resources/ (and one optional
extra folder). A path is checked after resolving symlinks and "..", and must be a
regular file, so /dev/urandom or a FIFO can never be read. A refused URL raises an
ordinary exception, which WeasyPrint turns into a warning and skips the resource.
"""

from __future__ import annotations

import logging
import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request, url2pathname

from app.core.render.fonts import configure
from app.paths import resources_dir, templates_dir

configure()  # WeasyPrint must see the private fonts.conf from its first import on.

from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

LOG = logging.getLogger(__name__)
_SHOWN = 120
_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
}


class RefusedResource(ValueError):
    """A URL the renderer is not allowed to read."""


def _short(url: str) -> str:
    """Return url cut to a length fit for a message."""
    return url if len(url) <= _SHOWN else url[: _SHOWN - 3] + "..."


def allowed_roots(extra: Path | None = None) -> tuple[Path, ...]:
    """Return the resolved folders resources may come from."""
    roots = [templates_dir(), resources_dir()]
    if extra is not None:
        roots.append(extra)
    return tuple(Path(os.path.realpath(root)) for root in roots)


MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000


def user_template_roots(folder: Path) -> tuple[Path, ...]:
    """Return what a user template may fetch from: its own folder and the shared CSS."""
    return (Path(os.path.realpath(folder)),
            Path(os.path.realpath(templates_dir() / "_shared")))


def check_image(path: Path) -> None:
    """Refuse an image that is too large in bytes or pixels (read from its header only)."""
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise RefusedResource(f"image {path.name} is larger than 5 MB")
    try:
        from PIL import Image

        with Image.open(path) as image:
            width, height = image.size
    except Exception as exc:  # noqa: BLE001 - an unreadable image is simply refused
        raise RefusedResource(f"image {path.name} cannot be read") from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise RefusedResource(f"image {path.name} has too many pixels ({width}×{height})")


def file_url_path(url: str) -> Path:
    """Return the local path a file: URL names; refuse remote hosts (UNC shares)."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise RefusedResource(f"file URL on another host: {_short(url)}")
    return Path(url2pathname(unquote(parts.path)))


def resolve_allowed(path: Path, roots: tuple[Path, ...]) -> Path:
    """Return the real path of path if it is a regular file inside one of roots."""
    real = Path(os.path.realpath(path))
    if not any(real.is_relative_to(root) for root in roots):
        raise RefusedResource(f"outside the app folders: {path}")
    if not real.is_file():
        raise RefusedResource(f"not a regular file: {path}")
    return real


def content_type_of(path: Path) -> str:
    """Return the MIME type for path, not trusting the OS registry for common types."""
    known = _TYPES.get(path.suffix.lower())
    return known or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class SafeFetcher(URLFetcher):  # type: ignore[misc]
    """A WeasyPrint URL fetcher that reads only data: URLs and allowed local files."""

    def __init__(self, extra_allowed: Path | None = None,
                 roots: tuple[Path, ...] | None = None) -> None:
        super().__init__(
            timeout=5, allowed_protocols=("data", "file"), allow_redirects=False,
            fail_on_errors=False,
        )
        self.roots = roots if roots is not None else allowed_roots(extra_allowed)
        self.capped = roots is not None
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the resource at url, or raise RefusedResource (recorded in .refused)."""
        try:
            return self._fetch(url)
        except RefusedResource as error:
            message = f"Refused resource {_short(url)}: {error}"
            self.refused.append(message)
            LOG.warning(message)
            raise

    def _fetch(self, url: str) -> URLFetcherResponse:
        """Dispatch on the URL scheme."""
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return self._data(url)
        if scheme == "file":
            return self._file(url)
        raise RefusedResource(f"scheme {scheme or '(none)'!r} is not allowed")

    def _data(self, url: str) -> URLFetcherResponse:
        """Decode a data: URL without touching any other handler."""
        try:
            response = DataHandler().data_open(Request(url))
        except ValueError as error:
            raise RefusedResource(f"malformed data URL ({error})") from error
        content_type = response.headers.get("Content-Type", "text/plain")
        return URLFetcherResponse(
            url, body=response.read(), headers={"Content-Type": content_type})

    def _file(self, url: str) -> URLFetcherResponse:
        """Open an allowed local file."""
        path = resolve_allowed(file_url_path(url.split("?", 1)[0].split("#", 1)[0]), self.roots)
        content_type = content_type_of(path)
        if self.capped and content_type.startswith("image/"):
            check_image(path)
        handle = path.open("rb")
        return URLFetcherResponse(
            path.as_uri(), body=handle, headers={"Content-Type": content_type})
