"""Choosing the asset types of a file on the import page: the check lists the values of the type column
with their rows; the user picks a type for each (or writes YAML, the advanced way); the file is checked
again with that mapping. The upload form shows type names, not codes, and keeps YAML under "Geavanceerd"."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assets.worlds import make_world
from tests.core.http import login
from wijkwerk.assets.importing import ImportOptions, assets_import
from wijkwerk.assets.models import Asset, ImportJob
from wijkwerk.assets.tasks import import_job_check, import_job_run
from wijkwerk.core.models import AuditLogEntry

pytestmark = pytest.mark.django_db

ROWS = [("1", "LM"), ("2", "LM"), ("3", "BOOM"), ("4", "bench"), ("5", "UFO")]


def _file(rows=ROWS) -> bytes:
    features = [{"type": "Feature", "properties": {"id": ext, "soort_object": kind},
                 "geometry": {"type": "Point", "coordinates": [5.101 + i * 0.001, 52.085]}}
                for i, (ext, kind) in enumerate(rows)]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


@pytest.fixture
def queued(monkeypatch):
    calls = []
    monkeypatch.setattr("wijkwerk.assets.import_views.enqueue", lambda path, **kw: calls.append((path, kw)))
    monkeypatch.setattr("wijkwerk.core.tasks.enqueue", lambda path, **kw: calls.append((path, kw)))
    return calls


def test_the_check_reports_the_values_of_the_type_column(tmp_path):
    world = make_world()
    path = tmp_path / "mix.geojson"
    path.write_bytes(_file())
    report = assets_import(gemeente=world.gemeente, path=path, options=ImportOptions(
        type_field="soort_object", id_fields=("id",), dry_run=True)).as_json()
    assert report["type_column"] == "soort_object"
    assert report["type_values"] == [
        {"value": "LM", "count": 2, "type": None},
        {"value": "BOOM", "count": 1, "type": "tree"},  # the Dutch name of a type, in any case
        {"value": "UFO", "count": 1, "type": None},
        {"value": "bench", "count": 1, "type": "bench"},  # a code is known as it is
    ]
    assert report["by_type"] == {"bench": 1, "tree": 1}
    assert report["errors"][0]["message"] == "Onbekende soort 'LM'."  # no list of English codes per row


def test_upload_form_shows_type_names_and_keeps_yaml_advanced():
    world = make_world()
    html = login(world.beheerder).get(f"/g/{world.gemeente.slug}/import/").content.decode()
    assert '<option value="tree">Boom</option>' in html
    assert "(tree)" not in html and "street_light)" not in html
    assert html.index('<details class="advanced"') < html.index('name="type_map"')
    assert html.index('name="type_field"') < html.index('<details class="advanced"')


def _checked_job(client, world, queued) -> ImportJob:
    response = client.post(f"/g/{world.gemeente.slug}/import/", {
        "file": SimpleUploadedFile("mix.geojson", _file()), "type_field": "soort_object", "id_fields": "id"})
    job = ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    queued.clear()
    return job


def test_choosing_types_checks_the_file_again_and_the_import_uses_them(queued, django_capture_on_commit_callbacks):
    world = make_world()
    client = login(world.beheerder)
    job = _checked_job(client, world, queued)
    page = client.get(f"/g/{world.gemeente.slug}/import/{job.pk}/")
    html = page.content.decode()
    assert "Soorten in het bestand" in html and "Kolom ‘soort_object’" in html
    form = page.context["type_form"]
    assert [(value, count) for _, value, count in form.rows()] == [("LM", 2), ("BOOM", 1), ("UFO", 1), ("bench", 1)]
    assert form["t3"].initial == "bench"  # preset to what the check found
    assert '<option value="street_light">Lichtmast</option>' in html

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/g/{world.gemeente.slug}/import/{job.pk}/soorten",
                               {"soort-t0": "street_light", "soort-t1": "tree", "soort-t2": "", "soort-t3": "bench"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportJob.Status.UPLOADED
    assert job.options["type_map"] == {"LM": "street_light", "BOOM": "tree", "bench": "bench"}
    assert job.dry_run_report is None
    assert queued == [("wijkwerk.assets.tasks.import_job_check", {"job_id": job.pk})]
    assert AuditLogEntry.objects.filter(action="assets.import_job.retype").count() == 1

    import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert (job.dry_run_report["created"], job.dry_run_report["rejected"]) == (4, 1)
    html = client.get(f"/g/{world.gemeente.slug}/import/{job.pk}/").content.decode()
    assert "Lichtmast" in html and "Per soort" in html
    job.status = ImportJob.Status.RUNNING
    job.save()
    import_job_run(job_id=job.pk)
    kinds = dict(Asset.objects.filter(gemeente=world.gemeente, external_id__in=["1", "2", "3", "4", "5"])
                 .values_list("external_id", "asset_type__code"))
    assert kinds == {"1": "street_light", "2": "street_light", "3": "tree", "4": "bench"}


def test_the_yaml_way_and_its_errors(queued):
    world = make_world()
    client = login(world.beheerder)
    job = _checked_job(client, world, queued)
    url = f"/g/{world.gemeente.slug}/import/{job.pk}/soorten"
    response = client.post(url, {"type_map_yaml": "LM: lantaarn"})
    assert response.status_code == 400
    assert "geen bekende soort" in response.content.decode()
    assert '<details class="advanced" open>' in response.content.decode()
    response = client.post(url, {"soort-t0": "", "soort-t1": "", "soort-t2": "", "soort-t3": ""})
    assert response.status_code == 400
    assert "Kies voor ten minste één waarde een soort." in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED
    response = client.post(url, {"type_map_yaml": "LM: street_light\nUFO: bench\n"})
    job.refresh_from_db()
    assert job.options["type_map"] == {"LM": "street_light", "UFO": "bench"}


def test_types_cannot_be_chosen_once_the_import_runs(queued):
    world = make_world()
    client = login(world.beheerder)
    job = _checked_job(client, world, queued)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    response = client.post(f"/g/{world.gemeente.slug}/import/{job.pk}/soorten", {"soort-t0": "tree"}, follow=True)
    assert "de soorten niet (meer) worden gekozen" in response.content.decode()
    assert not queued
    assert login(world.raadpleger).post(f"/g/{world.gemeente.slug}/import/{job.pk}/soorten").status_code == 403
