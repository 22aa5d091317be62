"""Award decision letters ("gunningsbeslissing"), one per bidder, as PDF (fpdf2) and DOCX
(python-docx). No Django models or requests: the PDF uses the shared report layout of
`wijkwerk.core.pdf`.

A letter holds: the bidder's own result (knock-outs with cell and reason, or scores and
motivations per criterion, quality value, final price and rank), the winner's name, the winner's
scores per criterion and relative advantages, the winner's final price, and the end of the
standstill period (20 calendar days after sending). Other bidders' prices are never in it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from wijkwerk.core.pdf import Column, ReportPdf

STANDSTILL_DAYS = 20
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december")


def standstill_end(send_date: dt.date) -> dt.date:
    return send_date + dt.timedelta(days=STANDSTILL_DAYS)


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def money(value: Decimal | float | None) -> str:
    if value is None:
        return "-"
    text = f"{Decimal(str(value)):,.2f}"
    return "€ " + text.replace(",", "X").replace(".", ",").replace("X", ".")


def share_text(share) -> str:
    if share is None:
        return "-"
    return f"{Decimal(str(share)) * 100:.0f}%".replace(".", ",")


@dataclass
class Letter:
    bidder: str
    title: str
    blocks: list[tuple] = field(default_factory=list)  # ("h", text) | ("p", text) | ("table", headers, rows)

    def h(self, text: str) -> None:
        self.blocks.append(("h", text))

    def p(self, text: str) -> None:
        self.blocks.append(("p", text))

    def table(self, headers: list[str], rows: list[list[str]], widths: tuple[int, ...] | None = None) -> None:
        """`widths`: relative column widths (the PDF uses them; DOCX fits itself)."""
        self.blocks.append(("table", headers, rows, widths))

    def text(self) -> str:
        lines = [self.title]
        for block in self.blocks:
            if block[0] == "table":
                lines.append(" | ".join(block[1]))
                lines.extend(" | ".join(row) for row in block[2])
            else:
                lines.append(block[1])
        return "\n".join(lines)


def _end(text: str) -> str:
    """A sentence ending in a name: no second full stop after "B.V."."""
    return text if text.endswith((".", "!", "?")) else text + "."


def _score_label(criterion: dict) -> str:
    if criterion.get("score") is not None:
        return str(criterion["score"])
    scores = [a["score"] for a in criterion.get("assessors", [])]
    return ("gemiddeld van " + ", ".join(scores)) if scores else "-"


def _motivation(criterion: dict) -> str:
    if criterion.get("consensus_motivation") and criterion.get("score") is not None:
        return criterion["consensus_motivation"]
    parts = [f"{a['assessor']} ({a['score']}): {a['motivation']}" for a in criterion.get("assessors", [])]
    return " / ".join(parts) or criterion.get("consensus_motivation", "") or "-"


def build_letter(result: dict, bidder: str, *, send_date: dt.date, organisation: str = "de gemeente",
                 lot_note: str = "") -> Letter:
    """The content of the letter to `bidder` (the bid's name as in `result["bids"]`)."""
    bids = {b["bidder"]: b for b in result["bids"]}
    own = bids[bidder]
    winner_name = result.get("winner")
    winner = bids.get(winner_name) if winner_name else None
    end = standstill_end(send_date)
    is_winner = winner_name == bidder
    letter = Letter(bidder=bidder, title=f"Gunningsbeslissing {result.get('title', '')}".strip())
    letter.p(f"Datum: {dutch_date(send_date)}")
    letter.p(f"Aan: {bidder}")
    letter.p(f"Onderwerp: gunningsbeslissing aanbesteding '{result.get('title', '')}'")
    letter.p("Geachte heer, mevrouw,")
    if is_winner:
        letter.p(f"Namens {organisation} laten wij u weten dat wij voornemens zijn de opdracht aan u te gunnen. "
                 "Uw inschrijving heeft de laagste fictieve eindprijs (beste prijs-kwaliteitverhouding).")
    elif winner_name:
        letter.p(f"Namens {organisation} laten wij u weten dat wij voornemens zijn de opdracht te gunnen aan "
                 f"{_end(winner_name)} Wij gunnen niet aan u. Hieronder leest u waarom.")
    else:
        letter.p(f"Namens {organisation} laten wij u weten hoe uw inschrijving is beoordeeld.")
    if lot_note:
        letter.p(lot_note)

    letter.h("Uw inschrijving")
    if not own["valid"]:
        letter.p("Uw inschrijving is ongeldig en daarom niet verder beoordeeld, om de volgende reden(en):")
        letter.table(["Knock-out", "Cel", "Reden"],
                     [[r["code"], r["cell"] or own.get("file", ""), r["reason"]] for r in own["refusals"]],
                     widths=(16, 26, 78))
    else:
        letter.p(f"Uw fictieve inschrijvingsprijs (eenheidsprijzen x fictieve hoeveelheden): "
                 f"{money(own['fictive_price'])}.")
        if own.get("abnormally_low"):
            letter.p("Uw prijs lag onder de grens voor abnormaal lage inschrijvingen; dit is onderzocht.")
        if not own["shortlisted"]:
            letter.p(f"Alleen de {result.get('shortlist_size')} inschrijvingen met de laagste fictieve prijs zijn "
                     "uitgenodigd voor de kwalitatieve beoordeling. Uw inschrijving hoorde daar niet bij.")
        elif own["criteria"]:
            letter.p("Uw inschrijving is door de beoordelingscommissie beoordeeld, zonder kennis van de prijzen. "
                     "Per criterium uw score, het deel van de maximale waarde en de motivering (waarom deze score "
                     "en niet de hoogste):")
            letter.table(["Criterium", "Maximale waarde", "Uw score", "Deel", "Waarde", "Motivering"],
                         [[f"{c['code']} {c['description']}", money(c["max_value"]), _score_label(c),
                           share_text(c["share"]), money(c["value"]), _motivation(c)] for c in own["criteria"]],
                         widths=(30, 22, 13, 11, 22, 58))
            if own["final_price"] is not None:
                letter.p(f"Uw kwaliteitswaarde: {money(own['quality_value'])}. Uw fictieve eindprijs (fictieve prijs "
                         f"min kwaliteitswaarde): {money(own['final_price'])}. Uw plaats in de rangorde: "
                         f"{own['rank']}.")

    if winner is not None and not is_winner:
        letter.h(f"De winnende inschrijving: {winner_name}")
        letter.p(f"De fictieve eindprijs van {winner_name} is {money(winner['final_price'])} "
                 f"(plaats 1 in de rangorde).")
        if winner["criteria"]:
            own_by_code = {c["code"]: c for c in own.get("criteria", [])}
            rows = []
            advantages = []
            for c in winner["criteria"]:
                mine = own_by_code.get(c["code"])
                rows.append([f"{c['code']} {c['description']}", _score_label(c), share_text(c["share"]),
                             _score_label(mine) if mine else "-", share_text(mine["share"]) if mine else "-"])
                if mine and mine["share"] is not None and c["share"] is not None and c["share"] > mine["share"]:
                    advantages.append(f"{c['code']} {c['description']}: {winner_name} scoorde hoger "
                                      f"({share_text(c['share'])} tegen {share_text(mine['share'])} van de maximale "
                                      f"waarde), een voordeel van {money(c['value'] - mine['value'])}. "
                                      f"Motivering bij de winnaar: {_motivation(c)}")
            if any(c["share"] is not None for c in own_by_code.values()):
                letter.p("De scores van de winnaar per criterium, naast de uwe:")
                letter.table(["Criterium", "Score winnaar", "Deel winnaar", "Uw score", "Uw deel"], rows,
                             widths=(52, 17, 17, 17, 17))
            else:  # not assessed (knocked out or not on the shortlist): only the winner's scores
                letter.p("De scores van de winnaar per criterium, met de motivering:")
                letter.table(["Criterium", "Score winnaar", "Deel winnaar", "Motivering"],
                             [[f"{c['code']} {c['description']}", _score_label(c), share_text(c["share"]),
                               _motivation(c)] for c in winner["criteria"]], widths=(34, 14, 14, 58))
            if advantages:
                letter.p("Relatieve voordelen van de winnende inschrijving:")
                for text in advantages:
                    letter.p("- " + text)
            elif own.get("criteria"):
                letter.p("De winnaar scoorde op geen enkel criterium hoger dan u; het verschil zit in de prijs.")

    if result.get("tie") and not winner_name:
        letter.p("Meerdere inschrijvingen hebben dezelfde laagste eindprijs. De winnaar wordt door loting "
                 "bepaald; de betrokken inschrijvers worden daarvoor uitgenodigd.")
    letter.h("Opschortende termijn")
    letter.p(f"Tegen deze beslissing kunt u tot en met {dutch_date(end)} bezwaar maken of een kort geding "
             f"aanhangig maken (opschortende termijn van {STANDSTILL_DAYS} kalenderdagen na verzending op "
             f"{dutch_date(send_date)}). Na afloop van deze termijn wordt de opdracht definitief gegund als er "
             "geen kort geding is aangespannen.")
    letter.p("Met vriendelijke groet,")
    letter.p(organisation)
    return letter


# --- rendering -----------------------------------------------------------------------------------

PDF_TEXT_WIDTH = 180  # mm: A4 minus the report margins


def _align(values: list[str]) -> str:
    """Amounts ("€ 1.234,50") and shares ("60%") right-aligned, everything else left."""
    filled = [str(v) for v in values if str(v) not in ("", "-")]
    numeric = filled and all(v.startswith("€") or (v.endswith("%") and v[:-1].replace(",", "").lstrip("-").isdigit())
                             for v in filled)
    return "R" if numeric else "L"


def letter_pdf(letter: Letter) -> bytes:
    """The letter as PDF on the Wijkwerk report layout (embedded Unicode font: the euro sign and
    every name print as written; page numbers)."""
    pdf = ReportPdf(letter.title)
    pdf.set_lang("nl")
    for block in letter.blocks:
        if block[0] == "h":
            pdf.heading(block[1], level=2)
        elif block[0] == "p":
            pdf.paragraph(_docx_text(block[1]))
        else:
            headers, rows = block[1], block[2]
            widths = (block[3] if len(block) > 3 else None) or (1,) * len(headers)
            columns = [Column(heading, PDF_TEXT_WIDTH * width / sum(widths), _align([row[i] for row in rows]))
                       for i, (heading, width) in enumerate(zip(headers, widths, strict=True))]
            pdf.table(columns, [[_docx_text(value) for value in row] for row in rows])
    return pdf.output_bytes()


def _docx_text(text) -> str:
    """Amounts never break between the euro sign and the number (in Word and in the PDF)."""
    return str(text).replace("€ ", "€\u00a0")


def letter_docx(letter: Letter) -> bytes:
    # local: python-docx adds about 0.2 s to every start (each command's checks load the pages); only Word letters need it
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    document.core_properties.title = letter.title
    document.core_properties.language = "nl-NL"
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    usable = section.page_width - section.left_margin - section.right_margin
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    document.add_heading(letter.title, level=1)
    for block in letter.blocks:
        if block[0] == "h":
            document.add_heading(block[1], level=2)
        elif block[0] == "p":
            document.add_paragraph(_docx_text(block[1]))
        else:
            headers, rows = block[1], block[2]
            widths = block[3] if len(block) > 3 and block[3] else (1,) * len(headers)
            columns = [int(usable * w / sum(widths)) for w in widths]
            table = document.add_table(rows=1, cols=len(headers))
            table.style = "Table Grid"
            table.autofit = False
            for values, bold in [(headers, True)] + [(r, False) for r in rows]:
                cells = table.rows[0].cells if bold else table.add_row().cells
                for cell, text, width in zip(cells, values, columns, strict=True):
                    cell.width = width
                    cell.text = _docx_text(text)
                    for paragraph in cell.paragraphs:
                        paragraph.paragraph_format.space_after = Pt(0)
                        for run in paragraph.runs:
                            run.font.size = Pt(9)
                            run.bold = bold
            for column, width in zip(table.columns, columns, strict=True):
                column.width = width
            document.add_paragraph()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def safe_file_name(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_ ." else "_" for ch in name).strip().replace(" ", "_")
    return keep[:80] or "inschrijver"
