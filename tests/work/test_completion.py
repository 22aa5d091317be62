"""Completing an order in the field: hours per person, materials, photos without metadata, the
asset's new condition and history; bad input refused with nothing saved half."""

import io
import stat
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.assets.factories import AssetFactory
from tests.municipalities.factories import GemeenteFactory, UserFactory
from tests.work.factories import SkillFactory, WorkAssignmentFactory, WorkerFactory, WorkOrderFactory
from wijkwerk.assets.models import AssetHistory
from wijkwerk.work import photos
from wijkwerk.work.completion import order_check, order_complete
from wijkwerk.work.models import WorkCompletion, WorkedHours, WorkOrder, WorkPhoto
from wijkwerk.work.services import TransitionRefused

pytestmark = pytest.mark.django_db


def jpeg_with_gps(name="voor.jpg", size=(64, 48)) -> SimpleUploadedFile:
    image = Image.new("RGB", size, (30, 140, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0)}  # GPS IFD
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes(), comment=b"geheim")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def planned(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    gemeente = GemeenteFactory()
    asset = AssetFactory(gemeente=gemeente, type_code="bench", condition=5)
    order = WorkOrderFactory(gemeente=gemeente, status=WorkOrder.Status.PLANNED, assets=[asset])
    anna, bert = WorkerFactory(gemeente=gemeente, name="Anna"), WorkerFactory(gemeente=gemeente, name="Bert")
    return order, asset, anna, bert


def test_completing_records_hours_materials_photos_and_the_assets_new_condition(planned):
    order, asset, anna, bert = planned
    user = UserFactory()
    learning = SkillFactory(gemeente=order.gemeente, code="meubilair")
    WorkAssignmentFactory(order=order, worker=bert, learning_skill=learning)
    order_complete(order=order, hours={anna.pk: "2,5", bert.pk: 2}, remarks="Bank geschuurd en gelakt",
                   materials=[{"name": "Lak", "quantity": "1,5", "unit": "l"}],
                   photos=[("voor", jpeg_with_gps()), ("na", jpeg_with_gps("na.jpg"))], condition=2, actor=user)
    order.refresh_from_db()
    asset.refresh_from_db()
    assert order.status == WorkOrder.Status.DONE
    assert [(e.from_status, e.to_status) for e in order.events.all()] == [("gepland", "in_uitvoering"),
                                                                          ("in_uitvoering", "gereed")]
    hours = {h.worker.name: (h.hours, h.learning_skill) for h in WorkedHours.objects.all()}
    assert hours == {"Anna": (Decimal("2.50"), None), "Bert": (Decimal("2.00"), learning)}
    assert WorkCompletion.objects.get().materials == [{"name": "Lak", "quantity": "1.5", "unit": "l"}]
    assert asset.condition == 2
    entry = AssetHistory.objects.get(asset=asset, kind="condition")
    assert entry.source == f"werkorder {order.code}" and entry.changes["condition"] == [5, 2]
    for photo in WorkPhoto.objects.all():
        path = photos.photo_path(photo.path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        with Image.open(path) as stored:
            assert stored.format == "JPEG"
            assert not stored.getexif() and "comment" not in stored.info and "exif" not in stored.info


@pytest.mark.parametrize("change, message", [
    ({"hours": {"anna": "-1"}}, "niet negatief"),
    ({"hours": {}}, "minstens één persoon"),
    ({"hours": {"anna": "13"}}, "meer dan 12 uur"),
    ({"condition": 7}, "1 tot en met 6"),
    ({"photos": [("voor", SimpleUploadedFile("factuur.pdf", b"%PDF-1.4 nee", content_type="image/jpeg"))]},
     "geen foto"),
    ({"photos": [("na", "too_large")]}, "te groot"),
])
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(planned, change, message, monkeypatch):
    order, asset, anna, _bert = planned
    kwargs = {"hours": {anna.pk: 2}, "photos": [("voor", jpeg_with_gps())], "condition": 3}
    if "hours" in change:
        kwargs["hours"] = {anna.pk: change["hours"]["anna"]} if change["hours"] else {}
    if "condition" in change:
        kwargs["condition"] = change["condition"]
    if "photos" in change:
        if change["photos"][0][1] == "too_large":
            monkeypatch.setattr(photos, "MAX_PHOTO_BYTES", 100)
            kwargs["photos"] = [("voor", jpeg_with_gps()), ("na", jpeg_with_gps("groot.jpg", (400, 400)))]
        else:
            kwargs["photos"] = [("voor", jpeg_with_gps()), *change["photos"]]
    with pytest.raises(ValidationError, match=message):
        order_complete(order=order, **kwargs)
    order.refresh_from_db()
    asset.refresh_from_db()
    assert order.status == WorkOrder.Status.PLANNED and asset.condition == 5
    assert not WorkCompletion.objects.exists() and not WorkPhoto.objects.exists()
    assert not order.events.exists()
    assert not any(photos.photo_root().rglob("*.jpg"))


def test_a_new_order_cannot_be_completed_and_rejection_needs_a_reason(planned):
    order, _asset, anna, _bert = planned
    new = WorkOrderFactory(gemeente=order.gemeente)
    with pytest.raises(ValidationError, match="Alleen een geplande werkorder"):
        order_complete(order=new, hours={anna.pk: 1})
    order_complete(order=order, hours={anna.pk: 1})
    with pytest.raises(TransitionRefused, match="reden"):
        order_check(order=order, approved=False)
    order_check(order=order, approved=False, reason="Verkeerde kleur lak")
    order.refresh_from_db()
    assert order.status == WorkOrder.Status.REJECTED


def test_a_condition_for_work_without_an_asset_is_refused(planned):
    order, _asset, anna, _bert = planned
    loose = WorkOrderFactory(gemeente=order.gemeente, status=WorkOrder.Status.IN_PROGRESS)
    with pytest.raises(ValidationError, match="geen asset"):
        order_complete(order=loose, hours={anna.pk: 1}, condition=2)


def test_a_photo_with_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(photos, "MAX_PHOTO_PIXELS", 1000)
    with pytest.raises(ValidationError, match="te veel beeldpunten"):
        photos.photo_clean(jpeg_with_gps(size=(100, 100)))
