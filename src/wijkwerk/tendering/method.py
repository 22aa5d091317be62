"""The published tender method (YAML): parsing, validation (Dutch messages) and fingerprint.

Pure Python: no Django. The method file looks like::

    title: Brede samenwerking wijkonderhoud
    price_items:
      - {code: U01, description: Uurtarief vakkracht groen, unit: uur, fictive_quantity: 12000}
    knockouts:
      - {code: KO1, description: Inschrijving samen met een SW-bedrijf}
    abnormally_low: 0.80
    shortlist: 4
    assessment:
      mode: consensus          # or: average
      scale: {"3": 1.00, "2": 0.60, "1": 0.25, "0": 0.00, "NR": -0.50}
      criteria:
        - {code: K1, description: Visie op samenwerking, max_value: 400000}
    tie_break: lot

Fingerprint: the SHA-256 (hex) of the method file's bytes exactly as published. The command
line reads the file's bytes; the app stores the published text with LF line endings, encoded
as UTF-8, and offers exactly those bytes as download, so the file, the bid sheet made from it
and the page all show the same fingerprint. Any change of the file (even a comment) gives a
new fingerprint: what was published is what is fingerprinted.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.utils.translation import gettext

MODES = ("consensus", "average")
TIE_BREAKS = ("lot",)
DEFAULT_SCALE = {"3": Decimal("1.00"), "2": Decimal("0.60"), "1": Decimal("0.25"), "0": Decimal("0.00"),
                 "NR": Decimal("-0.50")}
KNOWN_KEYS = {"title", "price_items", "knockouts", "abnormally_low", "shortlist", "assessment", "tie_break"}


@dataclass(frozen=True)
class Problem:
    """One problem of a method. `message`: the whole sentence, naming its place in the file (as the
    command line and the YAML editor show it). `path`: that place for a form, e.g. ("price_items", 2,
    "fictive_quantity") or ("scale", score, "share") (items counted from 1; ("codes", code) for a code
    used in several parts; () for the method as a whole). `text`: what is wrong without the place,
    for next to a form field."""

    message: str
    path: tuple = ()
    text: str = ""


class MethodError(ValueError):
    """The method file is not valid; `messages` lists every problem (Dutch), `problems` the same
    with their place (see `Problem`)."""

    def __init__(self, problems: list):
        self.problems = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        self.messages = [p.message for p in self.problems]
        super().__init__(" ".join(self.messages))


@dataclass(frozen=True)
class PriceItem:
    code: str
    description: str
    unit: str
    fictive_quantity: Decimal


@dataclass(frozen=True)
class Knockout:
    code: str
    description: str


@dataclass(frozen=True)
class Criterion:
    code: str
    description: str
    max_value: Decimal


@dataclass(frozen=True)
class Method:
    title: str
    price_items: tuple[PriceItem, ...]
    knockouts: tuple[Knockout, ...]
    abnormally_low: Decimal
    shortlist: int
    mode: str
    scale: dict[str, Decimal]
    criteria: tuple[Criterion, ...]
    tie_break: str = "lot"
    sha256: str = ""
    warnings: tuple[str, ...] = field(default=())

    def score_share(self, score: str) -> Decimal | None:
        """The share of the maximum value for a score as written by an assessor ("3", "NR",
        "nr", "3.0"); None when the score is not on the scale."""
        key = normalise_score(score)
        for scale_key, share in self.scale.items():
            if normalise_score(scale_key) == key:
                return share
        return None

    def criterion(self, code: str) -> Criterion | None:
        """The criterion with this code; letter case and surrounding spaces do not count."""
        exact = next((c for c in self.criteria if c.code == code), None)
        if exact is not None:
            return exact
        key = str(code).strip().casefold()
        return next((c for c in self.criteria if c.code.strip().casefold() == key), None)


def normalise_score(value) -> str:
    text = str(value).strip().upper()
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return text
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


def method_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def normalise_text(text: str) -> str:
    """How the app stores a method typed on a page: LF line endings, ending in one newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.rstrip("\n") + "\n"


def _add(errors: list[Problem], message: str, path: tuple = (), text: str = "") -> None:
    errors.append(Problem(message, tuple(path), text or message))


def _decimal(value, where: str, path: tuple, errors: list[Problem]) -> Decimal | None:
    number = None
    if not (isinstance(value, bool) or value is None or isinstance(value, (list, dict))):
        try:
            number = Decimal(str(value).strip().replace(" ", ""))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        _add(errors, gettext("%(where)s: '%(value)s' is geen getal.") % {"where": where, "value": value}, path,
             gettext("'%(value)s' is geen getal.") % {"value": value})
        return None
    return number


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _items(data: dict, key: str, label: str, fields: tuple[str, ...], errors: list[Problem],
           required: bool = True) -> list[dict]:
    items = data.get(key)
    if items is None:
        if required:
            _add(errors, gettext("Het veld '%(key)s' (%(label)s) ontbreekt.") % {"key": key, "label": label}, (key,))
        return []
    if not isinstance(items, list):
        _add(errors, gettext("'%(key)s' moet een lijst zijn.") % {"key": key}, (key,))
        return []
    result = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        where = gettext("%(key)s nr. %(number)s") % {"key": key, "number": number}
        if not isinstance(item, dict):
            _add(errors, gettext("%(where)s: verwacht velden %(fields)s.") % {"where": where, "fields": ", ".join(fields)},
                 (key, number))
            continue
        for name in fields:
            if name not in item or _text(item.get(name)) == "":
                _add(errors, gettext("%(where)s: het veld '%(name)s' ontbreekt of is leeg.") % {"where": where, "name": name},
                     (key, number, name), gettext("Vul dit veld in."))
        code = _text(item.get("code"))
        if code:
            if code in seen:
                _add(errors, gettext("%(where)s: de code '%(code)s' komt vaker voor in '%(key)s'.")
                     % {"where": where, "code": code, "key": key}, (key, number, "code"),
                     gettext("De code '%(code)s' komt vaker voor.") % {"code": code})
            seen.add(code)
        result.append(item)
    return result


def parse_method(raw: bytes | str) -> Method:
    """Parses and validates a method file. Raises MethodError with every problem found."""
    raw_bytes = raw.encode("utf-8") if isinstance(raw, str) else raw
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MethodError([gettext("Het methodebestand is geen UTF-8-tekst.")]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            message = gettext("Het methodebestand is geen geldige YAML (regel %(line)s, kolom %(column)s).") % {
                "line": mark.line + 1, "column": mark.column + 1}
        else:
            message = gettext("Het methodebestand is geen geldige YAML.")
        raise MethodError([message]) from None
    if not isinstance(data, dict):
        raise MethodError([gettext("Het methodebestand moet velden bevatten (title, price_items, knockouts, "
                                   "abnormally_low, shortlist, assessment, tie_break).")])
    errors: list[Problem] = []
    warnings = [gettext("Onbekend veld '%(key)s' wordt genegeerd.") % {"key": key} for key in sorted(map(str, data)) if key not in KNOWN_KEYS]

    title = _text(data.get("title"))
    if not title:
        _add(errors, gettext("Het veld 'title' (naam van de aanbesteding) ontbreekt of is leeg."), ("title",),
             gettext("Vul de naam van de aanbesteding in."))

    price_items = _price_items(data, errors)
    knockouts = [Knockout(_text(k.get("code")), _text(k.get("description")))
                 for k in _items(data, "knockouts", gettext("knock-outcriteria"), ("code", "description"), errors,
                                 required=False)]

    abnormally_low = Decimal("0")
    if "abnormally_low" not in data:
        _add(errors, gettext("Het veld 'abnormally_low' (grens voor abnormaal lage inschrijvingen) ontbreekt."),
             ("abnormally_low",))
    else:
        value = _decimal(data.get("abnormally_low"), "abnormally_low", ("abnormally_low",), errors)
        if value is not None:
            if not (0 <= value <= 1):
                _add(errors, gettext("abnormally_low moet een deel van de mediaan tussen 0 en 1 zijn, niet %(value)s.")
                     % {"value": value}, ("abnormally_low",), gettext("Kies een percentage van 0 tot en met 100."))
            abnormally_low = value

    shortlist = 0
    if "shortlist" not in data:
        _add(errors, gettext("Het veld 'shortlist' (aantal inschrijvers voor de beoordeling) ontbreekt."), ("shortlist",))
    else:
        value = data.get("shortlist")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            _add(errors, gettext("shortlist moet een geheel getal van 1 of meer zijn, niet '%(value)s'.") % {"value": value},
                 ("shortlist",), gettext("Vul een geheel getal van 1 of meer in."))
        else:
            shortlist = value

    mode, scale, criteria = _assessment(data, errors)

    tie_break = _text(data.get("tie_break")) or "lot"
    if tie_break not in TIE_BREAKS:
        _add(errors, gettext("tie_break '%(value)s' is onbekend; alleen 'lot' (loting) is mogelijk.") % {"value": tie_break},
             ("tie_break",))

    all_codes = [p.code for p in price_items] + [k.code for k in knockouts] + [c.code for c in criteria]
    clashes = sorted({c for c in all_codes if c and all_codes.count(c) > 1}
                     - {c for group in (price_items, knockouts, criteria) for c in _dupes(group)})
    for code in clashes:
        _add(errors, gettext("De code '%(code)s' wordt voor verschillende onderdelen gebruikt.") % {"code": code},
             ("codes", code), gettext("De code '%(code)s' wordt ook voor een ander onderdeel gebruikt.") % {"code": code})

    if errors:
        raise MethodError(errors)
    return Method(title=title, price_items=tuple(price_items), knockouts=tuple(knockouts),
                  abnormally_low=abnormally_low, shortlist=shortlist, mode=mode, scale=scale,
                  criteria=tuple(criteria), tie_break=tie_break, sha256=method_sha256(raw_bytes),
                  warnings=tuple(warnings))


def _price_items(data: dict, errors: list[Problem]) -> list[PriceItem]:
    price_items = []
    raw_items = _items(data, "price_items", gettext("regels van het inschrijfbiljet"),
                       ("code", "description", "unit", "fictive_quantity"), errors)
    if "price_items" in data and not raw_items and isinstance(data.get("price_items"), list):
        _add(errors, gettext("'price_items' moet minstens één regel hebben."), ("price_items",),
             gettext("Het inschrijfbiljet moet minstens één regel hebben."))
    for number, item in enumerate(raw_items, start=1):
        path = ("price_items", number, "fictive_quantity")
        quantity = _decimal(item.get("fictive_quantity"), gettext("price_items nr. %(number)s (fictive_quantity)")
                            % {"number": number}, path, errors) if _text(item.get("fictive_quantity")) else None
        if quantity is not None and quantity < 0:
            _add(errors, gettext("price_items nr. %(number)s: de fictieve hoeveelheid mag niet negatief zijn (%(quantity)s).")
                 % {"number": number, "quantity": quantity}, path,
                 gettext("De fictieve hoeveelheid mag niet negatief zijn."))
        price_items.append(PriceItem(_text(item.get("code")), _text(item.get("description")),
                                     _text(item.get("unit")), quantity if quantity is not None else Decimal(0)))
    return price_items


def _assessment(data: dict, errors: list[Problem]) -> tuple[str, dict[str, Decimal], list[Criterion]]:
    mode, scale, criteria = "consensus", dict(DEFAULT_SCALE), []
    assessment = data.get("assessment")
    if assessment is None:
        _add(errors, gettext("Het veld 'assessment' (beoordeling: mode, scale, criteria) ontbreekt."), ("assessment",))
        return mode, scale, criteria
    if not isinstance(assessment, dict):
        _add(errors, gettext("'assessment' moet de velden mode, scale en criteria bevatten."), ("assessment",))
        return mode, scale, criteria
    mode = _text(assessment.get("mode"))
    if not mode:
        _add(errors, gettext("assessment: het veld 'mode' (consensus of average) ontbreekt."), ("mode",))
    elif mode not in MODES:
        _add(errors, gettext("assessment: onbekende mode '%(mode)s'; kies consensus of average.") % {"mode": mode},
             ("mode",))
    raw_scale = assessment.get("scale")
    if raw_scale is None:
        _add(errors, gettext("assessment: het veld 'scale' (score -> deel van de maximale waarde) ontbreekt."), ("scale",))
    elif not isinstance(raw_scale, dict) or not raw_scale:
        _add(errors, gettext("assessment: 'scale' moet scores met hun deel bevatten, bijv. {\"3\": 1.00, \"NR\": -0.50}."),
             ("scale",), gettext("De schaal moet minstens één score hebben."))
    else:
        scale = {}
        for key, value in raw_scale.items():
            name = str(key).strip()
            share = _decimal(value, f"assessment.scale '{key}'", ("scale", name, "share"), errors)
            if normalise_score(name) in {normalise_score(k) for k in scale}:
                _add(errors, gettext("assessment.scale: de score '%(name)s' komt vaker voor.") % {"name": name},
                     ("scale", name, "score"), gettext("De score '%(name)s' komt vaker voor.") % {"name": name})
            if share is not None:
                if not (-1 <= share <= 1):
                    _add(errors, gettext("assessment.scale '%(name)s': het deel moet tussen -1 en 1 liggen, niet %(share)s.")
                         % {"name": name, "share": share}, ("scale", name, "share"),
                         gettext("Het deel moet tussen -100 en 100 procent liggen."))
                scale[name] = share
    for number, item in enumerate(_items(assessment, "criteria", gettext("gunningscriteria"),
                                         ("code", "description", "max_value"), errors), start=1):
        path = ("criteria", number, "max_value")
        max_value = _decimal(item.get("max_value"), gettext("criteria nr. %(number)s (max_value)") % {"number": number},
                             path, errors) if _text(item.get("max_value")) else None
        if max_value is not None and max_value < 0:
            _add(errors, gettext("criteria nr. %(number)s: de maximale waarde mag niet negatief zijn (%(value)s).")
                 % {"number": number, "value": max_value}, path, gettext("De maximale waarde mag niet negatief zijn."))
        criteria.append(Criterion(_text(item.get("code")), _text(item.get("description")),
                                  max_value if max_value is not None else Decimal(0)))
    if isinstance(assessment.get("criteria"), list) and not assessment.get("criteria"):
        _add(errors, gettext("assessment: 'criteria' moet minstens één gunningscriterium hebben."), ("criteria",),
             gettext("Er moet minstens één gunningscriterium zijn."))
    return mode, scale, criteria


def _dupes(items) -> set[str]:
    codes = [i.code for i in items]
    return {c for c in codes if codes.count(c) > 1}


def load_method(path: str | Path) -> Method:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise MethodError([gettext("Kan het methodebestand '%(path)s' niet lezen: %(error)s.")
                           % {"path": path, "error": exc.strerror or exc}]) from None
    return parse_method(raw)
