"""The import pages: upload with options, the dry-run report, confirm, progress."""

import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assets.worlds import make_world
from wijkwerk.assets.models import ImportJob

pytestmark = pytest.mark.django_db

GEOJSON = json.dumps(
    {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"id": "T1", "soort": "Tilia"},
             "geometry": {"type": "Point", "coordinates": [5.105, 52.085]}},
        ],
    }
).encode()


@pytest.fixture
def queued(monkeypatch):
    """Records the tasks the pages enqueue (the check by the upload page, the run once the confirmation
    is committed) instead of running them."""
    calls = []

    def record(path, **kw):
        calls.append((path, kw))

    monkeypatch.setattr("wijkwerk.assets.import_views.enqueue", record)
    monkeypatch.setattr("wijkwerk.core.tasks.enqueue", record)
    return calls


def test_import_needs_the_import_permission(client):
    world = make_world()
    client.force_login(world.raadpleger)
    response = client.get(f"/g/{world.gemeente.slug}/import/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
    assert client.get(f"/g/{world.gemeente.slug}/import/{world.job.pk}/").status_code == 403
    assert client.post(f"/g/{world.gemeente.slug}/import/{world.job.pk}/bevestigen").status_code == 403


def test_import_form_is_dutch_with_a_label_for_every_field(client):
    world = make_world()
    client.force_login(world.beheerder)
    response = client.get(f"/g/{world.gemeente.slug}/import/")
    html = response.content.decode()
    assert response.status_code == 200
    for field in response.context["form"]:
        assert f'for="{field.id_for_label}"' in html
    for text in ("Bestand inlezen", "Soort asset", "Sleutelvelden", "Coördinatenstelsel", "Tekenset",
                 "Uploaden en controleren", "bomen.geojson"):
        assert text in html


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({}, "asset_type", "Kies een soort asset"),
        ({"asset_type": "tree", "type_field": "SOORT"}, "type_field", "niet allebei"),
        ({"type_field": "SOORT", "type_map": "LM: lantaarn"}, "type_map", "geen bekende soort"),
        ({"type_field": "SOORT", "type_map": "[1, 2"}, "type_map", "geen geldige YAML"),
        ({"asset_type": "tree", "crs": "RD"}, "crs", "EPSG:nummer"),
        ({"asset_type": "tree", "encoding": "klingon"}, "encoding", "onbekend"),
    ],
)
def test_import_form_explains_bad_options(client, queued, data, field, message):
    world = make_world()
    client.force_login(world.beheerder)
    data = {"file": SimpleUploadedFile("b.geojson", GEOJSON), **data}
    response = client.post(f"/g/{world.gemeente.slug}/import/", data)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not queued


def test_import_refuses_an_unknown_file_kind(client, queued):
    world = make_world()
    client.force_login(world.beheerder)
    data = {"file": SimpleUploadedFile("b.exe", b"MZ"), "asset_type": "tree"}
    response = client.post(f"/g/{world.gemeente.slug}/import/", data)
    assert "kan niet worden ingelezen" in " ".join(response.context["form"].errors["file"])


def test_upload_stores_the_file_safely_creates_a_job_and_starts_the_check(client, queued, settings):
    world = make_world()
    client.force_login(world.beheerder)
    data = {
        "file": SimpleUploadedFile("../../kwaad bestand.GeoJSON", GEOJSON),
        "type_field": "SOORT",
        "type_map": "LM: street_light\nBM: tree",
        "id_fields": "BUURT, STRAAT;MASTNUMMER",
        "crs": "28992",
        "encoding": "latin-1",
    }
    response = client.post(f"/g/{world.gemeente.slug}/import/", data)
    job = ImportJob.objects.filter(gemeente=world.gemeente).exclude(pk=world.job.pk).get()
    assert response["Location"] == f"/g/{world.gemeente.slug}/import/{job.pk}/"
    assert queued == [("wijkwerk.assets.tasks.import_job_check", {"job_id": job.pk})]
    assert job.created_by == world.beheerder and job.status == "uploaded"
    assert job.file_name == "kwaad bestand.GeoJSON"
    assert job.options == {
        "asset_type": None, "type_field": "SOORT", "type_map": {"LM": "street_light", "BM": "tree"},
        "id_fields": ["BUURT", "STRAAT", "MASTNUMMER"], "crs": "EPSG:28992", "encoding": "latin-1",
    }
    path = Path(job.file_path)
    imports = Path(settings.MEDIA_ROOT).resolve() / "imports"
    assert path.parent.parent == imports and len(path.parent.name) == 32
    assert path.name == "kwaad_bestand.geojson"
    assert path.read_bytes() == GEOJSON
    # while the check runs, the page polls
    html = client.get(response["Location"]).content.decode()
    assert "Bestand wordt gecontroleerd" in html and 'hx-trigger="every 1s"' in html
    assert "/static/vendor/htmx/htmx.min.js" in html


def test_job_page_shows_the_dry_run_report_and_confirming_starts_the_import(client, queued,
                                                                           django_capture_on_commit_callbacks):
    world = make_world()
    client.force_login(world.beheerder)
    url = f"/g/{world.gemeente.slug}/import/{world.job.pk}/"
    html = client.get(url).content.decode()
    for text in ("Controle (er is nog niets opgeslagen)", "gelezen", "nieuw", "gewijzigd", "ongewijzigd",
                 "geweigerd", "buiten buurten", "Geometrie ontbreekt.", "RD New aangenomen", "Bevestigen en inlezen"):
        assert text in html, text
    assert 'hx-trigger' not in html  # nothing to wait for yet

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{url}bevestigen")
    assert response["Location"] == url
    assert queued == [("wijkwerk.assets.tasks.import_job_run", {"job_id": world.job.pk})]
    world.job.refresh_from_db()
    assert world.job.status == "running"

    fragment = client.get(f"{url}status").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and "<progress" in fragment and "Bezig met inlezen" in fragment
    assert "<html" not in fragment

    # a second click does not start a second import
    with django_capture_on_commit_callbacks(execute=True):
        follow = client.post(f"{url}bevestigen", follow=True)
    assert "al gestart" in follow.content.decode()
    assert len(queued) == 1


def test_progress_and_final_report(client):
    world = make_world()
    client.force_login(world.beheerder)
    job = world.job
    job.status, job.progress = "running", 0.42
    job.save()
    url = f"/g/{world.gemeente.slug}/import/{job.pk}/status"
    assert 'value="42"' in client.get(url).content.decode()
    job.status, job.progress = "done", 1.0
    job.report = {"read": 3, "created": 2, "updated": 0, "unchanged": 0, "rejected": 1, "outside_areas": 1,
                  "errors": [], "messages": []}
    job.save()
    fragment = client.get(url).content.decode()
    assert "hx-trigger" not in fragment  # polling stops
    assert "Klaar: het bestand is ingelezen" in fragment and "Resultaat" in fragment
    assert 'data-count="created">2<' in fragment


def test_failed_job_shows_the_reason(client):
    world = make_world()
    client.force_login(world.beheerder)
    world.job.status, world.job.error = "failed", "Het bestand is geen geldige GeoJSON."
    world.job.save()
    html = client.get(f"/g/{world.gemeente.slug}/import/{world.job.pk}/").content.decode()
    assert "Import mislukt" in html and "geen geldige GeoJSON" in html
    assert "Bevestigen en inlezen" not in html


def test_error_list_download_only_from_the_data_folder(client, settings):
    world = make_world()
    client.force_login(world.beheerder)
    url = f"/g/{world.gemeente.slug}/import/{world.job.pk}/fouten.csv"
    assert client.get(url).status_code == 404  # no report yet
    world.job.dry_run_report = {**world.job.dry_run_report, "report_csv": "/etc/passwd"}
    world.job.save()
    assert client.get(url).status_code == 404
    csv = Path(settings.DATA_DIR) / "reports" / "x.csv"
    csv.parent.mkdir(parents=True)
    csv.write_text("rij,veld,melding\n3,geometry,Geometrie ontbreekt.\n")
    world.job.dry_run_report = {**world.job.dry_run_report, "report_csv": str(csv)}
    world.job.save()
    response = client.get(url)
    assert response.status_code == 200
    assert b"Geometrie ontbreekt." in b"".join(response.streaming_content)
