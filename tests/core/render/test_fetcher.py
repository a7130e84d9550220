"""The URL fetcher: only data: URLs and files inside the app folders; no attachments."""

from __future__ import annotations

import base64
import io
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.core.render import fetcher as fetcher_module
from app.core.render.fetcher import RefusedResource, SafeFetcher
from app.core.render.html import RenderedHtml
from app.core.render.pdf import render_pdf
from app.paths import fonts_dir, resources_dir, templates_dir


def png_bytes() -> bytes:
    """Return a small red PNG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (255, 0, 0)).save(out, format="PNG")
    return out.getvalue()


def data_png() -> str:
    """Return a data: URL of a small PNG."""
    return "data:image/png;base64," + base64.b64encode(png_bytes()).decode()


def page(body: str, head: str = "") -> str:
    """Return a complete HTML page around body."""
    head = f"<head><title>t</title>{head}</head>"
    return f"<!DOCTYPE html><html lang=en>{head}<body>{body}</body></html>"


def images_in(reader: Any) -> int:
    """Return how many image XObjects the PDF's pages use."""
    count = 0
    for pdf_page in reader.pages:
        xobjects = (pdf_page.get("/Resources") or {}).get("/XObject") or {}
        count += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")
    return count


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record (and block) every attempt to open a network connection."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        attempts.append(args)
        raise OSError("network disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


@pytest.fixture
def fake_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point resources_dir() at a temporary folder holding one real image."""
    root = tmp_path / "resources"
    root.mkdir()
    (root / "ok.png").write_bytes(png_bytes())
    monkeypatch.setattr(fetcher_module, "resources_dir", lambda: root)
    return root


# --- the fetcher on its own ------------------------------------------------------------

def test_data_url_is_decoded():
    response = SafeFetcher().fetch("data:text/plain;base64,aGVsbG8=")
    assert response.read() == b"hello"
    assert response.content_type == "text/plain"


def test_files_in_the_app_folders_are_read():
    fetcher = SafeFetcher()
    css = fetcher.fetch((templates_dir() / "_shared" / "base.css").resolve().as_uri())
    assert css.content_type == "text/css"
    assert b"@footnote" in css.read()
    css.close()
    font = fetcher.fetch((fonts_dir() / "LiberationSerif-Regular.ttf").resolve().as_uri())
    assert font.read(4) == b"\x00\x01\x00\x00"
    font.close()
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///dev/urandom",
        "http://127.0.0.1:9/x.png",
        "https://example.org/x.png",
        "ftp://example.org/x",
        "javascript:alert(1)",
        "file://server/share/x.png",
        "file:///",
    ],
)
def test_other_urls_are_refused_and_recorded(url: str, no_network: list[Any]):
    fetcher = SafeFetcher()
    with pytest.raises(RefusedResource):
        fetcher.fetch(url)
    assert len(fetcher.refused) == 1
    assert fetcher.refused[0].startswith("Refused resource ")
    assert no_network == []


def test_dot_dot_cannot_escape():
    escape = resources_dir().resolve().as_uri() + "/../../../../../../etc/passwd"
    with pytest.raises(RefusedResource, match="outside the app folders"):
        SafeFetcher().fetch(escape)


def test_symlink_inside_resources_pointing_outside_is_refused(
    fake_resources: Path, tmp_path: Path
):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    (fake_resources / "link.png").symlink_to(secret)
    (fake_resources / "dirlink").symlink_to(tmp_path, target_is_directory=True)
    fetcher = SafeFetcher()
    assert fetcher.fetch((fake_resources / "ok.png").as_uri()).read() == png_bytes()
    with pytest.raises(RefusedResource):
        fetcher.fetch((fake_resources / "link.png").as_uri())
    with pytest.raises(RefusedResource):
        fetcher.fetch((fake_resources / "dirlink" / "secret.png").as_uri())


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_inside_an_allowed_folder_is_refused_without_blocking(fake_resources: Path):
    os.mkfifo(fake_resources / "pipe.png")
    with pytest.raises(RefusedResource, match="not a regular file"):
        SafeFetcher().fetch((fake_resources / "pipe.png").as_uri())


def test_extra_folder_is_allowed_only_when_given(tmp_path: Path):
    image = tmp_path / "user" / "logo.png"
    image.parent.mkdir()
    image.write_bytes(png_bytes())
    with pytest.raises(RefusedResource):
        SafeFetcher().fetch(image.as_uri())
    assert SafeFetcher(image.parent).fetch(image.as_uri()).read() == png_bytes()


# --- raw HTML through render_pdf -------------------------------------------------------

def test_etc_passwd_image_is_skipped_with_a_warning(pdf_reader: Callable[[bytes], Any]):
    result = render_pdf(page('<p>Before</p><img src="file:///etc/passwd"><p>After</p>'))
    assert any("file:///etc/passwd" in w and "outside the app folders" in w
               for w in result.warnings)
    assert images_in(pdf_reader(result.pdf)) == 0
    assert b"root:" not in result.pdf


def test_image_outside_the_app_folders_is_refused(
    tmp_path: Path, pdf_reader: Callable[[bytes], Any]
):
    image = tmp_path / "outside.png"
    image.write_bytes(png_bytes())
    html = page(f'<img src="{image.as_uri()}">')
    refused = render_pdf(html)
    assert images_in(pdf_reader(refused.pdf)) == 0
    assert any(image.as_uri() in w for w in refused.warnings)
    allowed = render_pdf(html, extra_allowed=tmp_path)
    assert images_in(pdf_reader(allowed.pdf)) == 1
    assert allowed.warnings == ()


def test_symlinked_image_in_resources_is_refused(
    fake_resources: Path, tmp_path: Path, pdf_reader: Callable[[bytes], Any]
):
    secret = tmp_path / "secret.png"
    secret.write_bytes(png_bytes())
    (fake_resources / "innocent.png").symlink_to(secret)
    html = page('<img src="ok.png"><img src="innocent.png">')
    rendered = RenderedHtml(html, (), fake_resources.as_uri() + "/")
    result = render_pdf(rendered)
    assert images_in(pdf_reader(result.pdf)) == 1
    assert any("innocent.png" in w for w in result.warnings)


def test_network_urls_never_open_a_socket(no_network: list[Any]):
    result = render_pdf(page(
        '<img src="http://127.0.0.1:9/x.png">'
        '<p style="background: url(https://127.0.0.1:9/bg.png)">x</p>',
        head='<link rel="stylesheet" href="http://127.0.0.1:9/evil.css">',
    ))
    assert no_network == []
    refused = [w for w in result.warnings if w.startswith("Refused resource http")]
    assert len(refused) == 3


def test_attachments_are_never_embedded(
    tmp_path: Path, pdf_reader: Callable[[bytes], Any]
):
    inside = (fonts_dir() / "LICENSE").resolve().as_uri()
    html = page(
        f'<p><a rel="attachment" href="{inside}">licence</a>'
        '<a rel="attachment" href="data:text/plain,secret">data</a></p>',
        head=(f'<link rel="attachment" href="{inside}" title="licence">'
              '<link rel="attachment" href="data:text/plain,hello">'
              '<link rel="attachment" href="file:///etc/passwd">'),
    )
    result = render_pdf(html)
    reader = pdf_reader(result.pdf)
    root = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in (root.get("/Names") or {})
    assert "/AF" not in root
    for pdf_page in reader.pages:
        for annot in pdf_page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    assert b"/EmbeddedFile" not in result.pdf
    assert b"/Filespec" not in result.pdf
    assert "3 attached file(s) not embedded: PDFs never carry attachments" in result.warnings
    assert sum("Attachment link not embedded" in w for w in result.warnings) == 2


def test_pdf_a3_does_not_embed_attachments_either(pdf_reader: Callable[[bytes], Any]):
    html = page("<p>x</p>", head='<link rel="attachment" href="data:text/plain,hello">')
    result = render_pdf(html, variant="pdf/a-3b")
    assert b"/EmbeddedFile" not in result.pdf
    assert "/AF" not in pdf_reader(result.pdf).trailer["/Root"]


def test_dev_urandom_in_a_style_does_not_hang():
    html = page(
        "<p>x</p>",
        head=("<style>p { background: url(/dev/urandom) }"
              "@font-face { font-family: X; src: url(file:///dev/urandom) }</style>"),
    )
    rendered = RenderedHtml(html, (), templates_dir().resolve().as_uri() + "/")
    result = render_pdf(rendered)
    assert result.page_count == 1
    assert sum("/dev/urandom" in w and w.startswith("Refused") for w in result.warnings) >= 1


def test_data_url_image_is_accepted(pdf_reader: Callable[[bytes], Any]):
    result = render_pdf(page(f'<img src="{data_png()}" alt="red">'))
    assert images_in(pdf_reader(result.pdf)) == 1
    assert result.warnings == ()
