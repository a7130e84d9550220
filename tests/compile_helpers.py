"""A file to compile from: a report with two themed chapters, two agencies' contributions."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.document.service import RapporteurFile

WATER_1 = ("<p>Cisterns were repaired in <em>three</em> districts before the dry "
           "season.</p>")
WATER_2 = "<p>Villages now share a rota for the borehole pumps.</p>"
SCHOOLS_1 = "<p>The agency trained forty teachers in remote valleys.</p>"
OTHER_1 = "<p>Staff moved to a smaller office in the capital.</p>"


@dataclass
class Compiled:
    """The ids of the sample file's documents and sections."""

    report: str
    water_chapter: str
    schools_chapter: str
    intro: str
    fao: str
    fao_water: str
    fao_office: str
    unicef: str
    unicef_schools: str
    unicef_pumps: str


def build(rfile: RapporteurFile) -> Compiled:
    """Add the report and the two contributions to rfile; return their ids."""
    report = rfile.add_document(title="Rural resilience", template="sg-report",
                                fields={"symbol": "A/81/100"})
    intro = rfile.add_section(report.id, heading="Introduction", body="<p>Opening.</p>")
    water = rfile.add_section(report.id, heading="Water", tags=["water", "drought"])
    schools = rfile.add_section(report.id, heading="Education", tags=["schooling",
                                                                        "teachers"])
    fao = rfile.add_document(title="FAO input", template="agency-input",
                             fields={"entity": "FAO", "report_title": "Rural resilience"})
    fao_water = rfile.add_section(fao.id, heading="Dry season", body=WATER_1 + WATER_2,
                                  tags=["Drought"])
    fao_office = rfile.add_section(fao.id, heading="Administration", body=OTHER_1)
    unicef = rfile.add_document(title="UNICEF input", template="agency-input",
                                fields={"entity": "UNICEF", "report_title": "Rural resilience"})
    unicef_schools = rfile.add_section(unicef.id, heading="Classrooms", body=SCHOOLS_1)
    unicef_pumps = rfile.add_section(unicef.id, heading="Pumps",
                                     body="<p>Children no longer carry WATER from the river.</p>")
    return Compiled(report.id, water.id, schools.id, intro.id, fao.id, fao_water.id,
                    fao_office.id, unicef.id, unicef_schools.id, unicef_pumps.id)
