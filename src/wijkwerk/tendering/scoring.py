"""The objective evaluation of a tender: fictitious prices, abnormally low flags, shortlist,
quality values from the assessments, final prices, ranks and the winner.

Pure Python (Decimal): no Django. Definitions (also in `wijkwerk tender-evaluate --help`):

- fictitious price = sum over the price items of unit price x fictitious quantity, computed
  exactly and rounded to cents (ROUND_HALF_UP) once, at the end.
- abnormally low: fictitious price < `abnormally_low` x the median of the valid bids'
  fictitious prices (median of an even number = mean of the middle two). A flag only: such a
  bid is never rejected by the calculation; it needs a recorded follow-up.
- shortlist: the `shortlist` valid bids with the lowest fictitious price; bids tied with the
  last place at the cut-off are all included.
- quality value = sum over the criteria of max_value x share(score); in consensus mode the score
  of the `consensus` row; in average mode the mean of the assessors' SHARES (not of the scores),
  or the consensus row when no assessor scored. Computed exactly, rounded to cents once at the end.
- final price = fictitious price (cents) - quality value (cents). Lowest final price wins.
- rank: 1 + the number of shortlisted, fully assessed bids with a strictly lower final price
  (equal final prices share a rank). `tie` is true when two or more bids share rank 1; then
  `winner` is null (unless a drawing of lots has been recorded) and `tied` lists them.
- a score without motivation, a score not on the scale, an unknown bidder or criterion: the row
  is refused with a message and does not count. A shortlisted bid missing a score for a criterion
  gets no quality value, final price or rank.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

from . import billsheet
from .billsheet import BidSheet, Refusal
from .method import Method, normalise_score

CENT = Decimal("0.01")
CONSENSUS = "consensus"
ASSESSMENT_COLUMNS = ("bidder", "assessor", "criterion", "score", "motivation")

# Which knock-out of the method a refusal falls under: the first knock-out (in the method's
# order) whose description mentions one of these words; otherwise the built-in code.
CATEGORY_KEYWORDS: dict[str, tuple[str, ...]] = {
    billsheet.SW: ("sw-bedrijf", "sw bedrijf", "swbedrijf", "sw-partner", "sociale werkvoorziening",
                   "sociaal werkbedrijf", "sw-organisatie"),
    billsheet.PRICE: ("eenheidsprijs", "eenheidsprijzen", "prijzen", "volledig ingevuld", "inschrijfbiljet",
                      "biljet"),
    billsheet.SHEET: ("ongewijzigd", "gewijzigd", "hoeveelhe", "inschrijfbiljet", "biljet"),
    billsheet.FINGERPRINT: ("vingerafdruk", "inschrijfbiljet", "biljet"),
    billsheet.NAME: ("naam inschrijver", "naam van de inschrijver"),
    billsheet.FILE: ("inschrijfbiljet", "biljet"),
    billsheet.DUPLICATE: ("één inschrijving", "een inschrijving per"),
}
BUILTIN_CODES = {
    billsheet.SW: "KO-SW", billsheet.PRICE: "KO-PRIJS", billsheet.SHEET: "KO-BILJET",
    billsheet.FINGERPRINT: "KO-METHODE", billsheet.NAME: "KO-NAAM", billsheet.FILE: "KO-BESTAND",
    billsheet.DUPLICATE: "KO-DUBBEL",
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def knockout_code(method: Method, category: str) -> str:
    words = CATEGORY_KEYWORDS.get(category, ())
    for knockout in method.knockouts:
        text = knockout.description.casefold()
        if any(word in text for word in words):
            return knockout.code
        if category == billsheet.SW and re.search(r"\bsw\b", text):
            return knockout.code
    return BUILTIN_CODES.get(category, "KO")


# --- assessments ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentRow:
    bidder: str
    assessor: str
    criterion: str
    score: str
    motivation: str
    line: int | None = None

    @property
    def is_consensus(self) -> bool:
        return self.assessor.strip().casefold() == CONSENSUS


class AssessmentFileError(ValueError):
    """The assessments file cannot be read at all (Dutch message)."""


def read_assessments_csv(source: str | Path | bytes) -> list[AssessmentRow]:
    """Reads the assessments CSV (columns bidder, assessor, criterion, score, motivation; comma
    or semicolon separated; UTF-8 or Windows-1252)."""
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise AssessmentFileError(f"Kan het beoordelingsbestand '{source}' niet lezen: "
                                      f"{exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first and "," not in first else ",")
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise AssessmentFileError("Het beoordelingsbestand is leeg.") from None
    names = [h.strip().casefold() for h in header]
    missing = [c for c in ASSESSMENT_COLUMNS if c not in names]
    if missing:
        raise AssessmentFileError(f"Het beoordelingsbestand mist de kolom(men): {', '.join(missing)} "
                                  f"(nodig: {', '.join(ASSESSMENT_COLUMNS)}).")
    index = {c: names.index(c) for c in ASSESSMENT_COLUMNS}
    rows = []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (len(names) - len(values))
        rows.append(AssessmentRow(**{c: values[i].strip() for c, i in index.items()}, line=line))
    return rows


def _check_rows(method: Method, rows: list[AssessmentRow], names: dict[str, str],
                shortlisted: set[str]) -> tuple[list[AssessmentRow], list[dict]]:
    """Accepted rows (bidder replaced by the bid's name) and the refused ones with a message."""
    accepted: list[AssessmentRow] = []
    errors: list[dict] = []
    seen: set[tuple[str, str, str]] = set()

    def refuse(row: AssessmentRow, message: str) -> None:
        errors.append({"line": row.line, "bidder": row.bidder, "assessor": row.assessor,
                       "criterion": row.criterion, "message": message})

    for row in rows:
        where = f"regel {row.line}: " if row.line else ""
        bidder = names.get(row.bidder) or names.get(row.bidder.casefold())
        if not row.bidder:
            refuse(row, f"{where}de inschrijver ontbreekt.")
            continue
        if bidder is None:
            refuse(row, f"{where}inschrijver '{row.bidder}' is onbekend.")
            continue
        if bidder not in shortlisted:
            refuse(row, f"{where}'{bidder}' staat niet op de shortlist en wordt niet beoordeeld.")
            continue
        if not row.assessor:
            refuse(row, f"{where}de beoordelaar ontbreekt.")
            continue
        if method.criterion(row.criterion) is None:
            refuse(row, f"{where}criterium '{row.criterion}' staat niet in de methode.")
            continue
        if method.score_share(row.score) is None:
            refuse(row, f"{where}score '{row.score}' staat niet op de schaal "
                        f"({', '.join(method.scale)}).")
            continue
        if not row.motivation.strip():
            refuse(row, f"{where}score zonder motivering geweigerd ({bidder}, {row.criterion}, "
                        f"{row.assessor}).")
            continue
        key = (bidder, row.assessor.casefold(), row.criterion)
        if key in seen:
            refuse(row, f"{where}{row.assessor} heeft {bidder} op {row.criterion} al eerder gescoord; "
                        "deze regel telt niet.")
            continue
        seen.add(key)
        accepted.append(AssessmentRow(bidder, row.assessor, row.criterion, normalise_score(row.score),
                                      row.motivation.strip(), row.line))
    return accepted, errors


# --- evaluation ----------------------------------------------------------------------------------


def _median(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def evaluate(method: Method, bids: list[BidSheet], assessments: list[AssessmentRow] | None = None, *,
             lot_winner: str | None = None) -> dict:
    """The whole evaluation as a dict with Decimal amounts (see `as_json` for the JSON form).
    `bids` are taken in the given order (callers sort them, e.g. by file name)."""
    with localcontext() as ctx:
        ctx.prec = 60
        return _evaluate(method, bids, assessments, lot_winner)


def _evaluate(method: Method, bids: list[BidSheet], assessments, lot_winner) -> dict:
    counts: dict[str, int] = {}
    for bid in bids:
        if bid.bidder:
            counts[bid.bidder.casefold()] = counts.get(bid.bidder.casefold(), 0) + 1
    entries = []
    for bid in bids:
        refusals = list(bid.refusals)
        if bid.bidder and counts[bid.bidder.casefold()] > 1:
            refusals.append(Refusal(billsheet.DUPLICATE, f"{billsheet.SHEET_BIDDER}!B1",
                                    f"Er is meer dan één inschrijving van '{bid.bidder}'."))
        knockouts: list[str] = []
        for refusal in refusals:
            code = knockout_code(method, refusal.category)
            if code not in knockouts:
                knockouts.append(code)
        order = {k.code: i for i, k in enumerate(method.knockouts)}
        knockouts.sort(key=lambda c: (order.get(c, len(order)), c))
        valid = not refusals
        fictive = None
        if valid:
            fictive = cents(sum((bid.unit_prices[i.code] * i.fictive_quantity for i in method.price_items),
                                Decimal(0)))
        entries.append({
            "bidder": bid.name, "file": bid.file_name, "valid": valid, "knockouts": knockouts,
            "refusals": [{"code": knockout_code(method, r.category), **r.as_json()} for r in refusals],
            "fictive_price": fictive, "abnormally_low": False, "shortlisted": False,
            "quality_value": None, "final_price": None, "rank": None, "criteria": [],
            "sw_name": bid.sw_name,
        })

    valid_entries = [e for e in entries if e["valid"]]
    median = _median([e["fictive_price"] for e in valid_entries])
    threshold = cents(method.abnormally_low * median) if median is not None else None
    for entry in valid_entries:
        entry["abnormally_low"] = entry["fictive_price"] < method.abnormally_low * median

    ordered = sorted(valid_entries, key=lambda e: (e["fictive_price"], e["bidder"].casefold()))
    if len(ordered) > method.shortlist:
        cutoff = ordered[method.shortlist - 1]["fictive_price"]
        shortlist = [e for e in ordered if e["fictive_price"] <= cutoff]
    else:
        shortlist = ordered
    for entry in shortlist:
        entry["shortlisted"] = True

    result = {
        "method_sha256": method.sha256, "title": method.title, "mode": method.mode,
        "median_fictive_price": median if median is None else cents(median),
        "abnormally_low_threshold": threshold, "shortlist_size": method.shortlist,
        "bids": entries, "winner": None, "tie": False, "tied": [], "lot": False,
        "assessed": assessments is not None, "assessment_errors": [], "messages": [],
    }
    if assessments is None:
        return result

    names: dict[str, str] = {}
    for entry in entries:
        if entry["valid"]:
            names.setdefault(entry["bidder"], entry["bidder"])
            names.setdefault(entry["bidder"].casefold(), entry["bidder"])
    shortlisted = {e["bidder"] for e in shortlist}
    rows, errors = _check_rows(method, assessments, names, shortlisted)
    result["assessment_errors"] = errors
    by_key: dict[tuple[str, str], list[AssessmentRow]] = {}
    for row in rows:
        by_key.setdefault((row.bidder, row.criterion), []).append(row)

    complete = []
    for entry in shortlist:
        total = Decimal(0)
        missing = []
        for criterion in method.criteria:
            group = by_key.get((entry["bidder"], criterion.code), [])
            consensus = [r for r in group if r.is_consensus]
            individual = sorted((r for r in group if not r.is_consensus), key=lambda r: r.assessor.casefold())
            share = None
            if method.mode == "consensus" or not individual:
                if consensus:
                    share = method.score_share(consensus[0].score)
            else:
                share = sum((method.score_share(r.score) for r in individual), Decimal(0)) / len(individual)
            detail = {
                "code": criterion.code, "description": criterion.description, "max_value": criterion.max_value,
                "score": consensus[0].score if (consensus and (method.mode == "consensus" or not individual))
                else None,
                "share": share, "value": None if share is None else criterion.max_value * share,
                "consensus_motivation": consensus[0].motivation if consensus else "",
                "assessors": [{"assessor": r.assessor, "score": r.score, "motivation": r.motivation}
                              for r in individual],
            }
            entry["criteria"].append(detail)
            if share is None:
                missing.append(criterion.code)
            else:
                total += criterion.max_value * share
        if missing:
            result["messages"].append(f"{entry['bidder']}: geen {'consensus' if method.mode == 'consensus' else ''}"
                                      f"score voor {', '.join(missing)}; geen eindprijs en geen rangorde.")
            continue
        entry["quality_value"] = cents(total)
        entry["final_price"] = entry["fictive_price"] - entry["quality_value"]
        complete.append(entry)

    for entry in complete:
        entry["rank"] = 1 + sum(1 for other in complete if other["final_price"] < entry["final_price"])
    first = sorted((e["bidder"] for e in complete if e["rank"] == 1), key=str.casefold)
    if len(first) == 1:
        result["winner"] = first[0]
    elif len(first) > 1:
        result["tie"] = True
        result["tied"] = first
        if lot_winner in first:
            result["winner"] = lot_winner
            result["lot"] = True
    return result


AMOUNT_KEYS = {"fictive_price", "quality_value", "final_price", "median_fictive_price",
               "abnormally_low_threshold", "max_value", "value"}


def as_json(result) -> object:
    """Decimals to JSON numbers: amounts rounded to cents (a float prints as its shortest
    decimal, so 1234.50 -> 1234.5 and never 0.30000000000000004); shares as plain numbers."""
    if isinstance(result, dict):
        out = {}
        for key, value in result.items():
            if key in AMOUNT_KEYS and isinstance(value, Decimal):
                out[key] = float(cents(value))
            else:
                out[key] = as_json(value)
        return out
    if isinstance(result, (list, tuple)):
        return [as_json(v) for v in result]
    if isinstance(result, Decimal):
        return float(result)
    return result


def public_result(result: dict) -> dict:
    """The JSON form with the interface keys first (the extra keys after them)."""
    data = as_json(result)
    keys = ("bidder", "valid", "knockouts", "fictive_price", "abnormally_low", "shortlisted",
            "quality_value", "final_price", "rank")
    data["bids"] = [{**{k: b[k] for k in keys}, **{k: v for k, v in b.items() if k not in keys}}
                    for b in data["bids"]]
    head = {k: data.pop(k) for k in ("method_sha256", "bids", "winner", "tie")}
    return {**head, **data}
