"""Hostile and oversized uploads through the pages, as a contractor's planner (role opdrachtnemer,
who may import assets): a GDAL virtual file named .gpkg that reads the server's database, a zip
bomb, files above the upload limit. Each is refused with a Dutch message, no job or asset is made
and nothing stays on disk. Error lists are capped. (The area-type polygon upload:
tests/inspections/quality/test_polygon_uploads.py.)"""

import json
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.assets.hostile_files import (
    SECRET_HASH,
    SECRET_TOKEN,
    Listener,
    secret_database,
    vrt,
    write_zip,
    zip_bomb,
)
from tests.assets.worlds import make_world
from tests.municipalities.factories import UserFactory, make_member
from wijkwerk.assets import tasks
from wijkwerk.assets.models import Asset, ImportJob
from wijkwerk.municipalities.roles import OPDRACHTNEMER

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def planner(world, client):
    user = UserFactory(username="planner-aannemer")
    make_member(user, world.gemeente, OPDRACHTNEMER)
    client.force_login(user)
    return user


def upload(client, world, name: str, content: bytes, **fields):
    data = {"file": SimpleUploadedFile(name, content), "asset_type": "tree", "id_fields": "id", **fields}
    return client.post(f"/g/{world.gemeente.slug}/import/", data)


def stored_files(settings) -> list[Path]:
    imports = Path(settings.MEDIA_ROOT) / "imports"
    return [p for p in imports.rglob("*") if p.is_file()] if imports.exists() else []


def assert_refused(response, world, settings, text: str) -> str:
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get("file", []))
    assert text in errors, errors
    assert not ImportJob.objects.filter(gemeente=world.gemeente).exclude(pk=world.job.pk).exists()
    assert stored_files(settings) == []
    html = response.content.decode()
    assert SECRET_TOKEN not in html and SECRET_HASH not in html
    return errors


def test_a_vrt_named_gpkg_is_refused_on_upload(client, world, planner, settings, tmp_path):
    database = secret_database(tmp_path)
    before = Asset.objects.count()
    response = upload(client, world, "leak.gpkg", vrt(str(database)))
    assert_refused(response, world, settings, "geen echt GeoPackage-bestand")
    response = upload(client, world, "leak.gpkg", vrt("../../../wijkwerk.sqlite3"))
    assert_refused(response, world, settings, "geen echt GeoPackage-bestand")
    assert Asset.objects.count() == before
    assert not Asset.objects.filter(external_id=SECRET_TOKEN).exists()


def test_a_vrt_fetching_a_url_is_refused_without_a_connection(client, world, planner, settings):
    listener = Listener()
    try:
        response = upload(client, world, "leak.gpkg", vrt(f"/vsicurl/{listener.url()}", sql="SELECT * FROM x"))
        assert_refused(response, world, settings, "geen echt GeoPackage-bestand")
        assert listener.connections_made() == []
    finally:
        listener.close()


def test_a_job_for_a_vrt_that_got_stored_anyway_fails_cleanly(world, settings, tmp_path):
    """Were the upload check bypassed, the task refuses the file too, and deletes it."""
    database = secret_database(tmp_path)
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / "leak.gpkg"
    path.write_bytes(vrt(str(database)))
    job = ImportJob.objects.create(gemeente=world.gemeente, created_by=world.beheerder, file_name=path.name,
                                   file_path=str(path), options={"asset_type": "tree", "id_fields": ["id"]})
    tasks.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "geen echt GeoPackage-bestand" in job.error
    assert SECRET_TOKEN not in json.dumps([job.error, job.dry_run_report, job.report])
    assert not path.exists()
    assert not Asset.objects.filter(external_id=SECRET_TOKEN).exists()


def test_a_zip_bomb_is_refused_on_upload(client, world, planner, settings, tmp_path):
    bomb = zip_bomb(tmp_path / "bomen.zip", megabytes=60)
    response = upload(client, world, "bomen.zip", bomb.read_bytes())
    assert_refused(response, world, settings, "verdacht sterk ingepakt")


def test_a_zip_with_more_than_the_dataset_is_refused_on_upload(client, world, planner, settings, tmp_path):
    archive = write_zip(tmp_path / "bomen.zip", {"bomen.geojson": b"{}", "leak.vrt": vrt("/etc/passwd")})
    response = upload(client, world, "bomen.zip", archive.read_bytes())
    assert_refused(response, world, settings, "nog andere bestanden")


@pytest.mark.parametrize("size", [1_500_000, 40_000])  # above the limit plus overhead / just above the limit
def test_an_upload_above_the_limit_is_refused_before_it_is_stored(client, world, planner, settings, tmp_path, size):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.01  # about 10 KB
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1000  # bigger uploads would go to a temporary file
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    (tmp_path / "upload-tmp").mkdir()
    rows = "".join(f"B{i},5.1,52.1\n" for i in range(size // 12))
    response = upload(client, world, "bomen.csv", ("id,x,y\n" + rows).encode())
    errors = assert_refused(response, world, settings, "te groot")
    assert "10 kB" in errors
    assert list((tmp_path / "upload-tmp").iterdir()) == []  # the partial temporary file is gone too
    # the other fields were still read: the form keeps them
    assert response.context["form"]["id_fields"].value() in ("id", None)


def test_an_upload_within_the_limit_is_accepted(client, world, planner, settings, monkeypatch):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.01
    monkeypatch.setattr("wijkwerk.assets.import_views.enqueue", lambda *a, **k: None)
    response = upload(client, world, "bomen.csv", b"id,x,y\nB1,5.105,52.085\n")
    assert response.status_code == 302
    assert len(stored_files(settings)) == 1


def test_the_error_list_is_capped_and_the_page_says_so(client, world, planner, settings):
    settings.WIJKWERK_MAX_ERROR_ROWS = 100
    features = [{"type": "Feature", "properties": {"id": "OK1"},
                 "geometry": {"type": "Point", "coordinates": [5.105, 52.085]}}]
    features += [{"type": "Feature", "properties": {"id": f"X{i}"}, "geometry": None} for i in range(250)]
    content = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    response = client.post(f"/g/{world.gemeente.slug}/import/",
                           {"file": SimpleUploadedFile("bomen.geojson", content), "asset_type": "tree",
                            "id_fields": "id"}, follow=True)
    job = ImportJob.objects.filter(gemeente=world.gemeente).exclude(pk=world.job.pk).get()
    report = job.dry_run_report
    assert (report["rejected"], report["errors_total"], report["errors_in_csv"]) == (250, 250, 100)
    assert len(report["errors"]) == 100 and report["errors"][0]["row"] == 2
    html = response.content.decode()
    assert "Er zijn 250 fouten; de lijst bevat alleen de eerste 100" in html
    download = client.get(reverse("asset-import-errors", args=[world.gemeente.slug, job.pk]))
    lines = b"".join(download.streaming_content).decode().strip().splitlines()
    assert len(lines) == 1 + 100 + 1
    assert "nog 150 fouten" in lines[-1]
