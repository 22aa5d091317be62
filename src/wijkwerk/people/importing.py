"""`wijkwerk import-participants --organisation NAME FILE`: one participant per row (CSV or XLSX)
with the columns name, target_group, start, end (empty while ongoing), hours_per_week, contract,
birth_year; optional email, phone, contract_type, protected, bonuses (`ips;statushouder`) and
works (ja/nee: a worker in the teams; default: yes while ongoing). A row with the same
organisation, name and start updates that participant. Each row is written with its audit record
in its own savepoint: a refused row leaves nothing, and the report names its row, column and reason
(never its personal data)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from wijkwerk.core.files import ImportReport
from wijkwerk.work.importers.base import RowRefused, date_value, rows_import, text, yes_no

from . import validation
from .models import Contract, ContractType, Participant
from .services import participant_save

ALIASES = {
    "name": ("name", "naam"),
    "target_group": ("target_group", "doelgroep"),
    "start": ("start", "startdatum", "begin"),
    "end": ("end", "einddatum", "einde"),
    "hours_per_week": ("hours_per_week", "uren_per_week", "uren"),
    "contract": ("contract", "contractcode"),
    "birth_year": ("birth_year", "geboortejaar"),
    "email": ("email", "e-mail", "e_mail"),
    "phone": ("phone", "telefoon"),
    "contract_type": ("contract_type", "soort_contract"),
    "protected": ("protected", "beschermd", "beschermd_werk"),
    "bonuses": ("bonuses", "bonussen"),
    "works": ("works", "werkt", "medewerker"),
}
REQUIRED = ("name", "target_group", "start", "end", "hours_per_week", "contract", "birth_year")


def _checked(field: str, check):
    try:
        return check()
    except ValidationError as exc:
        raise RowRefused(field, " ".join(exc.messages)) from None


def participants_import(*, gemeente, organisation, path, actor=None, origin: str = "cli") -> ImportReport:
    contracts = {c.code.lower(): c for c in Contract.objects.filter(gemeente=gemeente).select_related("table")}

    def write_row(row: dict, columns: dict[str, str]) -> str:
        name = " ".join(text(row, columns, "name").split())
        if not name:
            raise RowRefused("name", _("De naam ontbreekt."))
        start = date_value(row.get(columns["start"]), "start")
        if start is None:
            raise RowRefused("start", _("De startdatum ontbreekt."))
        end = date_value(row.get(columns["end"]), "end")
        code = text(row, columns, "contract").strip()
        contract = contracts.get(code.lower()) if code else None
        if code and contract is None:
            raise RowRefused("contract", _("Onbekend contract ‘%(code)s’ (maak het aan met wijkwerk create-contract).")
                             % {"code": code})
        hours = text(row, columns, "hours_per_week") or "36"
        kind = text(row, columns, "contract_type").strip().lower() or ContractType.OTHER
        if kind not in ContractType.values:
            raise RowRefused("contract_type", _("Onbekend soort contract ‘%(value)s’.") % {"value": kind})
        works_raw = text(row, columns, "works")
        works = yes_no(works_raw, "works") if works_raw.strip() else end is None
        existing = Participant.objects.filter(gemeente=gemeente, organisation=organisation, name=name,
                                              start=start).first()
        fields = {"target_group": text(row, columns, "target_group"), "end": end, "hours_per_week": hours,
                  "birth_year": text(row, columns, "birth_year"), "contract": contract,
                  "email": text(row, columns, "email"), "phone": text(row, columns, "phone"),
                  "contract_type": kind, "protected": yes_no(text(row, columns, "protected"), "protected"),
                  "bonuses": [b.strip() for b in text(row, columns, "bonuses").split(";") if b.strip()]}
        if existing is not None and _same(existing, fields):
            return "unchanged"
        _checked("target_group", lambda: validation.target_group_clean(fields["target_group"], contract=contract))
        _checked("hours_per_week", lambda: validation.hours_clean(hours))
        _checked("end", lambda: validation.dates_clean(start, end))
        _checked("birth_year", lambda: validation.birth_year_clean(fields["birth_year"], start=start))
        _checked("bonuses", lambda: validation.bonuses_clean(fields["bonuses"]))
        participant, created = _checked("", lambda: participant_save(
            gemeente=gemeente, organisation=organisation, name=name, start=start, works=works,
            participant=existing, actor=actor, origin=origin, **fields))
        return "created" if created else "updated"

    return rows_import(path=path, aliases=ALIASES, required=REQUIRED, write_row=write_row,
                       action="people.participants_import", gemeente=gemeente, actor=actor, origin=origin)


def _same(participant: Participant, fields: dict) -> bool:
    try:
        return (participant.target_group == fields["target_group"].strip().lower()
                and participant.end == fields["end"] and float(participant.hours_per_week) == float(
                    str(fields["hours_per_week"]).replace(",", "."))
                and str(participant.birth_year or "") == str(fields["birth_year"]).strip()
                and participant.contract_id == (fields["contract"].pk if fields["contract"] else None)
                and participant.email == fields["email"].strip() and participant.phone == fields["phone"].strip()
                and participant.contract_type == fields["contract_type"]
                and participant.protected == fields["protected"] and participant.bonuses == sorted(fields["bonuses"]))
    except (ValueError, TypeError):
        return False
