"""Progress of an import job goes through the cache only: while the import runs (and holds its
write transaction) nothing writes the ImportJob row; the row is written at start and end. The
page's polling only reads. (On SQLite a second writer collided: "database table is locked".)"""

import json
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.assets import tasks
from wijkwerk.assets.models import Asset, ImportJob
from wijkwerk.assets.services import asset_types_sync
from wijkwerk.core.progress import progress_get
from wijkwerk.municipalities.roles import OPDRACHTNEMER

pytestmark = pytest.mark.django_db(transaction=True)


def stored_upload(settings, count: int = 50) -> Path:
    folder = Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / "bomen.geojson"
    features = [{"type": "Feature", "properties": {"id": f"B{i}"},
                 "geometry": {"type": "Point", "coordinates": [5.1 + i * 0.0001, 52.08]}} for i in range(count)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@pytest.fixture
def job(settings):
    asset_types_sync()  # a transactional test starts from an empty database
    gemeente = GemeenteFactory(slug="utrecht")
    user = UserFactory(username="planner")
    make_member(user, gemeente, OPDRACHTNEMER)
    path = stored_upload(settings)
    return ImportJob.objects.create(gemeente=gemeente, created_by=user, file_name=path.name, file_path=str(path),
                                    options={"asset_type": "tree", "id_fields": ["id"]})


class JobWrites:
    """Records every SQL statement that writes assets_importjob, and whether the import was running."""

    def __init__(self):
        self.running = False
        self.writes: list[tuple[bool, str]] = []

    def __call__(self, execute, sql, params, many, context):
        text = sql.upper()
        if "ASSETS_IMPORTJOB" in text and text.lstrip().startswith(("UPDATE", "INSERT", "DELETE")):
            self.writes.append((self.running, sql))
        return execute(sql, params, many, context)


def test_the_progress_writer_only_touches_the_cache(job):
    write = tasks._progress_writer(job.pk)
    with CaptureQueriesContext(connection) as queries:
        write(0.5)
        write(1.0)
    assert len(queries) == 0
    assert progress_get(kind="import", job_id=job.pk) == 1.0
    job.refresh_from_db()
    assert job.progress == 0.0


def test_the_job_row_is_written_only_at_start_and_end_never_while_the_import_runs(job, monkeypatch):
    recorder = JobWrites()
    real_import = tasks.assets_import
    seen_progress = []

    def import_while_recording(**kwargs):
        progress = kwargs["progress"]

        def spy(fraction):
            progress(fraction)
            seen_progress.append(progress_get(kind="import", job_id=job.pk))

        recorder.running = True
        try:
            return real_import(**{**kwargs, "progress": spy})
        finally:
            recorder.running = False

    monkeypatch.setattr(tasks, "assets_import", import_while_recording)
    with connection.execute_wrapper(recorder):
        tasks.import_job_check(job_id=job.pk)
        job.refresh_from_db()
        assert job.status == "checked", job.error
        tasks.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.report["created"] == 50 and Asset.objects.count() == 50
    assert [running for running, _ in recorder.writes] == [False, False, False, False]  # start+end, twice
    assert seen_progress and seen_progress[-1] == 1.0  # the page saw the progress through the cache
    assert job.progress == 1.0


def test_the_status_page_only_reads(job, client):
    tasks.import_job_check(job_id=job.pk)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    client.force_login(job.created_by)
    recorder = JobWrites()
    with connection.execute_wrapper(recorder):
        response = client.get(f"/g/{job.gemeente.slug}/import/{job.pk}/status")
        client.get(f"/g/{job.gemeente.slug}/import/{job.pk}/")
    assert response.status_code == 200
    assert recorder.writes == []


def test_the_upload_is_deleted_when_the_job_is_done_or_failed_but_kept_after_the_check(job, settings):
    path = Path(job.file_path)
    tasks.import_job_check(job_id=job.pk)
    assert path.exists()  # the confirmed run still needs it
    tasks.import_job_run(job_id=job.pk)
    assert not path.exists() and not path.parent.exists()

    broken = stored_upload(settings)
    broken.write_text('{"type": "FeatureCollection", "features": [')
    failed = ImportJob.objects.create(gemeente=job.gemeente, created_by=job.created_by, file_name="kapot.geojson",
                                      file_path=str(broken), options={"asset_type": "tree"})
    tasks.import_job_check(job_id=failed.pk)
    failed.refresh_from_db()
    assert failed.status == "failed" and failed.error
    assert not broken.exists() and not broken.parent.exists()


def test_discarding_never_leaves_the_upload_folder(tmp_path, settings):
    outside = tmp_path / "elders" / "x" / "bomen.geojson"
    outside.parent.mkdir(parents=True)
    outside.write_text("{}")
    tasks.discard_upload(str(outside))
    tasks.discard_upload(str(Path(settings.MEDIA_ROOT) / "imports" / ".." / ".." / ".." / "elders" / "x" / "bomen.geojson"))
    assert outside.exists()
