"""Code 39 barcodes for the job number at the foot of page 1 of a UN document.

The bars come from python-barcode's SVG writer (no Pillow needed) and reach the
template as a data: URL, the only kind of URL the renderer fetches besides the app's
own folders. The human-readable line ("*1340848*") is left to the template, so it
is set in the document's embedded font rather than in whatever font the SVG names.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache
from urllib.parse import quote

from barcode import Code39
from barcode.writer import SVGWriter

_JOB = re.compile(r"^(?:(?:GE|V)\.)?(\d{2})-(\d{5})")
_OPTIONS = {
    "module_width": 0.2,  # mm: a narrow bar, as on the UN documents' barcodes
    "module_height": 6.0,  # mm
    "quiet_zone": 0.0,
    "write_text": False,
    "background": "white",
    "foreground": "black",
}


def job_digits(job_number: str) -> str:
    """Return the digits a job number's barcode encodes ("13-40848 (E)" -> "1340848").

    Return "" when the text does not start like a job number.
    """
    match = _JOB.match(job_number.strip())
    return match.group(1) + match.group(2) if match else ""


def code39_svg(digits: str) -> str:
    """Return the Code 39 barcode of digits as SVG text (start and stop "*" included)."""
    if not digits.isdigit():
        raise ValueError(f"Code 39 job number must be digits, not {digits!r}")
    buffer = io.BytesIO()
    Code39(digits, writer=SVGWriter(), add_checksum=False).write(buffer, options=_OPTIONS)
    return buffer.getvalue().decode("utf-8")


@lru_cache(maxsize=32)
def code39_data_url(job_number: str) -> str:
    """Return a data: URL of the job number's Code 39 SVG, or "" when it has no digits."""
    digits = job_digits(str(job_number))
    if not digits:
        return ""
    return "data:image/svg+xml;charset=utf-8," + quote(code39_svg(digits), safe="")
