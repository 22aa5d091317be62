"""The whole import through the pages, with the real import tasks (run inline in tests)."""

import importlib.util
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assets.worlds import make_world
from wijkwerk.assets.models import Asset, ImportJob

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        importlib.util.find_spec("wijkwerk.assets.tasks") is None, reason="wijkwerk.assets.tasks bestaat nog niet"
    ),
]


def geojson_file(name="bomen.geojson") -> SimpleUploadedFile:
    features = [
        {"type": "Feature", "properties": {"id": "N1", "species": "Tilia"},
         "geometry": {"type": "Point", "coordinates": [5.1051, 52.0851]}},
        {"type": "Feature", "properties": {"id": "N2", "species": "Acer"},
         "geometry": {"type": "Point", "coordinates": [5.1151, 52.0851]}},
        {"type": "Feature", "properties": {"id": "N3", "species": "Fagus"},
         "geometry": {"type": "Point", "coordinates": [5.1400, 52.0700]}},  # outside every buurt
        {"type": "Feature", "properties": {"id": "N4", "species": "Quercus"}, "geometry": None},  # refused
    ]
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    return SimpleUploadedFile(name, data, content_type="application/geo+json")


def test_upload_check_confirm_and_done(client, django_capture_on_commit_callbacks):
    world = make_world()
    client.force_login(world.beheerder)
    before = Asset.objects.filter(gemeente=world.gemeente).count()
    response = client.post(
        f"/g/{world.gemeente.slug}/import/", {"file": geojson_file(), "asset_type": "tree", "id_fields": "id"},
        follow=True,
    )
    job = ImportJob.objects.filter(gemeente=world.gemeente).exclude(pk=world.job.pk).get()
    assert job.status == "checked", job.error
    report = job.dry_run_report
    assert (report["read"], report["created"], report["rejected"], report["outside_areas"]) == (4, 3, 1, 1)
    html = response.content.decode()
    assert "Controle (er is nog niets opgeslagen)" in html and "Bevestigen en inlezen" in html
    assert Asset.objects.filter(gemeente=world.gemeente).count() == before  # the dry run wrote nothing

    with django_capture_on_commit_callbacks(execute=True):  # the run starts once the confirmation is committed
        response = client.post(f"/g/{world.gemeente.slug}/import/{job.pk}/bevestigen")
    response = client.get(response["Location"])
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.progress == pytest.approx(1.0)
    assert job.report["created"] == 3
    html = response.content.decode()
    assert "Klaar: het bestand is ingelezen" in html and 'value="100"' in html
    assert Asset.objects.filter(gemeente=world.gemeente).count() == before + 3
    outside = Asset.objects.get(gemeente=world.gemeente, external_id="N3")
    assert outside.buurt is None and outside.outside_areas
    if job.report.get("report_csv"):  # the full list of refused rows can be downloaded
        download = client.get(f"/g/{world.gemeente.slug}/import/{job.pk}/fouten.csv")
        assert download.status_code == 200
        assert b"".join(download.streaming_content).strip()


def test_unreadable_file_fails_with_a_dutch_message(client):
    world = make_world()
    client.force_login(world.beheerder)
    bad = SimpleUploadedFile("kapot.geojson", b'{"type": "FeatureCollection", "features": [')
    response = client.post(f"/g/{world.gemeente.slug}/import/", {"file": bad, "asset_type": "tree"}, follow=True)
    job = ImportJob.objects.filter(gemeente=world.gemeente, file_name="kapot.geojson").get()
    assert job.status == "failed" and job.error
    html = response.content.decode()
    assert "Import mislukt" in html and "Bevestigen en inlezen" not in html
