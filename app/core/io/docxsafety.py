"""Vet a .docx before anything reads it: zip bombs, macros, outside references, huge images.

Every refusal is a one-line ValidationError. Nothing outside the archive is fetched:
hyperlinks stay links, and the only other external relationship tolerated is the
attached template Word records (never read).
"""

from __future__ import annotations

import io
import re
import zipfile

from app.core.errors import ValidationError

MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # mammoth needs ~25 MB of memory per MB of XML
MAX_RATIO = 100  # unpacked over packed, for members larger than 1 MB
MAX_MEMBERS = 2000
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 25_000_000
_RATIO_FLOOR = 1024 * 1024
_MACRO_TYPE = "macroEnabled"
_TOLERATED_EXTERNAL = ("/hyperlink", "/attachedTemplate")
_EXTERNAL = re.compile(
    rb"<Relationship\b[^>]*\bTargetMode\s*=\s*[\"']External[\"'][^>]*>", re.IGNORECASE)
_ATTRIBUTE = r"\b{}\s*=\s*[\"']([^\"']*)[\"']"


def vet_docx(data: bytes) -> None:
    """Refuse a .docx that is not safe to read."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except Exception as exc:  # zipfile raises several kinds on foreign data
        raise ValidationError("The file is not a Word document (.docx).") from exc
    with archive:
        infos = archive.infolist()
        _check_sizes(infos)
        names = {info.filename for info in infos}
        _check_macros(archive, names)
        _check_external(archive, names)
        _check_images(archive, infos)


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse too many members, too much unpacked data, or a suspicious ratio."""
    if len(infos) > MAX_MEMBERS:
        raise ValidationError(f"The Word document has more than {MAX_MEMBERS} parts: refused.")
    if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
        raise ValidationError("The Word document is too large once unpacked"
                              f" (more than {MAX_UNPACKED_BYTES >> 20} MB): refused.")
    for info in infos:
        if info.file_size > _RATIO_FLOOR and \
                info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError(f"The Word document looks like a zip bomb ({info.filename} "
                                  f"unpacks more than {MAX_RATIO} times its size): refused.")


def _check_macros(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse a macro-enabled document (.docm) or one carrying a VBA project."""
    types = _read(archive, "[Content_Types].xml")
    if _MACRO_TYPE.encode() in types or any(n.lower().endswith("vbaproject.bin")
                                            for n in names):
        raise ValidationError("The Word document contains macros (.docm): save it as a "
                              "plain .docx (Word Document) and try again.")


def _check_external(archive: zipfile.ZipFile, names: set[str]) -> None:
    """Refuse relationships to outside content other than links (never fetched)."""
    for name in sorted(n for n in names if n.endswith(".rels")):
        for match in _EXTERNAL.finditer(_read(archive, name)):
            tag = match.group(0).decode("utf-8", "replace")
            kind = _attribute(tag, "Type")
            if kind.endswith(_TOLERATED_EXTERNAL):
                continue
            target = _attribute(tag, "Target")[:80]
            raise ValidationError(
                f"The Word document refers to outside content ({kind.rsplit('/', 1)[-1]}: "
                f"{target}), which Rapporteur never fetches: embed it and try again.")


def _attribute(tag: str, name: str) -> str:
    """Return one attribute of an XML start tag, or ''."""
    match = re.search(_ATTRIBUTE.format(name), tag)
    return match.group(1) if match else ""


def _check_images(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse images over 5 MB or 25 megapixels."""
    from PIL import Image

    for info in infos:
        if not info.filename.startswith("word/media/"):
            continue
        if info.file_size > MAX_IMAGE_BYTES:
            raise ValidationError(f"The Word document holds an image over "
                                  f"{MAX_IMAGE_BYTES >> 20} MB ({info.filename}): refused.")
        try:
            with Image.open(io.BytesIO(archive.read(info))) as image:
                width, height = image.size
        except Exception:  # noqa: BLE001 - not a picture Pillow knows: not rendered either
            continue
        if width * height > MAX_IMAGE_PIXELS:
            raise ValidationError(
                f"The Word document holds an image of {width}×{height} pixels "
                f"({info.filename}; the limit is {MAX_IMAGE_PIXELS // 1_000_000} "
                "megapixels): refused.")


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    """Return one member of the archive, or b'' when it is missing or unreadable."""
    try:
        return archive.read(name)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return b""
