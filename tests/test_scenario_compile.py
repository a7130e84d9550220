"""Issue 12 end to end, through the command line as a compiler works.

Three entities are sent packets, fill them in (one in French) and send them back; the
compiler collects them, plans the report, pulls a paragraph, reads its provenance; one
contribution is revised and collected again; the compendium is rendered and its table of
contents checked against the pages where each contribution starts.
"""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader

from app.cli import main
from app.core.document.service import RapporteurFile

CONTRIBUTIONS = {
    "IOM": ("en", "Remittances and recruitment", [
        "<p>Remittances sent home by migrant workers rose again in 2025, and the cost of "
        "sending them fell in most corridors.</p>",
        "<p>Fair recruitment pilots reached workers in four corridors.</p>"]),
    "UNHCR": ("en", "Displacement linked to disasters", [
        "<p>Climate-related hazards displaced families across borders in three regions.</p>",
        "<p>Temporary protection was granted in several countries.</p>"]),
    "OIT": ("fr", "Migration de main-d'œuvre", [
        "<p>Les transferts de fonds restent une source de revenus essentielle pour les "
        "ménages.</p>",
        "<p>Le recrutement équitable progresse dans plusieurs pays.</p>"]),
}
REVISED = ("<p>Remittances sent home by migrant workers rose again in 2025, although the "
           "cost of sending them still exceeds the target in Africa.</p>")


def run(*args: str, capsys=None) -> tuple[int, str]:
    """Run the command line; return its exit code and what it printed."""
    if capsys:
        capsys.readouterr()
    code = main(list(args))
    return code, capsys.readouterr().out if capsys else ""


def _report(path) -> dict[str, str]:
    """Create the compiler's file: a report whose chapters draw on themes."""
    with RapporteurFile.create(path, author="Compiler") as rfile:
        report = rfile.add_document(title="International migration and development",
                                    template="sg-report",
                                    fields={"symbol": "A/81/250",
                                            "session": "Eighty-first session"})
        rfile.add_section(report.id, heading="Introduction",
                          body="<p>The present report responds to resolution 79/200.</p>")
        money = rfile.add_section(report.id, heading="Remittances", tags=["remittances"])
        climate = rfile.add_section(report.id, heading="Climate and mobility",
                                    tags=["climate"])
        return {"report": report.id, "money": money.id, "climate": climate.id}


def _fill(packet, language: str, heading: str, paragraphs: list[str]) -> str:
    """Write a contribution into a returned packet, as its entity would; return its id."""
    with RapporteurFile.open(packet, author="Contributor") as rfile:
        document = rfile.documents()[0]
        rfile.update_document(document.id, language=language)
        call, empty = document.sections
        rfile.delete_section(call.id)
        rfile.update_section(empty.id, heading=heading, body="".join(paragraphs))
        return empty.id


def test_compiling_a_report_from_three_entities(tmp_path, capsys):
    report = tmp_path / "report.rapporteur"
    ids = _report(report)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sources = {}
    for entity, (language, heading, paragraphs) in CONTRIBUTIONS.items():
        assert main(["tracker", str(report), "--add", entity, "--due", "2099-03-01",
                     "--budget", "800"]) == 0
        packet = inbox / f"{entity.lower()}.rapporteur"
        assert main(["packet", str(report), "--entity", entity, "-o", str(packet)]) == 0
        sources[entity] = _fill(packet, language, heading, paragraphs)
    capsys.readouterr()

    assert run("collect", str(report), str(inbox), capsys=capsys)[0] == 0
    code, out = run("tracker", str(report), "--format", "json", capsys=capsys)
    assert {row["entity"]: row["status"] for row in json.loads(out)} == dict.fromkeys(
        CONTRIBUTIONS, "received")

    code, out = run("plan", str(report), "--format", "json", capsys=capsys)
    plan = json.loads(out)
    chapters = {c["heading"]: c for c in plan["chapters"]}
    money_matches = {m["section_id"] for m in chapters["Remittances"]["matches"]}
    assert sources["IOM"] in money_matches
    climate_matches = {m["section_id"] for m in chapters["Climate and mobility"]["matches"]}
    assert sources["UNHCR"] in climate_matches

    assert main(["pull", str(report), "--into", ids["money"], "--from", sources["IOM"],
                 "--paragraph", "1"]) == 0
    code, out = run("provenance", str(report), "--format", "json", capsys=capsys)
    [pulled] = json.loads(out)
    assert pulled["state"] == "current"
    assert pulled["source"]["entity"] == "IOM"

    # IOM revises its contribution and sends the packet back again
    iom = inbox / "iom.rapporteur"
    with RapporteurFile.open(iom, author="Contributor") as rfile:
        body = rfile.section(sources["IOM"]).body
        rfile.update_section(sources["IOM"], body=body.replace(
            CONTRIBUTIONS["IOM"][2][0], REVISED))
    with RapporteurFile.open(report, readonly=True) as rfile:
        documents_before = len(rfile.documents())
    capsys.readouterr()
    assert main(["collect", str(report), str(iom)]) == 0
    with RapporteurFile.open(report, readonly=True) as rfile:
        assert len(rfile.documents()) == documents_before  # updated, not duplicated
    code, out = run("provenance", str(report), "--format", "json", capsys=capsys)
    [pulled] = json.loads(out)
    assert pulled["state"] == "source changed"
    assert "still exceeds the target" in json.dumps(pulled)

    out_pdf = tmp_path / "compendium.pdf"
    assert main(["render", str(report), "--compendium", "-o", str(out_pdf)]) == 0
    reader = PdfReader(io.BytesIO(out_pdf.read_bytes()))
    pages = [page.extract_text() for page in reader.pages]
    contents = " ".join(pages[1].split())
    starts = {}
    for entity in CONTRIBUTIONS:
        title = f"Input of {entity} to International migration and development"
        listed = re.search(re.escape(entity) + r"\s+" + re.escape(title) + r"\s+(\d+)",
                           contents)
        assert listed is not None, (entity, contents)
        starts[entity] = int(listed.group(1))
        assert title in " ".join(pages[starts[entity] - 1].split())
        assert CONTRIBUTIONS[entity][1] in pages[starts[entity] - 1]
    assert list(starts.values()) == sorted(set(starts.values()))  # the tracker's order
    assert starts["IOM"] == 3  # after the cover and the contents
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert sum(any(entity in title for title in titles) for entity in CONTRIBUTIONS) == 3
