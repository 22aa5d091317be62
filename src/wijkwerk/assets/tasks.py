"""Background tasks of the import page: check (dry run) and run an ImportJob.

Started with `wijkwerk.core.tasks.enqueue("wijkwerk.assets.tasks.import_job_check", job_id=...)`.

The job row is written only when a task starts and when it ends, never while the import runs: the
import holds a write transaction, and on SQLite any other write to the row (from this thread or
another) could collide with it ("database table is locked"). Progress in between goes through the
cache only (core/progress.py), which the page's polling reads. The uploaded file is deleted when the
job fails or is done; the error report under DATA_DIR/reports stays for the job page.
"""

import logging
import shutil
import time
from pathlib import Path

from django.conf import settings
from django.db import OperationalError

from wijkwerk.core.progress import progress_set
from wijkwerk.core.uploads import FileRefused

from .importing import ImportOptions, assets_import
from .models import ImportJob

logger = logging.getLogger(__name__)

SAVE_ATTEMPTS = 8  # a job-row write waits at most ~6 s for a lock held elsewhere


def _options(job: ImportJob, *, dry_run: bool) -> ImportOptions:
    return ImportOptions.from_dict({**(job.options or {}), "dry_run": dry_run})


def _progress_writer(job_id: int):
    """Reports the job's progress now and then, to the cache only (see the module docstring)."""
    last = {"at": 0.0, "value": -1.0}

    def write(fraction: float) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - last["at"] < 0.5 and fraction - last["value"] < 0.05:
            return
        last["at"], last["value"] = now, fraction
        progress_set(kind="import", job_id=job_id, fraction=fraction)

    return write


def _save_job(job_id: int, **fields) -> None:
    """Writes the job row (called outside the import's transaction); retries briefly while SQLite
    reports the table or database locked by another connection."""
    delay = 0.05
    for attempt in range(SAVE_ATTEMPTS):
        try:
            ImportJob.objects.filter(pk=job_id).update(**fields)
            return
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == SAVE_ATTEMPTS - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


def discard_upload(file_path: str) -> None:
    """Deletes an uploaded import file and its own folder (MEDIA_ROOT/imports/<uuid>/); anything
    outside that folder is left alone."""
    if not file_path:
        return
    imports = (Path(settings.MEDIA_ROOT) / "imports").resolve()
    path = Path(file_path).resolve()
    if path.parent.parent != imports:
        return
    try:
        shutil.rmtree(path.parent)
    except FileNotFoundError:
        pass
    except OSError:
        logger.warning("Could not delete the uploaded file %s", path, exc_info=True)


def _failure_message(exc: Exception, *, job_id: int, dry_run: bool) -> str:
    if isinstance(exc, FileRefused):
        return str(exc)
    if isinstance(exc, MemoryError):
        return "Het bestand is te groot om te verwerken; lever het in delen aan."
    logger.error("Import job %s failed (dry run: %s)", job_id, dry_run, exc_info=exc)
    if dry_run:
        return f"De controle is mislukt door een onverwachte fout ({type(exc).__name__})."
    return f"Het inlezen is mislukt door een onverwachte fout ({type(exc).__name__}); er is niets opgeslagen."


def _run(*, job_id: int, dry_run: bool) -> None:
    """Runs the import of a job (as a dry run or for real) and records the outcome on the job."""
    job = ImportJob.objects.select_related("gemeente", "created_by").get(pk=job_id)
    busy, done = (
        (ImportJob.Status.CHECKING, ImportJob.Status.CHECKED) if dry_run else (ImportJob.Status.RUNNING, ImportJob.Status.DONE)
    )
    progress_set(kind="import", job_id=job.pk, fraction=0.0)
    _save_job(job.pk, status=busy, progress=0.0, error="")
    try:
        report = assets_import(
            gemeente=job.gemeente, path=job.file_path, options=_options(job, dry_run=dry_run),
            actor=job.created_by, origin="task", progress=_progress_writer(job.pk),
        )
    except Exception as exc:  # recorded on the job: the page shows it
        _save_job(job.pk, status=ImportJob.Status.FAILED, error=_failure_message(exc, job_id=job.pk, dry_run=dry_run))
        discard_upload(job.file_path)
        return
    result = {"dry_run_report": report.as_json()} if dry_run else {"report": report.as_json()}
    _save_job(job.pk, status=done, progress=1.0, **result)
    if not dry_run:  # the check keeps the file for the confirmed run
        discard_upload(job.file_path)


def import_job_check(*, job_id: int) -> None:
    """Dry run: fills job.dry_run_report; status 'checked', or 'failed' with a Dutch error."""
    _run(job_id=job_id, dry_run=True)


def import_job_run(*, job_id: int) -> None:
    """The real import: reports progress, then fills job.report; status 'done' or 'failed'."""
    _run(job_id=job_id, dry_run=False)
