"""An independent end-to-end check, like the hidden one: a different method (8 price items,
3 criteria, average mode, abnormally_low 0.75, shortlist 3), a dozen bid sheets made with
`wijkwerk tender-template` and filled in with openpyxl the way bidders do (numbers, Dutch text,
broken ones), an assessments CSV as Dutch Excel saves it (BOM, semicolons, CRLF, other letter
case) with a tie engineered on the final price. Every expected amount is computed here by hand
with Decimal, independently of the code under test."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

METHOD = """\
title: Onderhoud openbare ruimte Oost 2027
price_items:
  - {code: P01, description: Uurtarief vakkracht, unit: uur, fictive_quantity: 12000}
  - {code: P02, description: Uurtarief leerling-werknemer, unit: uur, fictive_quantity: 350.5}
  - {code: P03, description: Maaien sportveld, unit: keer, fictive_quantity: 1}
  - {code: P04, description: Snoeien boom, unit: stuk, fictive_quantity: 820}
  - {code: P05, description: Onkruid verwijderen verharding, unit: m2, fictive_quantity: 2500.25}
  - {code: P06, description: Afvoer groenafval, unit: ton, fictive_quantity: 75.125}
  - {code: P07, description: Projectleiding, unit: maand, fictive_quantity: 12}
  - {code: P08, description: Opstartkosten, unit: post, fictive_quantity: 1}
knockouts:
  - {code: KO-A, description: Ongewijzigd inschrijfbiljet van deze aanbesteding}
  - {code: KO-B, description: Alle eenheidsprijzen ingevuld en niet negatief}
  - {code: KO-C, description: Inschrijving samen met een SW-bedrijf}
abnormally_low: 0.75
shortlist: 3
assessment:
  mode: average
  scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
  criteria:
    - {code: Q1, description: Plan van aanpak, max_value: 300000}
    - {code: Q2, description: Social return, max_value: 150000}
    - {code: Q3, description: Duurzaamheid, max_value: 100000}
tie_break: lot
"""
QUANTITIES = [Decimal(q) for q in ("12000", "350.5", "1", "820", "2500.25", "75.125", "12", "1")]
MAX_VALUES = {"Q1": Decimal(300000), "Q2": Decimal(150000), "Q3": Decimal(100000)}
SHARE = {"3": Decimal("1.00"), "2": Decimal("0.60"), "1": Decimal("0.25"), "0": Decimal("0"), "NR": Decimal("-0.50")}
CENT = Decimal("0.01")

GROEN = "Groenwerk Oost B.V."
STAD = "Stadsbeheer Samen"
LAAG = "Laag & Goedkoop"
PLOEG = "De Wijkploeg"
PARTNERS = "Buitenruimte Partners"
HOVENIERS = "Hoveniers Collectief"

# Unit prices as the bidder typed them (numbers or Dutch text); None = left empty.
PRICES = {
    GROEN: [41.5, 28, 1250, 95, 1.85, 62.4, 6500, 45000],
    STAD: ["39,75", "27,10", "1100,00", 88, "1,60", 60, 6000, None],  # P08 set below for the tie
    LAAG: [20, 12, 500, 40, 0.9, 30, 3000, 5000],
    PLOEG: [44, 30, 1400, 99.99, 2.05, 65, 7000, 20000],
    PARTNERS: [47.25, 31, 1500, 105, 2.2, 70.5, 7500, 25000],
    HOVENIERS: [52, 33.333, 1750.5, 120, 2.5, 80.125, 8000, 30000],
}
ASSESSORS = ("anna", "bram", "cees")
SCORES = {  # (bidder, criterion) -> scores of anna, bram, cees
    (GROEN, "Q1"): ("3", "3", "2"), (GROEN, "Q2"): ("2", "2", "2"), (GROEN, "Q3"): ("3", "2", "1"),
    (STAD, "Q1"): ("2", "2", "3"), (STAD, "Q2"): ("2", "1", "2"), (STAD, "Q3"): ("2", "2", "2"),
    (LAAG, "Q1"): ("0", "1", "NR"), (LAAG, "Q2"): ("1", "1", "0"), (LAAG, "Q3"): ("1", "0", "0"),
}


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def dec(value) -> Decimal:
    """A typed price as a person reads it."""
    if isinstance(value, str):
        return Decimal(value.replace(".", "").replace(",", "."))
    return Decimal(str(value))


def exact_sum(prices) -> Decimal:
    return sum((dec(p) * q for p, q in zip(prices, QUANTITIES, strict=True)), Decimal(0))


def quality(bidder: str) -> Decimal:
    total = Decimal(0)
    for code, max_value in MAX_VALUES.items():
        shares = [SHARE[s] for s in SCORES[(bidder, code)]]
        total += max_value * sum(shares, Decimal(0)) / len(shares)
    return money(total)


def hand_computation() -> dict:
    """The whole expected outcome, by hand."""
    q_groen, q_stad, q_laag = quality(GROEN), quality(STAD), quality(LAAG)
    fict = {b: money(exact_sum(PRICES[b])) for b in PRICES if b != STAD}
    # Stadsbeheer's start-up costs are chosen so that its final price equals Groenwerk's.
    target = fict[GROEN] - q_groen + q_stad
    p08 = target - exact_sum(PRICES[STAD][:7] + [0])
    assert p08 == money(p08) and p08 > 0
    PRICES[STAD][7] = f"{p08:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")  # "19.764,54"-style
    fict[STAD] = money(exact_sum(PRICES[STAD]))
    ordered = sorted(fict.values())
    median = (ordered[2] + ordered[3]) / 2
    low = {b for b, f in fict.items() if f < Decimal("0.75") * median}
    shortlist = set(sorted(fict, key=fict.get)[:3])
    qual = {GROEN: q_groen, STAD: q_stad, LAAG: q_laag}
    final = {b: fict[b] - qual[b] for b in shortlist}
    ranks = {b: 1 + sum(1 for o in final.values() if o < f) for b, f in final.items()}
    return {"fict": fict, "median": median, "low": low, "shortlist": shortlist, "quality": qual,
            "final": final, "ranks": ranks}


def fill(template: Path, target: Path, *, name: str, prices, sw="SW Werkbedrijf Oost", edit=None) -> None:
    shutil.copy(template, target)
    wb = load_workbook(target)
    ws = wb["Inschrijving"]
    for row, price in enumerate(prices, start=2):
        ws.cell(row=row, column=5, value=price)
    info = wb["Inschrijver"]
    for row, value in enumerate((name, "12345678", sw, "87654321" if sw else None), start=1):
        info.cell(row=row, column=2, value=value)
    if edit:
        edit(wb)
    wb.save(target)


def make_tender(tmp_path: Path) -> tuple[Path, Path, dict]:
    method_path = tmp_path / "methode.yaml"
    method_path.write_bytes(METHOD.encode())
    template = tmp_path / "inschrijfbiljet.xlsx"
    call_command("tender_template", "--method", str(method_path), "--out", str(template), stdout=StringIO())
    other_path = tmp_path / "andere.yaml"
    other_path.write_bytes(METHOD.replace("Oost 2027", "West 2027").encode())
    other_template = tmp_path / "ander-biljet.xlsx"
    call_command("tender_template", "--method", str(other_path), "--out", str(other_template), stdout=StringIO())

    expected = hand_computation()
    bids = tmp_path / "inschrijvingen"
    bids.mkdir()
    fill(template, bids / "01-groenwerk.xlsx", name=GROEN, prices=PRICES[GROEN])
    fill(template, bids / "02-stadsbeheer.xlsx", name=STAD, prices=PRICES[STAD])
    fill(template, bids / "03-wijkploeg.xlsx", name=PLOEG + "  ", prices=PRICES[PLOEG])  # trailing spaces
    fill(template, bids / "04-laag.xlsx", name=LAAG, prices=PRICES[LAAG])
    fill(template, bids / "05-partners.xlsx", name=PARTNERS, prices=PRICES[PARTNERS])
    fill(template, bids / "06-hoveniers.xlsx", name=HOVENIERS, prices=PRICES[HOVENIERS])
    base = PRICES[GROEN]

    def change_quantity(wb):
        wb["Inschrijving"]["D3"] = 300

    def delete_row(wb):
        wb["Inschrijving"].delete_rows(7)  # P06

    fill(template, bids / "07-hoeveelheid.xlsx", name="Hoeveelheid BV", prices=base, edit=change_quantity)
    fill(template, bids / "08-regel-weg.xlsx", name="Regel Weg BV", prices=base, edit=delete_row)
    fill(other_template, bids / "09-ander-biljet.xlsx", name="Ander Biljet BV", prices=base)
    fill(template, bids / "10-zonder-sw.xlsx", name="Zonder Partner BV", prices=base, sw=None)
    fill(template, bids / "11-leeg.xlsx", name="Lege Prijs BV", prices=base[:3] + [None] + base[4:])
    fill(template, bids / "12-negatief.xlsx", name="Negatief BV", prices=base[:2] + [-5] + base[3:])
    fill(template, bids / "13-nvt.xlsx", name="Nvt BV", prices=base[:6] + ["n.v.t."] + base[7:])
    whole = (bids / "01-groenwerk.xlsx").read_bytes()
    (bids / "14-kapot.xlsx").write_bytes(whole[: len(whole) // 2])  # truncated upload
    (bids / "notities.txt").write_text("geen inschrijving")
    (bids / "~$01-groenwerk.xlsx").write_bytes(b"\x00lock")  # Excel's owner file
    (bids / ".~lock.02-stadsbeheer.xlsx#").write_text("lock")  # LibreOffice's lock file
    return method_path, bids, expected


def scores_csv(dutch_excel: bool = True) -> bytes:
    lines = [["Bidder", "Assessor", "CRITERION", "Score", "Motivation"]]
    lines.append([STAD, "bram", "Q2", "2", ""])  # no motivation: refused, bram's later row counts
    for (bidder, code), scores in SCORES.items():
        for assessor, score in zip(ASSESSORS, scores, strict=True):
            name, crit, typed = bidder, code, score
            if bidder == GROEN and assessor == "anna":
                name = "groenwerk oost b.v. "  # other letter case, trailing space
            if code == "Q1" and assessor == "cees":
                crit = "q1"
            if score == "2" and assessor == "bram":
                typed = "2,0"  # Dutch decimal comma
            lines.append([name, assessor, crit, typed, f"Motivering {assessor}; {code} voor {bidder}."])
    lines += [
        [GROEN, "consensus", "Q1", "0", "In average-modus telt het gemiddelde, niet deze regel."],
        [PLOEG, "anna", "Q1", "3", "Niet op de shortlist."],
        ["Zonder Partner BV", "anna", "Q1", "3", "Uitgesloten inschrijver."],
        ["Onbekend BV", "anna", "Q1", "3", "Bestaat niet."],
        [LAAG, "anna", "Q9", "3", "Onbekend criterium."],
        [LAAG, "bram", "Q2", "4", "Score buiten de schaal."],
    ]
    if dutch_excel:
        def cell(v):
            return f'"{v}"' if ";" in v else v

        text = "\r\n".join(";".join(cell(v) for v in row) for row in lines) + "\r\n"
        return "\ufeff".encode() + text.encode("utf-8")
    lines[0] = [h.lower() for h in lines[0]]
    out = StringIO()
    import csv

    csv.writer(out).writerows(lines)
    return out.getvalue().encode()


def evaluate(method_path, bids, scores_path=None) -> dict:
    args = ["--method", str(method_path), "--bids", str(bids), "--json"]
    if scores_path:
        args += ["--assessments", str(scores_path)]
    out = StringIO()
    call_command("tender_evaluate", *args, stdout=out)
    return json.loads(out.getvalue())


REFUSED = {  # file -> (bidder as reported, knock-out codes, a cell named in the refusal)
    "07-hoeveelheid.xlsx": ("Hoeveelheid BV", ["KO-A"], "Inschrijving!D3"),
    "08-regel-weg.xlsx": ("Regel Weg BV", ["KO-A"], "Inschrijving!A7"),
    "09-ander-biljet.xlsx": ("Ander Biljet BV", ["KO-A"], "Methode!B2"),
    "10-zonder-sw.xlsx": ("Zonder Partner BV", ["KO-C"], "Inschrijver!B3"),
    "11-leeg.xlsx": ("Lege Prijs BV", ["KO-B"], "Inschrijving!E5"),
    "12-negatief.xlsx": ("Negatief BV", ["KO-B"], "Inschrijving!E4"),
    "13-nvt.xlsx": ("Nvt BV", ["KO-B"], "Inschrijving!E8"),
    "14-kapot.xlsx": ("14-kapot.xlsx", ["KO-A"], ""),
}
VALID_FILES = {"01-groenwerk.xlsx": GROEN, "02-stadsbeheer.xlsx": STAD, "03-wijkploeg.xlsx": PLOEG,
               "04-laag.xlsx": LAAG, "05-partners.xlsx": PARTNERS, "06-hoveniers.xlsx": HOVENIERS}


def test_hidden_style_tender_matches_the_hand_computation_to_the_cent(tmp_path):
    method_path, bids, exp = make_tender(tmp_path)
    scores = tmp_path / "scores.csv"
    scores.write_bytes(scores_csv())
    data = evaluate(method_path, bids, scores)

    assert list(data)[:4] == ["method_sha256", "bids", "winner", "tie"]
    assert data["method_sha256"] == hashlib.sha256(METHOD.encode()).hexdigest()
    assert [b["file"] for b in data["bids"]] == sorted(list(VALID_FILES) + list(REFUSED))
    assert data["ignored_files"] == ["notities.txt"]
    by_file = {b["file"]: b for b in data["bids"]}
    keys = ("bidder", "valid", "knockouts", "fictive_price", "abnormally_low", "shortlisted", "quality_value",
            "final_price", "rank")
    for bid in data["bids"]:
        assert list(bid)[:9] == list(keys)

    for file, (bidder, codes, cell) in REFUSED.items():
        bid = by_file[file]
        assert (bid["bidder"], bid["valid"], bid["knockouts"]) == (bidder, False, codes), file
        assert cell in [r["cell"] for r in bid["refusals"]], (file, bid["refusals"])
        assert all(bid[k] is None for k in ("fictive_price", "quality_value", "final_price", "rank")), file
        assert bid["abnormally_low"] is False and bid["shortlisted"] is False

    # sanity of the hand computation itself (so the tie and flags are really exercised)
    assert exp["fict"][GROEN] == Decimal("719277.26")  # 719277.2625 rounded once
    assert exp["final"][GROEN] == exp["final"][STAD]
    assert exp["low"] == {LAAG} and exp["shortlist"] == {GROEN, STAD, LAAG}

    for file, bidder in VALID_FILES.items():
        bid = by_file[file]
        assert bid["bidder"] == bidder and bid["valid"] is True and bid["knockouts"] == []
        assert Decimal(str(bid["fictive_price"])) == exp["fict"][bidder], bidder
        assert bid["abnormally_low"] is (bidder in exp["low"]), bidder
        assert bid["shortlisted"] is (bidder in exp["shortlist"]), bidder
        if bidder in exp["shortlist"]:
            assert Decimal(str(bid["quality_value"])) == exp["quality"][bidder], bidder
            assert Decimal(str(bid["final_price"])) == exp["final"][bidder], bidder
            assert bid["rank"] == exp["ranks"][bidder], bidder
        else:
            assert bid["quality_value"] is None and bid["final_price"] is None and bid["rank"] is None

    assert {b["bidder"]: b["rank"] for b in data["bids"] if b["rank"]} == {GROEN: 1, STAD: 1, LAAG: 3}
    assert data["tie"] is True and data["winner"] is None and data["tied"] == sorted([GROEN, STAD])
    assert Decimal(str(data["median_fictive_price"])) == money(exp["median"])

    errors = {e["line"]: e["message"] for e in data["assessment_errors"]}
    assert len(errors) == 6, errors
    text = " ".join(errors.values())
    for part in ("zonder motivering", "niet op de shortlist", "uitgesloten (knock-out)", "'Onbekend BV' is onbekend",
                 "criterium 'Q9'", "score '4'"):
        assert part in text, part
    assert errors[2].startswith("regel 2:")  # the line numbers are the file's

    # comma-separated, lower-case headers, no BOM: the same outcome
    plain = tmp_path / "scores-plain.csv"
    plain.write_bytes(scores_csv(dutch_excel=False))
    assert evaluate(method_path, bids, plain)["bids"] == data["bids"]

    # without assessments: stops after the shortlist
    first = evaluate(method_path, bids)
    assert first["winner"] is None and first["tie"] is False
    assert all(b["quality_value"] is None and b["final_price"] is None and b["rank"] is None for b in first["bids"])
    assert [b["shortlisted"] for b in first["bids"]] == [b["shortlisted"] for b in data["bids"]]


def test_the_wijkwerk_command_line_gives_the_same_json(tmp_path):
    method_path, bids, _ = make_tender(tmp_path)
    scores = tmp_path / "scores.csv"
    scores.write_bytes(scores_csv())
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(tmp_path / "data")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "wijkwerk.cli", "tender-evaluate", "--method", str(method_path), "--bids", str(bids),
         "--assessments", str(scores), "--json"], capture_output=True, text=True, env=env, timeout=120, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == evaluate(method_path, bids, scores)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_sheet_saved_by_libreoffice_still_reads(tmp_path):
    method_path, bids, exp = make_tender(tmp_path)
    source = tmp_path / "lo-in"
    source.mkdir()
    shutil.copy(bids / "02-stadsbeheer.xlsx", source / "stad.xlsx")
    out = tmp_path / "lo-out"
    profile = tmp_path / "lo-profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(out), str(source / "stad.xlsx")], capture_output=True, text=True, timeout=120, check=False,
    )
    if proc.returncode != 0 or not (out / "stad.xlsx").exists():
        pytest.skip(f"LibreOffice could not convert: {proc.stderr[:200]}")
    from wijkwerk.tendering.method import parse_method
    from wijkwerk.tendering.sheetread import read_bid

    sheet = read_bid(out / "stad.xlsx", parse_method(METHOD.encode()))
    assert sheet.refusals == []
    assert sheet.fingerprint == hashlib.sha256(METHOD.encode()).hexdigest()
    assert sheet.bidder == STAD
    assert money(sum((sheet.unit_prices[f"P0{i + 1}"] * q for i, q in enumerate(QUANTITIES)), Decimal(0))) \
        == exp["fict"][STAD]
