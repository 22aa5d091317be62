"""The report PDF: embedded font, page numbers, whole headings, groups, Unicode text."""

from django.utils import translation

from wijkwerk.core.numbers import format_money
from wijkwerk.core.pdf import Column, ReportPdf, pdf_text


def test_report_pdf_has_page_numbers_embedded_font_and_groups_once():
    with translation.override("nl"):
        pdf = ReportPdf("Schouwresultaten ronde één", subtitle="Gemeente Hoogeveen")
        pdf.facts([("Budget per jaar", format_money(1200000))])
        rows = [[f"Buurt met een lange naam {i // 10}", f"Aspect {i}", str(i)] for i in range(200)]
        pdf.table([Column("Buurt", 40), Column("Kwaliteitsaspect van de buitenruimte", 70),
                   Column("Aantal vakken", 30, "R")], rows, group_by=0)
        data = pdf.output_bytes()
    text = pdf_text(data)
    assert b"/FontFile2" in data  # the TrueType font is embedded
    assert "Schouwresultaten ronde één" in text
    assert "Budget per jaar € 1.200.000" in text
    assert "Pagina 1 van" in text and "Pagina 2 van" in text
    pages = text.count("Pagina ")
    assert text.count("Kwaliteitsaspect van de buitenruimte") == pages  # the heading on every page, whole
    assert text.count("Buurt met een lange naam 7") == 1  # the group once, not per row
