"""Packets: a new file sent to one contributor, with the call for inputs and an empty input.

The call (entity, due date, word budget, contact, instructions) is kept as JSON under
the key "packet" of the packet file's meta table, with the packet id and the id of the
contribution document; the document's first section shows the instructions. When the
file comes back, `collect` recognises the packet id and marks the contributor received.
"""

from __future__ import annotations

import html
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from app.core import clock
from app.core.beside import temp_beside
from app.core.compile.contributions import reports
from app.core.compile.tracker import require
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import RapporteurError, ValidationError
from app.core.storage.compiling import CompilingRows

PACKET_KEY = "packet"
TEMPLATE = "agency-input"


@dataclass(frozen=True)
class Packet:
    """The call for inputs sent to one contributor."""

    id: str
    document_id: str
    entity: str
    report_title: str = ""
    due: str | None = None
    budget: int | None = None
    contact: str = ""
    sent: str = ""

    def instructions(self) -> list[str]:
        """Return the instructions as sentences, one per paragraph."""
        report = f"the report “{self.report_title}”" if self.report_title else "the report"
        due = f" by {self.due}" if self.due else ""
        lines = [f"The input of {self.entity} to {report} is requested{due}."]
        if self.budget:
            lines.append(f"Please keep it within {self.budget:,} words.")
        back = f" to {self.contact}" if self.contact else ""
        lines.append("Write the input in the sections below this one and send this file "
                     f"back{back}; you may delete this section.")
        lines.append(f"Packet {self.id}.")
        return lines


def packet_of(rfile: RapporteurFile) -> Packet | None:
    """Return the packet a file was sent as, or None (also when its record is malformed)."""
    text = rfile.repo.get_meta(PACKET_KEY)
    try:
        data = json.loads(text) if text else None
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), str) and data[k]
                                             for k in ("id", "document_id", "entity")):
        return None
    return Packet(id=data["id"], document_id=data["document_id"], entity=data["entity"],
                  report_title=_text(data.get("report_title")), due=_text(data.get("due")) or None,
                  budget=data["budget"] if isinstance(data.get("budget"), int) else None,
                  contact=_text(data.get("contact")), sent=_text(data.get("sent")))


def _text(value: Any) -> str:
    """Return value when it is text, else ''."""
    return value if isinstance(value, str) else ""


def write_packet(rfile: RapporteurFile, entity: str, out: Path) -> Packet:
    """Write a packet for a tracked entity to out (a new file); remember it in the tracker."""
    contributor = require(rfile, entity)
    if out.exists() or out.is_symlink():
        raise ValidationError(f"{out.name}: already exists; choose a new name for the packet")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder")
    found = reports(rfile.repo.documents())
    packet = Packet(id=new_id(), document_id=new_id(), entity=contributor.entity,
                    report_title=found[0].title if len(found) == 1 else "",
                    due=contributor.due, budget=contributor.budget,
                    contact=contributor.contact, sent=clock.iso(rfile.now()))
    _write_file(packet, out, rfile.author)
    with rfile.transaction():
        contributor.packet_id = packet.id
        contributor.modified = packet.sent
        CompilingRows(rfile.db).save_tracker(contributor.row())
    return packet


def _write_file(packet: Packet, out: Path, author: str) -> None:
    """Create the packet file beside out and move it into place."""
    temp = temp_beside(out)
    try:
        with RapporteurFile.create(temp, author=author) as new:
            with new.transaction():
                new.repo.set_meta(PACKET_KEY, json.dumps(asdict(packet), ensure_ascii=False,
                                                         sort_keys=True))
            title = f"Input of {packet.entity}" + (
                f" to {packet.report_title}" if packet.report_title else "")
            fields = {"entity": packet.entity, "report_title": packet.report_title}
            doc = new.add_document(id=packet.document_id, title=title, template=TEMPLATE,
                                   fields={k: v for k, v in fields.items() if v})
            body = "".join(f"<p>{html.escape(line)}</p>" for line in packet.instructions())
            new.add_section(doc.id, heading="Call for inputs", body=body)
            new.add_section(doc.id, heading="Input")
        if out.exists():
            raise ValidationError(f"{out.name}: already exists")
        os.replace(temp, out)
    except (RapporteurError, OSError):
        temp.unlink(missing_ok=True)
        raise
