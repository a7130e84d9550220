"""Writing a finding's safe fix back to the file, only if the text still reads as it did."""

from __future__ import annotations

from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError
from app.core.text.lint.finding import Finding
from app.core.text.lint.runs import runs, splice


def apply_fix(rfile: RapporteurFile, finding: Finding) -> bool:
    """Write finding.fix in one transaction; return False if the text changed or it has no fix."""
    if finding.fix is None:
        return False
    try:
        with rfile.transaction():
            if finding.section_id is not None:
                return _fix_section(rfile, finding, finding.fix)
            return _fix_document(rfile, finding, finding.fix)
    except NotFoundError:
        return False


def _replaced(text: str, finding: Finding, fix: str) -> str | None:
    """Return text with the finding's target replaced, or None if the target is not there."""
    start, end = finding.where.start, finding.where.end
    if text[start:end] != finding.target:
        return None
    return text[:start] + fix + text[end:]


def _fix_section(rfile: RapporteurFile, finding: Finding, fix: str) -> bool:
    """Fix a section's heading or body."""
    section = rfile.section(finding.section_id or "")
    if finding.field == "heading":
        heading = _replaced(section.heading, finding, fix)
        if heading is None:
            return False
        rfile.update_section(section.id, heading=heading)
        return True
    if finding.where.raw:
        body = _replaced(section.body, finding, fix)
    else:
        texts = runs(section.body)
        where = finding.where
        if where.index >= len(texts) or texts[where.index].text[where.start:where.end] != \
                finding.target:
            return False
        body = splice(section.body, where.index, where.start, where.end, fix)
    if body is None:
        return False
    rfile.update_section(section.id, body=body)
    return True


def _fix_document(rfile: RapporteurFile, finding: Finding, fix: str) -> bool:
    """Fix a document's title or one of its fields (a line of a lines field)."""
    doc = rfile.document_row(finding.document_id)
    if finding.field == "title":
        title = _replaced(doc.title, finding, fix)
        if title is None:
            return False
        rfile.update_document(doc.id, title=title)
        return True
    value = doc.fields.get(finding.field)
    if isinstance(value, list):
        index = finding.where.index
        if index >= len(value) or not isinstance(value[index], str):
            return False
        line = _replaced(value[index], finding, fix)
        if line is None:
            return False
        new: object = [*value[:index], line, *value[index + 1:]]
    elif isinstance(value, str):
        new = _replaced(value, finding, fix)
        if new is None:
            return False
    else:
        return False
    rfile.update_document(doc.id, fields={**doc.fields, finding.field: new})
    return True
