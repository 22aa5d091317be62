"""The plan as files a council reads: the MJOP PDF in Dutch notation with whole headings, what the
figures mean, page numbers and embedded fonts; the Excel with number formats on its amounts."""

import io
import os
import re

import openpyxl
import pytest

from tests.assets.worlds import make_world
from tests.planning.helpers import council_plan, export_file
from wijkwerk.core.pdf import pdf_text

pytestmark = pytest.mark.django_db

if os.environ.get("WIJKWERK_KEEP_FILES"):  # look at the files by eye: WIJKWERK_KEEP_FILES=/tmp/mjop pytest ...
    KEEP = os.environ["WIJKWERK_KEEP_FILES"]
else:
    KEEP = ""


def _keep(name: str, data: bytes) -> None:
    if KEEP:
        os.makedirs(KEEP, exist_ok=True)
        with open(os.path.join(KEEP, name), "wb") as handle:
            handle.write(data)


def _words(text: str) -> str:
    """The text with every run of white space as one space (cells wrap their headings over lines)."""
    return " ".join(text.split())


@pytest.fixture
def world(client):
    world = make_world()
    client.force_login(world.beheerder)
    return world


def test_the_mjop_pdf_speaks_dutch_numbers_and_explains_itself(client, world):
    plan = council_plan(world)
    data = export_file(client, world.gemeente.slug, plan.pk, "pdf")
    _keep("mjop.pdf", data)
    text = _words(pdf_text(data))
    # Dutch notation, as on the page; never the English one
    for shown in ("1.199.985", "1.234.568", "0,005 %", "€ 1.200.000 per jaar", "24.000", "97,9 %", "277,50"):
        assert shown in text, shown
    assert "1,199,985" not in text and "0.005" not in text and "1199985" not in text
    # what was asked, and when
    for fact in ("Doel Minste risico binnen het budget", "Horizon 2 jaar (2026 t/m 2027)",
                 "Besteed over de horizon € 2.349.985 van € 2.400.000 (97,9 %)", "Gemaakt op"):
        assert fact in text, fact
    assert "door Anna de Vries" in text
    # the headings whole (they wrap inside their cell instead of being cut off)
    for heading in ("Risico zonder onderhoud", "Risico met plan", "Besteed van het budget", "Op streefconditie",
                    "Op streefconditie (laatste jaar)", "Risicodaling per 1.000 euro extra", "Budget per jaar (€)"):
        assert heading in text, heading
    # what risico, ondergrens and afstand tot optimum mean
    assert "Risico: Per asset de kans op falen" in text
    assert "Ondergrens: Het laagste risico dat met dit budget wiskundig haalbaar is" in text
    assert "Afstand tot optimum: Hoeveel procent het risico van dit plan hooguit boven" in text
    # cost per wijk, type and intervention, with the labels a reader knows
    assert "Binnenstad" in text and "(geen wijk)" in text and "Lichtmast" in text and "vervanging" in text
    assert "street_light" not in text and "replace" not in text
    assert "Pagina 1 van 2" in text or re.search(r"Pagina 1 van \d+", text)
    assert b"/FontFile2" in data  # the font is embedded


def test_the_mjop_pdf_in_english_uses_english_notation(client, world):
    plan = council_plan(world)
    text = _words(pdf_text(export_file(client, world.gemeente.slug, plan.pk, "pdf", language="en")))
    assert "1,199,985" in text and "Multi-year maintenance plan: MJOP 2026-2027" in text
    assert "Risk without maintenance" in text and "Lower bound" in text
    assert "Risico" not in text


def test_the_mjop_excel_has_number_formats_on_its_amounts(client, world):
    plan = council_plan(world)
    data = export_file(client, world.gemeente.slug, plan.pk, "xlsx")
    _keep("mjop.xlsx", data)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Samenvatting", "Jaar 2026", "Jaar 2027"]
    summary = book["Samenvatting"]
    cells = {c.value: c for row in summary.iter_rows() for c in row if c.value is not None}
    assert cells[1199985.0].number_format == '"€" #,##0'  # Excel shows € 1.199.985 in a Dutch Excel
    assert cells[1200000.0].number_format == '"€" #,##0'
    assert cells[610000.0].number_format == "#,##0"
    assert cells[0.8].number_format == "0.0%"
    headings = [[c.value for c in row if c.value is not None] for row in summary.iter_rows()]
    assert ["Jaar", "Budget", "Kosten", "Besteed van het budget", "Risico zonder onderhoud", "Risico met plan",
            "Aandeel op streefconditie", "Maatregelen"] in headings
    assert any(row[:1] == ["Ondergrens"] and "wiskundig haalbaar" in row[1] for row in headings if len(row) == 2)
    year = list(book["Jaar 2026"].iter_rows())
    assert [c.value for c in year[0]] == ["Asset", "Type", "Wijk", "Maatregel", "Kosten"]
    rows = {r[0].value: r for r in year[1:]}
    assert rows["MAST-7"][1].value == "Lichtmast" and rows["MAST-7"][3].value == "groot onderhoud"
    assert rows["MAST-7"][4].value == 400 and rows["MAST-7"][4].number_format == '"€" #,##0'
