"""Report services: making one (validation, numbers, nearby duplicates), the status flow, reopening,
merging, the work order and its closing, anonymising."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from tests.assets.factories import AssetFactory
from tests.community.factories import ReportFactory, ServiceCategoryFactory
from tests.municipalities.factories import GemeenteFactory
from tests.work.factories import ActivityFactory
from wijkwerk.community import selectors
from wijkwerk.community.categories import DEFAULT_CATEGORIES, categories_defaults_ensure
from wijkwerk.community.report_models import Report, ReportStatus
from wijkwerk.community.reports import (
    report_create,
    report_merge,
    report_note,
    report_reopen_by_reporter,
    report_reply,
    report_to_order,
    report_transition,
    reports_anonymise,
)
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.states import TransitionRefused
from wijkwerk.work.models import WorkOrder
from wijkwerk.work.services import order_transition

pytestmark = pytest.mark.django_db

LAT, LON = 52.0907, 5.1214


def _category(gemeente=None, **kwargs):
    return ServiceCategoryFactory(gemeente=gemeente or GemeenteFactory(), **kwargs)


def _create(category, **kwargs):
    values = {"gemeente": category.gemeente, "category": category, "description": "Lamp kapot", "lat": LAT,
              "lon": LON, **kwargs}
    return report_create(**values)


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_create_numbers_deadline_event_and_audit_without_contact():
    category = _category(response_days=3)
    first = _create(category, email="a@example.nl", name="An", phone="0612345678")
    second = _create(category)
    year = timezone.localdate().year
    assert first.number == f"M-{year}-00001" and second.number == f"M-{year}-00002"
    assert first.deadline == timezone.localdate() + datetime.timedelta(days=3)
    assert first.status == ReportStatus.OPEN and first.events.count() == 1
    assert len(first.token) >= 30 and first.token != second.token
    entry = AuditLogEntry.objects.get(action="community.report.created", object_id=str(first.pk))
    assert "a@example.nl" not in str(entry.detail) and "0612345678" not in str(entry.detail)
    # numbers are per gemeente
    other = _category()
    assert _create(other).number == f"M-{year}-00001"


@pytest.mark.parametrize("kwargs, field", [
    ({"description": ""}, "description"),
    ({"description": "x" * 5001}, "description"),
    ({"lat": 48.85, "lon": 2.35}, "lat"),
    ({"lat": None, "lon": None}, "lat"),
    ({"email": "geen-adres"}, "email"),
])
def test_create_refuses_invalid_input(kwargs, field):
    category = _category()
    with pytest.raises(ValidationError) as exc:
        _create(category, **kwargs)
    assert field in _errors(exc)
    assert not Report.objects.exists()


def test_create_refuses_category_of_other_gemeente_or_inactive():
    category = _category()
    with pytest.raises(ValidationError) as exc:
        report_create(gemeente=GemeenteFactory(), category=category, description="x", lat=LAT, lon=LON)
    assert "category" in _errors(exc)
    category.active = False
    category.save()
    with pytest.raises(ValidationError) as exc:
        _create(category)
    assert "category" in _errors(exc)


def test_create_takes_the_assets_position_and_refuses_another_gemeentes_asset():
    category = _category()
    asset = AssetFactory(gemeente=category.gemeente, type_code="street_light", lat=52.1, lon=5.2)
    report = _create(category, lat=None, lon=None, asset=asset)
    assert (report.lat, report.lon, report.asset) == (52.1, 5.2, asset)
    foreign = AssetFactory(type_code="street_light")
    with pytest.raises(ValidationError) as exc:
        _create(category, asset=foreign)
    assert "asset" in _errors(exc)


def test_create_address_only_needs_a_known_address():
    category = _category()
    with pytest.raises(ValidationError) as exc:
        _create(category, lat=None, lon=None, address="Nergensstraat 1")
    assert "address" in _errors(exc)


def test_create_checks_category_attributes():
    category = _category(attributes=[
        {"code": "kleur", "datatype": "singlevaluelist", "required": True, "values": [{"key": "rood", "name": "Rood"}]},
        {"code": "aantal", "datatype": "number", "required": False}])
    with pytest.raises(ValidationError) as exc:
        _create(category)
    assert "attribute[kleur]" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        _create(category, attributes={"kleur": "blauw", "aantal": "veel"})
    assert {"attribute[kleur]", "attribute[aantal]"} <= set(_errors(exc))
    report = _create(category, attributes={"kleur": "rood", "aantal": "3"})
    assert report.attributes == {"kleur": "rood", "aantal": "3"}


def test_create_with_photo_strips_metadata_and_refuses_non_images():
    category = _category()
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), "red").save(buf, format="JPEG")
    report = _create(category, photo=SimpleUploadedFile("a.jpg", buf.getvalue(), content_type="image/jpeg"))
    assert report.photo.endswith(".jpg")
    with pytest.raises(ValidationError) as exc:
        _create(category, photo=SimpleUploadedFile("a.jpg", b"<script>", content_type="image/jpeg"))
    assert "photo" in _errors(exc)


def test_nearby_open_reports_within_50m_of_the_same_category():
    category = _category()
    near = _create(category)
    _create(category, lat=LAT + 0.0009)  # ~100 m north
    _create(_category(gemeente=category.gemeente), lat=LAT, lon=LON)  # other category
    closed = _create(category)
    report_transition(report=closed, to=ReportStatus.RESOLVED)
    found = selectors.reports_nearby_open(gemeente=category.gemeente, category=category, lat=LAT + 0.0002, lon=LON)
    assert found == [near]


def test_flow_refuses_undeclared_changes_and_needs_reasons():
    report = _create(_category())
    with pytest.raises(TransitionRefused):
        report_transition(report=report, to=ReportStatus.REOPENED, reason="x")
    with pytest.raises(TransitionRefused):
        report_transition(report=report, to=ReportStatus.NOT_RESOLVED, reason="")
    report_transition(report=report, to=ReportStatus.NOT_RESOLVED, reason="Geen gemeentegrond")
    report.refresh_from_db()
    assert report.status == ReportStatus.NOT_RESOLVED and report.closed_at is not None
    assert report.events.last().text == "Geen gemeentegrond"


def test_reply_is_public_and_note_internal():
    report = _create(_category())
    report_reply(report=report, text="We komen kijken")
    report_note(report=report, text="Aannemer bellen")
    assert selectors.public_status_note(report) == "We komen kijken"
    assert [e.text for e, _label in selectors.event_history(report)][-1] == "We komen kijken"
    with pytest.raises(ValidationError):
        report_reply(report=report, text=" ")


def test_reopen_by_reporter_within_the_window(settings):
    settings.WIJKWERK_REPORT_REOPEN_DAYS = 14
    report = _create(_category())
    with pytest.raises(ValidationError):
        report_reopen_by_reporter(token=report.token, reason="Nog steeds kapot")  # still open
    report_transition(report=report, to=ReportStatus.RESOLVED)
    with pytest.raises(ValidationError):
        report_reopen_by_reporter(token=report.token, reason="")
    report_reopen_by_reporter(token=report.token, reason="Nog steeds kapot")
    report.refresh_from_db()
    assert report.status == ReportStatus.REOPENED and report.closed_at is None
    report_transition(report=report, to=ReportStatus.RESOLVED)
    Report.objects.filter(pk=report.pk).update(closed_at=timezone.now() - datetime.timedelta(days=15))
    with pytest.raises(ValidationError):
        report_reopen_by_reporter(token=report.token, reason="Weer kapot")


def test_merge_closes_the_duplicate_with_the_reason():
    category = _category()
    first, second = _create(category), _create(category)
    report_merge(duplicate=second, into=first)
    second.refresh_from_db()
    assert second.status == ReportStatus.NOT_RESOLVED and second.merged_into == first
    assert second.events.last().text == f"samengevoegd met {first.number}"
    with pytest.raises(ValidationError):
        report_merge(duplicate=first, into=first)


def test_to_work_order_and_closing_when_the_work_is_checked(django_capture_on_commit_callbacks):
    category = _category()
    activity = ActivityFactory(gemeente=category.gemeente, code="lichtmast-herstellen")
    report = _create(category)
    order = report_to_order(report=report, activity=activity)
    report.refresh_from_db()
    assert report.work_order_code == order.code and report.status == ReportStatus.IN_PROGRESS
    assert order.origin == WorkOrder.Origin.MELDING
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrder.Status.DONE)
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to=WorkOrder.Status.CHECKED)
    report.refresh_from_db()
    assert report.status == ReportStatus.RESOLVED


def test_cancelled_work_order_closes_the_report_not_resolved(django_capture_on_commit_callbacks):
    category = _category()
    report = _create(category)
    order = report_to_order(report=report, activity=ActivityFactory(gemeente=category.gemeente))
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to=WorkOrder.Status.CANCELLED, reason="Dubbel")
    report.refresh_from_db()
    assert report.status == ReportStatus.NOT_RESOLVED


def test_anonymise_after_retention_and_command():
    category = _category()
    old = _create(category, email="a@example.nl", name="An", phone="06")
    recent = _create(category, email="b@example.nl")
    still_open = _create(category, email="c@example.nl")
    for report in (old, recent):
        report_transition(report=report, to=ReportStatus.RESOLVED)
    Report.objects.filter(pk=old.pk).update(closed_at=timezone.now() - datetime.timedelta(days=400))
    assert reports_anonymise(days=365) == 1
    old.refresh_from_db(), recent.refresh_from_db(), still_open.refresh_from_db()
    assert (old.email, old.name, old.phone) == ("", "", "") and old.anonymised_at
    assert recent.email == "b@example.nl" and still_open.email == "c@example.nl"
    call_command("anonymise_reports", "--days", "0", stdout=io.StringIO())
    recent.refresh_from_db()
    assert recent.email == ""


def test_default_categories_once_with_existing_activity_codes():
    from wijkwerk.work.defaults import DEFAULT_ACTIVITIES

    gemeente = GemeenteFactory()
    assert categories_defaults_ensure(gemeente=gemeente) == len(DEFAULT_CATEGORIES)
    assert categories_defaults_ensure(gemeente=gemeente) == 0
    codes = {a[0] for a in DEFAULT_ACTIVITIES}
    assert all(c[5] in codes for c in DEFAULT_CATEGORIES)
    assert selectors.category_get(gemeente=gemeente, code="speeltoestel-kapot").response_days == 2


def test_selectors_filter_list():
    report = ReportFactory()
    assert list(selectors.report_list(gemeente=report.gemeente, numbers=[report.number])) == [report]
    assert selectors.report_get(gemeente=report.gemeente, number=report.number) == report
    assert selectors.report_get(gemeente=GemeenteFactory(), number=report.number) is None
    assert selectors.report_by_token(token=report.token) == report
    assert selectors.report_by_token(token="x") is None


def test_number_taken_meanwhile_is_retried(monkeypatch):
    """Two writers read the same last number: the second one's insert fails and takes the next."""
    from wijkwerk.community import reports

    category = _category()
    first = _create(category)
    real = reports._number_next
    calls = []

    def stale_then_real(gemeente, year):
        calls.append(1)
        return first.number if len(calls) == 1 else real(gemeente, year)

    monkeypatch.setattr(reports, "_number_next", stale_then_real)
    second = _create(category)
    assert len(calls) == 2 and second.number.endswith("00002")
