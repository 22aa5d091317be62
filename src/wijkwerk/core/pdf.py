"""Reports as PDF the way a council reads them: an embedded Unicode font (DejaVu Sans, shipped in
`core/fonts` with its licence, so any text prints and the file looks the same everywhere), page numbers,
tables whose headings repeat on every page and whose cells wrap instead of being cut off, amounts
right-aligned. Numbers are formatted by the caller with `wijkwerk.core.numbers` (active language).

    pdf = ReportPdf(_("Meerjarenplan"), subtitle=gemeente.name)
    pdf.facts([(_("Budget per jaar"), format_money(budget))])
    pdf.table([Column(_("Jaar"), 20), Column(_("Kosten (EUR)"), 40, "R")], rows)
    data = pdf.output_bytes()
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _
from fpdf import FPDF, FontFace
from fpdf.enums import TableHeadingsDisplay

try:  # a test dependency: reading our PDFs back is for tests and checks, not for serving pages
    from pypdf import PdfReader
except ImportError:  # pragma: no cover - production installs without the test extra
    PdfReader = None

FONTS = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu"
ALIGN = {"L": "LEFT", "R": "RIGHT", "C": "CENTER"}
HEADING_FILL = (226, 238, 234)
GROUP_FILL = (244, 246, 245)


@dataclass(frozen=True)
class Column:
    heading: str
    width: float  # mm
    align: str = "L"  # L, R or C


class ReportPdf(FPDF):
    """An A4 report with the Wijkwerk layout. Text is Unicode: no latin-1 replacement needed."""

    def __init__(self, title: str, *, subtitle: str = "", orientation: str = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.report_title = str(title)
        self.add_font(FONT, "", str(FONTS / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
        self.set_title(self.report_title)
        self.set_creator("Wijkwerk")
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.alias_nb_pages()
        self.add_page()
        self.set_font(FONT, "B", 16)
        self.multi_cell(0, 8, self.report_title, new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.set_font(FONT, "", 11)
            self.multi_cell(0, 6, str(subtitle), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font(FONT, "", 9.5)

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.report_title[:90], align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, _("Pagina %(page)s van %(total)s") % {"page": self.page_no(), "total": self.str_alias_nb_pages},
                  align="R")
        self.set_text_color(0, 0, 0)

    def heading(self, text: str, level: int = 1) -> None:
        self.ln(3 if level == 1 else 2)
        self.set_font(FONT, "B", 12.5 if level == 1 else 10.5)
        self.multi_cell(0, 6.5, str(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9.5)
        self.ln(1)

    def paragraph(self, text: str) -> None:
        self.set_font(FONT, "", 9.5)
        self.multi_cell(0, 5, str(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)

    def facts(self, pairs: Iterable[tuple[str, str]], *, label_width: float = 55) -> None:
        """Label / value lines (budget, horizon, date, ...)."""
        for label, value in pairs:
            self.set_font(FONT, "B", 9.5)
            y = self.get_y()
            self.multi_cell(label_width, 5, str(label), new_x="RIGHT", new_y="TOP")
            self.set_font(FONT, "", 9.5)
            self.multi_cell(0, 5, str(value), new_x="LMARGIN", new_y="NEXT")
            self.set_y(max(self.get_y(), y + 5))
        self.ln(1.5)

    def table(self, columns: Sequence[Column], rows: Iterable[Sequence], *, group_by: int | None = None) -> None:
        """A table; with `group_by`, that column's value is a group row when it changes (not repeated per row)."""
        shown = [c for i, c in enumerate(columns) if i != group_by]
        self.set_font(FONT, "", 8.5)
        with super().table(  # FPDF.table: this method keeps its name for our callers
            width=sum(c.width for c in shown),
            col_widths=tuple(c.width for c in shown),
            text_align=tuple(ALIGN[c.align] for c in shown),
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADING_FILL),
            repeat_headings=TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE,
            line_height=4.6,
            align="LEFT",
        ) as table:
            head = table.row()
            for column in shown:
                head.cell(str(column.heading))
            current = object()
            for values in rows:
                if group_by is not None and values[group_by] != current:
                    current = values[group_by]
                    table.row().cell(str(current), colspan=len(shown), align="LEFT",
                                     style=FontFace(emphasis="BOLD", fill_color=GROUP_FILL))
                row = table.row()
                for i, value in enumerate(values):
                    if i != group_by:
                        row.cell("" if value is None else str(value))
        self.set_font(FONT, "", 9.5)
        self.ln(2)

    def output_bytes(self) -> bytes:
        return bytes(self.output())


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page by page (for tests and checks; needs pypdf from the test extra)."""
    if PdfReader is None:
        raise RuntimeError("pypdf is nodig om PDF-tekst te lezen: pip install -e '.[test]'")
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
