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

import re
from decimal import ROUND_HALF_UP, Decimal, localcontext

from django.utils.translation import gettext

from . import billsheet
from .assessments import CONSENSUS as CONSENSUS  # the assessments, also for the callers of scoring
from .assessments import AssessmentFileError as AssessmentFileError
from .assessments import AssessmentRow as AssessmentRow
from .assessments import check_rows, name_key
from .assessments import read_assessments_csv as read_assessments_csv
from .billsheet import BidSheet, Refusal
from .method import Method

CENT = Decimal("0.01")

# Which knock-out of the method a refusal falls under. First the SPECIFIC words of the category
# are tried against every knock-out description (in the method's order), then the GENERAL words
# ("inschrijfbiljet"), so "Alle eenheidsprijzen ingevuld" wins the price refusals over an earlier
# "Ongewijzigd inschrijfbiljet". When nothing matches, the built-in code (KO-PRIJS, ...) is used.
CATEGORY_KEYWORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    billsheet.SW: (("sw-bedrijf", "sw bedrijf", "swbedrijf", "sw-partner", "sw-organisatie", "sw-onderneming",
                    "sociale werkvoorziening", "sociaal werkbedrijf", "werkvoorziening", "wsw",
                    "sheltered"), ()),
    billsheet.PRICE: (("eenheidsprijs", "eenheidsprijzen", "prijzen", "prijs", "tarief", "tarieven",
                       "volledig ingevuld", "volledig"), ("inschrijfbiljet", "biljet", "prijsblad")),
    billsheet.SHEET: (("ongewijzigd", "gewijzigd", "hoeveelhe", "integriteit", "regels"),
                      ("inschrijfbiljet", "biljet", "prijsblad")),
    billsheet.FINGERPRINT: (("vingerafdruk", "deze aanbesteding", "juiste", "methode"),
                            ("ongewijzigd", "inschrijfbiljet", "biljet", "prijsblad")),
    billsheet.NAME: (("naam inschrijver", "naam van de inschrijver", "inschrijver bekend"), ()),
    billsheet.FILE: (("leesbaar", "bestand"), ("inschrijfbiljet", "biljet", "prijsblad")),
    billsheet.DUPLICATE: (("één inschrijving", "een inschrijving per", "maximaal één"), ()),
}
BUILTIN_CODES = {
    billsheet.SW: "KO-SW", billsheet.PRICE: "KO-PRIJS", billsheet.SHEET: "KO-BILJET",
    billsheet.FINGERPRINT: "KO-METHODE", billsheet.NAME: "KO-NAAM", billsheet.FILE: "KO-BESTAND",
    billsheet.DUPLICATE: "KO-DUBBEL",
}


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def knockout_code(method: Method, category: str) -> str:
    specific, general = CATEGORY_KEYWORDS.get(category, ((), ()))
    texts = [(k.code, k.description.casefold()) for k in method.knockouts]
    for words in (specific, general):
        for word in words:  # the words in order of preference, then the knock-outs in the method's order
            for code, text in texts:
                if word in text:
                    return code
    if category == billsheet.SW:
        for code, text in texts:
            if re.search(r"\bsw\b", text):
                return code
    return BUILTIN_CODES.get(category, "KO")


def knockout_mapping(method: Method) -> dict[str, str]:
    """For the report and the help: refusal category -> the knock-out code used."""
    return {category: knockout_code(method, category) for category in BUILTIN_CODES}


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
            counts[name_key(bid.bidder)] = counts.get(name_key(bid.bidder), 0) + 1
    entries = []
    for bid in bids:
        refusals = list(bid.refusals)
        if bid.bidder and counts[name_key(bid.bidder)] > 1:
            refusals.append(Refusal(billsheet.DUPLICATE, f"{billsheet.SHEET_BIDDER}!B1",
                                    gettext("Er is meer dan één inschrijving van '%(bidder)s'.") % {"bidder": bid.bidder}))
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
    refused: dict[str, str] = {}
    for entry in entries:
        if entry["valid"]:
            names.setdefault(name_key(entry["bidder"]), entry["bidder"])
    for entry in entries:
        if not entry["valid"] and name_key(entry["bidder"]) not in names:
            refused.setdefault(name_key(entry["bidder"]), f"'{entry['bidder']}' ({', '.join(entry['knockouts'])})")
    shortlisted = {e["bidder"] for e in shortlist}
    rows, errors = check_rows(method, assessments, names, shortlisted, refused)
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
            if method.mode == "consensus":
                message = gettext("%(bidder)s: geen consensusscore voor %(codes)s; geen eindprijs en geen rangorde.")
            else:
                message = gettext("%(bidder)s: geen score voor %(codes)s; geen eindprijs en geen rangorde.")
            result["messages"].append(message % {"bidder": entry["bidder"], "codes": ", ".join(missing)})
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
