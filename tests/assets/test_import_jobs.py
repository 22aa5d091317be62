"""Import jobs go through services (assets/import_jobs.py) and their declared states: upload,
confirm and cancel from the page and the task's start and finish are audited with the old and new
status; a job waiting for confirmation can be cancelled (its file is deleted); what the table
refuses is a message on the page and changes nothing."""

import json
import uuid
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.assets.worlds import make_world
from wijkwerk.assets import import_jobs, tasks
from wijkwerk.assets.models import Asset, ImportJob
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.core.states import TransitionRefused

pytestmark = pytest.mark.django_db

GEOJSON = json.dumps({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "J1"}, "geometry": {"type": "Point", "coordinates": [5.105, 52.085]}},
    {"type": "Feature", "properties": {"id": "J2"}, "geometry": {"type": "Point", "coordinates": [5.106, 52.085]}},
]}).encode()


@pytest.fixture
def world(client):
    world = make_world()
    client.force_login(world.beheerder)
    return world


def stored_upload(settings) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / "bomen.geojson"
    path.write_bytes(GEOJSON)
    return path


def checked_job(world, settings) -> ImportJob:
    path = stored_upload(settings)
    job = import_jobs.import_job_create(gemeente=world.gemeente, actor=world.beheerder, file_name=path.name,
                                        file_path=str(path), options={"asset_type": "tree", "id_fields": ["id"]})
    tasks.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED, job.error
    return job


def statuses(job) -> list[tuple[str, str, str, str]]:
    """(action, old status, new status, origin) of the job's audit records, oldest first."""
    return [(e.action, e.detail.get("old_status", ""), e.detail.get("new_status", ""), e.origin)
            for e in AuditLogEntry.objects.filter(object_type="assets.importjob", object_id=str(job.pk)).order_by("id")]


def test_the_whole_flow_through_the_pages_is_audited(client, world, django_capture_on_commit_callbacks):
    response = client.post(f"/g/{world.gemeente.slug}/import/",
                           {"file": SimpleUploadedFile("bomen.geojson", GEOJSON), "asset_type": "tree",
                            "id_fields": "id"})
    job = ImportJob.objects.filter(gemeente=world.gemeente).exclude(pk=world.job.pk).get()
    assert response["Location"] == f"/g/{world.gemeente.slug}/import/{job.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/g/{world.gemeente.slug}/import/{job.pk}/bevestigen")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.error
    assert not Path(job.file_path).exists()
    assert statuses(job) == [
        ("assets.import_job.create", "", "uploaded", "web"),
        ("assets.import_job.checking", "uploaded", "checking", "task"),
        ("assets.import_job.checked", "checking", "checked", "task"),
        ("assets.import_job.running", "checked", "running", "web"),
        ("assets.import_job.done", "running", "done", "task"),
    ]
    created = AuditLogEntry.objects.get(action="assets.import_job.create", object_id=str(job.pk))
    confirmed = AuditLogEntry.objects.get(action="assets.import_job.running", object_id=str(job.pk))
    assert created.actor == confirmed.actor == world.beheerder
    assert created.detail["file"] == "bomen.geojson"
    # the import itself is audited as before, as the CLI import is
    assert AuditLogEntry.objects.get(action="assets.import").detail["created"] == 2


def test_a_job_waiting_for_confirmation_can_be_cancelled_and_its_file_is_deleted(client, world, settings):
    job = checked_job(world, settings)
    url = f"/g/{world.gemeente.slug}/import/{job.pk}/"
    html = client.get(url).content.decode()
    assert f'formaction="{url}annuleren"' in html and ">Annuleren</button>" in html

    response = client.post(f"{url}annuleren", follow=True)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED
    assert not Path(job.file_path).exists() and not Path(job.file_path).parent.exists()
    html = response.content.decode()
    assert "De import is geannuleerd" in html and "Import geannuleerd" in html
    assert "Bevestigen en inlezen" not in html and 'hx-trigger' not in html
    assert statuses(job)[-1] == ("assets.import_job.cancelled", "checked", "cancelled", "web")
    assert AuditLogEntry.objects.get(action="assets.import_job.cancelled").actor == world.beheerder
    assert "Geannuleerd" in client.get(f"/g/{world.gemeente.slug}/import/").content.decode()
    assert not Asset.objects.filter(external_id__in=["J1", "J2"]).exists()


def test_a_cancelled_job_cannot_be_confirmed_and_a_running_one_cannot_be_cancelled(client, world, settings):
    job = checked_job(world, settings)
    import_jobs.import_job_cancel(job=job, actor=world.beheerder)
    follow = client.post(f"/g/{world.gemeente.slug}/import/{job.pk}/bevestigen", follow=True)
    assert "kan niet (meer) worden bevestigd" in follow.content.decode()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED

    world.job.status = ImportJob.Status.RUNNING
    world.job.save()
    before = AuditLogEntry.objects.count()
    follow = client.post(f"/g/{world.gemeente.slug}/import/{world.job.pk}/annuleren", follow=True)
    assert "kan niet (meer) worden geannuleerd" in follow.content.decode()
    world.job.refresh_from_db()
    assert world.job.status == ImportJob.Status.RUNNING
    assert AuditLogEntry.objects.count() == before


def test_cancelling_needs_the_import_permission(client, world):
    client.force_login(world.raadpleger)
    assert client.post(f"/g/{world.gemeente.slug}/import/{world.job.pk}/annuleren").status_code == 403
    world.job.refresh_from_db()
    assert world.job.status == ImportJob.Status.CHECKED


def test_a_task_for_a_cancelled_job_does_nothing(world, settings):
    path = stored_upload(settings)
    job = import_jobs.import_job_create(gemeente=world.gemeente, actor=world.beheerder, file_name=path.name,
                                        file_path=str(path), options={"asset_type": "tree", "id_fields": ["id"]})
    import_jobs.import_job_cancel(job=job, actor=world.beheerder)
    assert not path.exists()
    tasks.import_job_check(job_id=job.pk)
    tasks.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and job.dry_run_report is None and job.report is None
    assert [s[2] for s in statuses(job)] == ["uploaded", "cancelled"]


def test_a_failed_check_records_its_reason_on_the_job_and_in_the_audit_log(world, settings):
    path = stored_upload(settings)
    path.write_text('{"type": "FeatureCollection", "features": [')
    job = import_jobs.import_job_create(gemeente=world.gemeente, actor=world.beheerder, file_name=path.name,
                                        file_path=str(path), options={"asset_type": "tree"})
    tasks.import_job_check(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.error
    entry = AuditLogEntry.objects.get(action="assets.import_job.failed", object_id=str(job.pk))
    assert entry.detail["old_status"] == "checking" and entry.detail["reason"] == job.error
    assert not path.exists()


def test_the_services_refuse_what_the_table_refuses(world):
    done = world.job
    done.status = ImportJob.Status.DONE
    done.save()
    for service in (import_jobs.import_job_confirm, import_jobs.import_job_cancel):
        with pytest.raises(TransitionRefused):
            service(job=done, actor=world.beheerder)
    with pytest.raises(TransitionRefused):
        import_jobs.import_job_start(job=done, dry_run=True)
    with pytest.raises(TransitionRefused):
        import_jobs.import_job_start(job=done, dry_run=False)
    done.refresh_from_db()
    assert done.status == ImportJob.Status.DONE
