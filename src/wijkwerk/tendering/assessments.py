"""The assessments of a tender's shortlisted bids as the evaluation takes them: one row per
bidder, assessor and criterion (`AssessmentRow`, assessor `consensus` for the consensus row), read
from the assessments CSV or from the recorded scores, and checked against the method and the
shortlist (`check_rows`). The evaluation itself is in `scoring`.

Pure Python: no Django (only gettext, for the messages).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from .method import Method, normalise_score

CONSENSUS = "consensus"
ASSESSMENT_COLUMNS = ("bidder", "assessor", "criterion", "score", "motivation")


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


COLUMN_ALIASES = {
    "bidder": ("bidder", "inschrijver", "naam inschrijver"),
    "assessor": ("assessor", "beoordelaar"),
    "criterion": ("criterion", "criterium", "gunningscriterium"),
    "score": ("score",),
    "motivation": ("motivation", "motivering", "toelichting"),
}


def name_key(value: str) -> str:
    """How names are compared: case, surrounding and repeated spaces (also non-breaking) do not count."""
    return " ".join(str(value).replace("\u00a0", " ").split()).casefold()


def read_assessments_csv(source: str | Path | bytes) -> list[AssessmentRow]:
    """Reads the assessments CSV: columns bidder, assessor, criterion, score, motivation (any
    letter case; Dutch names inschrijver, beoordelaar, criterium, score, motivering also do);
    comma, semicolon (Dutch Excel) or tab separated, an Excel `sep=;` first line is understood;
    UTF-8 (with or without BOM) or Windows-1252."""
    if isinstance(source, bytes):
        raw = source
    else:
        try:
            raw = Path(source).read_bytes()
        except OSError as exc:
            raise AssessmentFileError(gettext("Kan het beoordelingsbestand '%(path)s' niet lezen: %(error)s.")
                                      % {"path": source, "error": exc.strerror or exc}) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = text.lstrip("\ufeff")
    lines = text.splitlines()
    skip = 0
    while skip < len(lines) and not lines[skip].strip():
        skip += 1
    if skip == len(lines):
        raise AssessmentFileError(gettext("Het beoordelingsbestand is leeg."))
    first = lines[skip]
    match = re.fullmatch(r'\s*"?sep=(.)"?\s*', first, flags=re.IGNORECASE)
    if match:
        delimiter = match.group(1)
        skip += 1
    else:
        counts = {d: first.count(d) for d in (";", ",", "\t")}
        delimiter = max(counts, key=lambda d: (counts[d], d == ","))
    reader = csv.reader(io.StringIO("\n".join(lines[skip:])), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise AssessmentFileError(gettext("Het beoordelingsbestand heeft geen kopregel.")) from None
    names = [name_key(h.strip().strip('"')) for h in header]
    index: dict[str, int] = {}
    for column, aliases in COLUMN_ALIASES.items():
        for position, name in enumerate(names):
            if name in aliases:
                index[column] = position
                break
    missing = [c for c in ASSESSMENT_COLUMNS if c not in index]
    if missing:
        raise AssessmentFileError(
            gettext("Het beoordelingsbestand mist de kolom(men): %(missing)s (nodig: %(needed)s; gevonden: %(found)s).")
            % {"missing": ", ".join(missing), "needed": ", ".join(ASSESSMENT_COLUMNS),
               "found": ", ".join(h.strip() for h in header) or gettext("niets")})
    rows = []
    for values in reader:
        line = reader.line_num + skip
        if not any(v.strip() for v in values):
            continue
        values = values + [""] * (len(names) - len(values))
        rows.append(AssessmentRow(**{c: " ".join(values[i].replace("\u00a0", " ").split()) if c != "motivation"
                                     else values[i].strip() for c, i in index.items()}, line=line))
    return rows


def check_rows(method: Method, rows: list[AssessmentRow], names: dict[str, str],
                shortlisted: set[str], refused: dict[str, str] | None = None
                ) -> tuple[list[AssessmentRow], list[dict]]:
    """Accepted rows (bidder replaced by the bid's name, criterion by the method's code) and the
    refused ones with a message. `names` maps name_key(bid name) -> bid name for the valid bids,
    `refused` the same for knocked-out bids (value: the bid name and its knock-out codes)."""
    accepted: list[AssessmentRow] = []
    errors: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    refused = refused or {}

    def refuse(row: AssessmentRow, message: str) -> None:
        errors.append({"line": row.line, "bidder": row.bidder, "assessor": row.assessor,
                       "criterion": row.criterion, "message": message})

    for row in rows:
        where = gettext("regel %(line)s:") % {"line": row.line} + " " if row.line else ""
        if not row.bidder:
            refuse(row, where + gettext("de inschrijver ontbreekt."))
            continue
        bidder = names.get(name_key(row.bidder))
        if bidder is None:
            if name_key(row.bidder) in refused:
                refuse(row, where + gettext("%(bidder)s is uitgesloten (knock-out) en wordt niet beoordeeld.")
                       % {"bidder": refused[name_key(row.bidder)]})
            else:
                refuse(row, where + gettext("inschrijver '%(bidder)s' is onbekend.") % {"bidder": row.bidder})
            continue
        if bidder not in shortlisted:
            refuse(row, where + gettext("'%(bidder)s' staat niet op de shortlist en wordt niet beoordeeld.")
                   % {"bidder": bidder})
            continue
        if not row.assessor:
            refuse(row, where + gettext("de beoordelaar ontbreekt."))
            continue
        criterion = method.criterion(row.criterion)
        if criterion is None:
            refuse(row, where + gettext("criterium '%(criterion)s' staat niet in de methode (%(codes)s).")
                   % {"criterion": row.criterion, "codes": ", ".join(c.code for c in method.criteria)})
            continue
        if not row.score.strip():
            refuse(row, where + gettext("de score ontbreekt (%(bidder)s, %(criterion)s, %(assessor)s).")
                   % {"bidder": bidder, "criterion": criterion.code, "assessor": row.assessor})
            continue
        if method.score_share(row.score) is None:
            refuse(row, where + gettext("score '%(score)s' staat niet op de schaal (%(scale)s).")
                   % {"score": row.score, "scale": ", ".join(method.scale)})
            continue
        if not row.motivation.strip():
            refuse(row, where + gettext("score zonder motivering geweigerd (%(bidder)s, %(criterion)s, %(assessor)s).")
                   % {"bidder": bidder, "criterion": criterion.code, "assessor": row.assessor})
            continue
        key = (bidder, row.assessor.casefold(), criterion.code)
        if key in seen:
            refuse(row, where + gettext("%(assessor)s heeft %(bidder)s op %(criterion)s al eerder gescoord; "
                                        "deze regel telt niet.")
                   % {"assessor": row.assessor, "bidder": bidder, "criterion": criterion.code})
            continue
        seen.add(key)
        accepted.append(AssessmentRow(bidder, row.assessor, criterion.code, normalise_score(row.score),
                                      row.motivation.strip(), row.line))
    return accepted, errors
