"""Receiving bid sheets: size limits before anything is stored, unpacked-size and ratio limits for
the xlsx (a zip), reading in a background task (never inside the request), the outcome on the
page, and the stored files deleted afterwards."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities.roles import INKOPER
from wijkwerk.tendering import services, tasks, views
from wijkwerk.tendering.billsheet import template_bytes
from wijkwerk.tendering.models import Bid, BidUpload

from .helpers import METHOD_YAML, method
from .test_pages import filled

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_tender(client):
    g = GemeenteFactory(slug="utrecht", name="Utrecht")
    user = UserFactory(username="ingrid")
    make_member(user, g, INKOPER)
    tender = services.tender_publish(tender=services.tender_create(gemeente=g, method_text=METHOD_YAML))
    client.force_login(user)
    return tender


def _sheet(name="Groen BV", prices=(40, 25.5, 12.25)) -> bytes:
    return filled(template_bytes(method()), name, prices, "Werkbedrijf")


def _file(data: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / services.UPLOAD_FOLDER
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _post(client, tender, *files):
    return client.post(f"/g/utrecht/aanbestedingen/{tender.pk}/inschrijvingen", {"files": list(files)}, follow=True)


def test_sheets_are_read_in_the_background_not_in_the_request(client, open_tender, monkeypatch, settings):
    started = []
    monkeypatch.setattr(views, "enqueue", lambda path, **kwargs: started.append((path, kwargs)))
    response = _post(client, open_tender, _file(_sheet(), "groen.xlsx"), _file(_sheet("Noord BV"), "noord.xlsx"))
    body = response.content.decode()
    assert not Bid.objects.exists()  # nothing parsed inside the request
    uploads = list(BidUpload.objects.order_by("id"))
    assert [u.status for u in uploads] == ["waiting", "waiting"]
    assert started == [("wijkwerk.tendering.tasks.read_bid_uploads", {"upload_ids": [u.pk for u in uploads]})]
    assert "worden ingelezen en gecontroleerd" in body and 'hx-trigger="every 2s"' in body
    assert len(_stored_files(settings)) == 2
    # while they are being read, the assessment cannot start
    client.post(f"/g/utrecht/aanbestedingen/{open_tender.pk}/beoordeling-starten")
    open_tender.refresh_from_db()
    assert open_tender.status == "gepubliceerd"

    tasks.read_bid_uploads(**started[0][1])  # the worker
    assert sorted(Bid.objects.values_list("bidder", flat=True)) == ["Groen BV", "Noord BV"]
    assert {u.status for u in BidUpload.objects.all()} == {"done"}
    assert all(u.file_path == "" and u.bid_id for u in BidUpload.objects.all())
    assert _stored_files(settings) == []  # deleted after reading
    status = client.get(f"/g/utrecht/aanbestedingen/{open_tender.pk}/inschrijvingen/status").content.decode()
    assert "hx-trigger" not in status and "Groen BV" in status and "Noord BV" in status
    # a second run of the task reads nothing twice
    tasks.read_bid_uploads(**started[0][1])
    assert Bid.objects.count() == 2


def test_inline_the_page_shows_the_result(client, open_tender, settings):
    body = _post(client, open_tender, _file(_sheet(), "groen.xlsx"), _file(b"geen excel", "kapot.xlsx")).content
    body = body.decode()
    assert "Groen BV" in body and "kapot.xlsx" in body and "geen leesbaar Excel-bestand" in body
    assert Bid.objects.count() == 2 and _stored_files(settings) == []


def test_a_too_large_file_is_refused_before_it_is_stored(client, open_tender, settings, monkeypatch):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.005  # about 5 KB
    parsed = []
    monkeypatch.setattr(services, "read_bid", lambda *a, **k: parsed.append(a))
    data = _sheet() + b"\0" * 10_000
    response = _post(client, open_tender, _file(data, "groot.xlsx"))
    assert "Het bestand is te groot" in response.content.decode()
    assert not BidUpload.objects.exists() and not Bid.objects.exists() and parsed == []
    assert _stored_files(settings) == []
    assert AuditLogEntry.objects.filter(action="tender.bid_upload_refused", result="refused").exists()


def _bomb() -> bytes:
    """A valid bid sheet with one extra member of 20 MB of zeros (compresses about 1000 times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_sheet())) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info, source.read(info.filename))
        out.writestr("xl/media/vulling.bin", b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking(client, open_tender, settings, monkeypatch):
    parsed = []
    monkeypatch.setattr(services, "read_bid", lambda *a, **k: parsed.append(a))
    response = _post(client, open_tender, _file(_bomb(), "bom.xlsx"))
    assert "bom.xlsx: &#x27;bom.xlsx&#x27; is verdacht sterk ingepakt" in response.content.decode()
    assert not BidUpload.objects.exists() and parsed == [] and _stored_files(settings) == []


def test_an_xlsx_too_large_unpacked_is_refused(client, open_tender, settings):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.01  # 10 KB: the sheet file is smaller, unpacked it is more
    response = _post(client, open_tender, _file(_sheet(), "groen.xlsx"))
    assert "is uitgepakt te groot" in response.content.decode()
    assert not BidUpload.objects.exists() and _stored_files(settings) == []


def test_a_failed_read_is_shown_and_its_file_deleted(client, open_tender, settings):
    sheet = _sheet()  # the same bytes twice: a workbook written a second later differs (timestamps)
    _post(client, open_tender, _file(sheet, "groen.xlsx"))
    body = _post(client, open_tender, _file(sheet, "nog-een-keer.xlsx")).content.decode()
    failed = BidUpload.objects.get(file_name="nog-een-keer.xlsx")
    assert failed.status == "failed" and "al ingelezen" in failed.error
    assert "niet ingelezen" in body and "al ingelezen" in body
    assert Bid.objects.count() == 1 and _stored_files(settings) == []


def test_an_upload_lost_by_a_restart_blocks_nothing(client, open_tender, settings, monkeypatch):
    monkeypatch.setattr(views, "enqueue", lambda path, **kwargs: None)  # the worker never runs
    _post(client, open_tender, _file(_sheet(), "groen.xlsx"))
    BidUpload.objects.update(created=timezone.now() - dt.timedelta(hours=1))
    body = client.get(f"/g/utrecht/aanbestedingen/{open_tender.pk}/inschrijvingen").content.decode()
    assert "afgebroken" in body and "hx-trigger" not in body
    assert _stored_files(settings) == []


def test_a_closed_tender_takes_no_files(client, open_tender, settings):
    _post(client, open_tender, _file(_sheet(), "groen.xlsx"))
    client.post(f"/g/utrecht/aanbestedingen/{open_tender.pk}/beoordeling-starten")
    body = _post(client, open_tender, _file(_sheet("Laat BV"), "laat.xlsx")).content.decode()
    assert "alleen worden ingelezen zolang de aanbesteding open is" in body
    assert BidUpload.objects.count() == 1 and _stored_files(settings) == []


def test_the_service_refuses_a_too_large_file_whatever_the_upload_handlers(open_tender, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.WIJKWERK_IMPORT_MAX_MB = 0.005
    with pytest.raises(ValidationError, match="te groot"):
        services.bid_upload_receive(tender=open_tender, upload=SimpleUploadedFile("groot.xlsx", b"\0" * 10_000))
    assert not BidUpload.objects.exists() and _stored_files(settings) == []
