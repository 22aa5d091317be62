"""Background tasks of the import page: check (dry run) and run an ImportJob.

Started with `wijkwerk.core.tasks.enqueue("wijkwerk.assets.tasks.import_job_check", job_id=...)`.
"""

import logging
import time

from django.db import connection

from wijkwerk.core.progress import progress_set

from .importing import ImportFileError, ImportOptions, assets_import
from .models import ImportJob

logger = logging.getLogger(__name__)


def _options(job: ImportJob, *, dry_run: bool) -> ImportOptions:
    return ImportOptions.from_dict({**(job.options or {}), "dry_run": dry_run})


def _progress_writer(job_id: int):
    """Reports the job's progress now and then: always to the cache (read by the page, works from
    inside the import's transaction), and to the job row when no transaction is open (SQLite allows
    only one writer)."""
    last = {"at": 0.0, "value": -1.0}

    def write(fraction: float) -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - last["at"] < 0.5 and fraction - last["value"] < 0.05:
            return
        last["at"], last["value"] = now, fraction
        progress_set(kind="import", job_id=job_id, fraction=fraction)
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=job_id).update(progress=round(min(max(fraction, 0.0), 1.0), 3))

    return write


def _run(*, job_id: int, dry_run: bool) -> None:
    """Runs the import of a job (as a dry run or for real) and records the outcome on the job."""
    job = ImportJob.objects.select_related("gemeente", "created_by").get(pk=job_id)
    busy, done = (
        (ImportJob.Status.CHECKING, ImportJob.Status.CHECKED) if dry_run else (ImportJob.Status.RUNNING, ImportJob.Status.DONE)
    )
    ImportJob.objects.filter(pk=job.pk).update(status=busy, progress=0.0, error="")
    progress_set(kind="import", job_id=job.pk, fraction=0.0)
    try:
        report = assets_import(
            gemeente=job.gemeente, path=job.file_path, options=_options(job, dry_run=dry_run),
            actor=job.created_by, origin="task", progress=_progress_writer(job.pk),
        )
    except Exception as exc:  # recorded on the job: the page shows it
        if isinstance(exc, ImportFileError):
            message = str(exc)
        else:
            logger.exception("Import job %s failed (dry run: %s)", job_id, dry_run)
            message = (
                f"De controle is mislukt door een onverwachte fout ({type(exc).__name__})." if dry_run else
                f"Het inlezen is mislukt door een onverwachte fout ({type(exc).__name__}); er is niets opgeslagen."
            )
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=message)
        return
    result = {"dry_run_report": report.as_json()} if dry_run else {"report": report.as_json()}
    ImportJob.objects.filter(pk=job.pk).update(status=done, progress=1.0, **result)


def import_job_check(*, job_id: int) -> None:
    """Dry run: fills job.dry_run_report; status 'checked', or 'failed' with a Dutch error."""
    _run(job_id=job_id, dry_run=True)


def import_job_run(*, job_id: int) -> None:
    """The real import: reports progress, then fills job.report; status 'done' or 'failed'."""
    _run(job_id=job_id, dry_run=False)
