"""A municipality's audit log for the data-protection officer (role `fg`, action VIEW_AUDIT): the
filters of the page and the API, the entries of that municipality, and the audit record that the log
was read (`audit.read`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log
from wijkwerk.core.models import AuditLogEntry

from .models import Gemeente

FIELD_MAX_LENGTH = 150


@dataclass(frozen=True)
class AuditFilters:
    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    action: str = ""
    since: datetime | None = None
    until: datetime | None = None  # exclusive

    def as_detail(self) -> dict:
        """The filters that were set, for the audit record of the read."""
        return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in asdict(self).items() if v}


def _moment(raw: str, *, name: str, end: bool) -> datetime | None:
    """A date (the whole day, in the local time zone) or a moment (ISO 8601) from a query string."""
    text = (raw or "").strip()
    if not text:
        return None
    try:
        day = parse_date(text) if len(text) <= 10 else None
        moment = None if day else parse_datetime(text)
    except ValueError:
        day = moment = None
    if day is not None:
        return _day_start(day + timedelta(days=1) if end else day)
    if moment is None:
        raise ValidationError({name: gettext("'%(value)s' is geen datum (JJJJ-MM-DD) of tijdstip (ISO 8601).")
                                     % {"value": text[:40]}})
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment + timedelta(microseconds=1) if end else moment


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _text(raw: str, *, name: str) -> str:
    text = (raw or "").strip()
    if len(text) > FIELD_MAX_LENGTH:
        raise ValidationError({name: gettext("Hoogstens %(n)s tekens.") % {"n": FIELD_MAX_LENGTH}})
    return text


def audit_filters_parse(*, object_ref: str = "", actor: str = "", action: str = "", since: str = "",
                        until: str = "") -> AuditFilters:
    """The filters from text (a query string or a form): `object_ref` is TYPE:ID (assets.asset:12) or
    an ID alone; `action` is exact, or ends in * for every action that starts so (asset.*); `since`
    and `until` are dates (whole days, until included) or ISO 8601 moments. ValidationError per field."""
    object_text = _text(object_ref, name="object")
    object_type, _sep, object_id = object_text.partition(":") if ":" in object_text else ("", "", object_text)
    filters = AuditFilters(object_type=object_type.strip(), object_id=object_id.strip(),
                           actor=_text(actor, name="actor"), action=_text(action, name="action"),
                           since=_moment(since, name="since", end=False), until=_moment(until, name="until", end=True))
    if filters.since and filters.until and filters.until <= filters.since:
        raise ValidationError({"until": gettext("De einddatum ligt voor de begindatum.")})
    return filters


def audit_entry_list(*, gemeente: Gemeente, filters: AuditFilters | None = None) -> QuerySet[AuditLogEntry]:
    """The municipality's entries, newest first."""
    f = filters or AuditFilters()
    qs = AuditLogEntry.objects.filter(gemeente_id=gemeente.pk)
    if f.object_type:
        qs = qs.filter(object_type=f.object_type)
    if f.object_id:
        qs = qs.filter(object_id=f.object_id)
    if f.actor:
        qs = qs.filter(actor_label__iexact=f.actor)
    if f.action.endswith("*"):
        qs = qs.filter(action__startswith=f.action.rstrip("*"))
    elif f.action:
        qs = qs.filter(action=f.action)
    if f.since:
        qs = qs.filter(at__gte=f.since)
    if f.until:
        qs = qs.filter(at__lt=f.until)
    return qs.order_by("-seq")


def audit_log_read(*, gemeente: Gemeente, actor, filters: AuditFilters, page: int, returned: int,
                   origin: str) -> None:
    """The audit record that someone read (a page of) the municipality's audit log."""
    audit_log(action="audit.read", actor=actor, gemeente=gemeente, object_type="core.auditlogentry",
              origin=origin, detail={"filters": filters.as_detail(), "page": page, "returned": returned})
