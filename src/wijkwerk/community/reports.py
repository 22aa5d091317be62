"""Services of reports (meldingen): making one (public page, Open311, staff), changing its status,
replying, notes, merging duplicates, turning it into a work order, reopening by the reporter and
anonymising the reporter's contact details. Every write is audited (never with contact details)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition
from wijkwerk.municipalities.models import Gemeente

from .report_checks import MAX_DESCRIPTION, attributes_clean, buurt_at, contact_clean, place_clean
from .report_models import CLOSED_STATUSES, REPORT_FLOW, Report, ReportEvent, ReportStatus


def _actor_label(actor) -> str:
    if getattr(actor, "is_authenticated", False):
        return actor.get_username()[:150]
    return str(actor or "")[:150]


def _number_next(gemeente, year: int) -> str:
    """The next number M-YYYY-NNNNN of the gemeente in `year` (call under the gemeente's row lock)."""
    prefix = f"M-{year}-"
    last = (Report.objects.filter(gemeente=gemeente, number__startswith=prefix)
            .order_by("-number").values_list("number", flat=True).first())
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def report_create(*, gemeente, category, description: str, lat: float | None = None, lon: float | None = None,
                  address: str = "", asset=None, email: str = "", name: str = "", phone: str = "",
                  attributes: dict | None = None, photo=None, source: str = "web", client=None, actor=None,
                  origin: str = "web") -> Report:
    """Makes a report after checking everything; ValidationError({field: [Dutch message]}) else."""
    errors: dict[str, list[str]] = {}
    if category is None or category.gemeente_id != gemeente.pk or not category.active:
        errors.setdefault("category", []).append(_("Kies een categorie."))
    description = (description or "").strip()
    if not description:
        errors.setdefault("description", []).append(_("Beschrijf wat er aan de hand is."))
    elif len(description) > MAX_DESCRIPTION:
        errors.setdefault("description", []).append(
            _("De omschrijving is te lang (hoogstens %(max)s tekens).") % {"max": MAX_DESCRIPTION})
    lat, lon, address = place_clean(gemeente=gemeente, lat=lat, lon=lon, address=address, asset=asset,
                                    errors=errors)
    answers = attributes_clean(category=category, attributes=attributes, errors=errors) if category else {}
    email, name, phone = contact_clean(email=email, name=name, phone=phone, errors=errors)
    clean_photo = None
    if photo is not None:
        from wijkwerk.work.photos import photo_clean

        try:
            clean_photo = photo_clean(photo)
        except ValidationError as exc:
            errors.setdefault("photo", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    photo_rel = ""
    if clean_photo is not None:
        from wijkwerk.work.photos import photo_store

        photo_rel = photo_store(clean_photo, gemeente_id=gemeente.pk, order_id="meldingen")  # type: ignore[arg-type]
    buurt = buurt_at(gemeente=gemeente, lat=lat, lon=lon)
    today = timezone.localdate()
    for attempt in range(5):
        try:
            with transaction.atomic():
                Gemeente.objects.select_for_update().filter(pk=gemeente.pk).first()
                report = Report.objects.create(
                    gemeente=gemeente, number=_number_next(gemeente, today.year), category=category,
                    description=description, lat=lat, lon=lon, address=address, asset=asset, buurt=buurt,
                    attributes=answers, email=email, name=name, phone=phone, photo=photo_rel, source=source,
                    client=client, deadline=today + datetime.timedelta(days=category.response_days))
                ReportEvent.objects.create(report=report, actor_label=_actor_label(actor), to_status=report.status,
                                           text=_("Melding ontvangen."), public=True)
                audit_log(action="community.report.created", actor=actor, gemeente=gemeente, obj=report,
                          origin=origin, detail={"number": report.number, "category": category.code,
                                                 "source": source})
            return report
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def report_transition(*, report: Report, to: str, reason: str = "", actor=None, origin: str = "web",
                      public_text: str = "", changes: dict | None = None) -> Report:
    """Moves the report to `to` (REPORT_FLOW; TransitionRefused otherwise) and appends the event."""
    source = report.status
    values = dict(changes or {})
    if str(to) in CLOSED_STATUSES:
        values.setdefault("closed_at", timezone.now())
    elif str(to) == ReportStatus.REOPENED:
        values["closed_at"] = None
    with transaction.atomic():
        transition(report, flow=REPORT_FLOW, to=to, actor=actor, origin=origin, reason=reason, changes=values,
                   detail={"number": report.number})
        ReportEvent.objects.create(report=report, actor_label=_actor_label(actor), from_status=source,
                                   to_status=str(to), text=(public_text or reason or "").strip()[:5000], public=True)
    return report


def report_reply(*, report: Report, text: str, actor=None, origin: str = "web") -> ReportEvent:
    """A public message to the reporter (shown on the tracking page)."""
    return _event(report=report, text=text, public=True, actor=actor, origin=origin, action="replied")


def report_note(*, report: Report, text: str, actor=None, origin: str = "web") -> ReportEvent:
    """An internal note (staff only)."""
    return _event(report=report, text=text, public=False, actor=actor, origin=origin, action="noted")


def _event(*, report, text, public, actor, origin, action) -> ReportEvent:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Vul een tekst in.")]})
    if len(text) > MAX_DESCRIPTION:
        raise ValidationError({"text": [_("De tekst is te lang.")]})
    with transaction.atomic():
        event = ReportEvent.objects.create(report=report, actor_label=_actor_label(actor), text=text, public=public)
        audit_log(action=f"community.report.{action}", actor=actor, gemeente=report.gemeente, obj=report,
                  origin=origin, detail={"number": report.number})
    return event


def report_merge(*, duplicate: Report, into: Report, actor=None, origin: str = "web") -> Report:
    """Closes `duplicate` as handled (not resolved) with "samengevoegd met M-..." and points it at `into`."""
    if duplicate.pk == into.pk or duplicate.gemeente_id != into.gemeente_id:
        raise ValidationError({"into": [_("Kies een andere melding van deze gemeente.")]})
    if into.merged_into_id:
        raise ValidationError({"into": [_("Die melding is zelf al samengevoegd.")]})
    reason = _("samengevoegd met %(number)s") % {"number": into.number}
    return report_transition(report=duplicate, to=ReportStatus.NOT_RESOLVED, reason=reason, actor=actor,
                             origin=origin, changes={"merged_into": into})


def report_to_order(*, report: Report, activity, actor=None, origin: str = "web"):
    """Makes (once) the work order for the report and puts the report in behandeling."""
    from wijkwerk.work.sources import order_from_report

    if report.is_closed:
        raise TransitionRefused(_("Een afgehandelde melding kan geen werkorder meer worden."),
                                source=report.status, target=ReportStatus.IN_PROGRESS)
    with transaction.atomic():
        assets = [report.asset] if report.asset_id else []
        order, _created = order_from_report(
            gemeente=report.gemeente, report_ref=report.number, activity=activity, lat=report.lat, lon=report.lon,
            assets=assets, description=f"{report.number} {report.category.name}: {report.description}"[:2000],
            deadline=report.deadline, actor=actor, origin=origin)
        Report.objects.filter(pk=report.pk).update(work_order_code=order.code)
        report.work_order_code = order.code
        if report.status != ReportStatus.IN_PROGRESS:
            report_transition(report=report, to=ReportStatus.IN_PROGRESS, actor=actor, origin=origin,
                              public_text=_("Er is een werkorder gemaakt."))
    return order


def reopen_allowed(report: Report, *, now: datetime.datetime | None = None) -> bool:
    if not report.is_closed or report.closed_at is None or report.merged_into_id:
        return False
    days = getattr(settings, "WIJKWERK_REPORT_REOPEN_DAYS", 14)
    return (now or timezone.now()) <= report.closed_at + datetime.timedelta(days=days)


def report_reopen_by_reporter(*, token: str, reason: str) -> Report:
    """The reporter reopens a handled report through the tracking link, within the reopen period."""
    report = Report.objects.select_related("gemeente").filter(token=token).first()
    if report is None:
        raise ValidationError({"token": [_("Deze melding bestaat niet.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Vertel waarom het probleem er nog is.")]})
    if not reopen_allowed(report):
        raise ValidationError({"reason": [_("Deze melding kan niet meer heropend worden.")]})
    return report_transition(report=report, to=ReportStatus.REOPENED, reason=reason.strip()[:2000],
                             actor=_("melder"), origin="web")


def reports_close_for_order(*, order_code: str, gemeente_id: int, done: bool) -> int:
    """Closes the open reports whose work order was approved (done) or cancelled."""
    count = 0
    reports = Report.objects.filter(gemeente_id=gemeente_id, work_order_code=order_code).exclude(
        status__in=CLOSED_STATUSES)
    for report in reports:
        if done:
            report_transition(report=report, to=ReportStatus.RESOLVED, actor="systeem", origin="system",
                              public_text=_("Het werk is uitgevoerd en gecontroleerd."))
        else:
            report_transition(report=report, to=ReportStatus.NOT_RESOLVED, actor="systeem", origin="system",
                              reason=_("De werkorder is geannuleerd."))
        count += 1
    return count


def reports_anonymise(*, today: datetime.date | None = None, days: int | None = None) -> int:
    """Clears e-mail, name and phone of reports closed more than `days` days before `today`."""
    today = today or timezone.localdate()
    days = getattr(settings, "WIJKWERK_REPORT_CONTACT_RETENTION_DAYS", 365) if days is None else days
    # closed on or before the day `days` days ago
    limit = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days - 1),
                                                          datetime.time.min))
    with transaction.atomic():
        ids = list(Report.objects.filter(status__in=CLOSED_STATUSES, closed_at__lt=limit, anonymised_at=None)
                   .values_list("pk", flat=True))
        if ids:
            Report.objects.filter(pk__in=ids).update(email="", name="", phone="", anonymised_at=timezone.now())
            audit_log(action="community.report.anonymised", actor="systeem", origin="system",
                      object_type="community.report", detail={"count": len(ids), "days": days})
    return len(ids)
