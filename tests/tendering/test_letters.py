"""Letters read well: no double full stop after "B.V.", amounts do not break in DOCX, the
not-assessed bidder sees the winner's scores without empty columns of their own."""

import datetime as dt
import io
from decimal import Decimal

from wijkwerk.core.pdf import pdf_text
from wijkwerk.tendering.billsheet import SW, BidSheet, Refusal
from wijkwerk.tendering.letters import build_letter, letter_docx, letter_pdf
from wijkwerk.tendering.scoring import AssessmentRow, evaluate

from .helpers import method


def _result():
    def sheet(name, u01, sw="SW"):
        return BidSheet(file_name=f"{name}.xlsx", bidder=name, sw_name=sw,
                        unit_prices={"U01": Decimal(u01), "U02": Decimal(0), "E01": Decimal(0)},
                        refusals=[] if sw else [Refusal(SW, "Inschrijver!B3", "Geen SW-bedrijf.")])

    bids = [sheet("Groen B.V.", "40"), sheet("Noord", "41"), sheet("Solo", "30", sw="")]
    rows = [AssessmentRow(b, "consensus", k, s, f"motivering {b} {k}")
            for b, scores in (("Groen B.V.", ("3", "2")), ("Noord", ("2", "2"))) for k, s in zip(("K1", "K2"), scores, strict=True)]
    return evaluate(method(), bids, rows)


def test_letters_read_well():
    result = _result()
    assert result["winner"] == "Groen B.V."
    loser = build_letter(result, "Noord", send_date=dt.date(2026, 3, 2))
    assert "B.V.." not in loser.text() and "Groen B.V. Wij gunnen niet aan u." in loser.text()
    solo = build_letter(result, "Solo", send_date=dt.date(2026, 3, 2))
    table = [b for b in solo.blocks if b[0] == "table"][-1]
    assert table[1] == ["Criterium", "Score winnaar", "Deel winnaar", "Motivering"]
    assert "motivering Groen B.V. K1" in solo.text()

    from docx import Document

    document = Document(io.BytesIO(letter_docx(loser)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "€\u00a0" in text and "€ " not in text
    widths = [c.width for c in document.tables[0].rows[0].cells]
    assert widths[-1] > 2 * widths[2]  # the motivation column is the wide one
    pdf = letter_pdf(loser)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)  # an embedded Unicode font: the euro sign prints, no "EUR" or "?" stand-ins
    assert "€ " in text and "EUR" not in text and "Pagina 1 van" in text and "Groen B.V." in text
