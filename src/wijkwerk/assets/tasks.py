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


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED, error=message)


def import_job_check(*, job_id: int) -> None:
    """Dry run: fills job.dry_run_report; status 'checked', or 'failed' with a Dutch error."""
    job = ImportJob.objects.select_related("gemeente", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.CHECKING, progress=0.0, error="")
    progress_set(kind="import", job_id=job.pk, fraction=0.0)
    try:
        report = assets_import(
            gemeente=job.gemeente, path=job.file_path, options=_options(job, dry_run=True),
            actor=job.created_by, origin="task", progress=_progress_writer(job.pk),
        )
    except ImportFileError as exc:
        _fail(job, str(exc))
        return
    except Exception as exc:  # recorded on the job: the page shows it
        logger.exception("Import check of job %s failed", job_id)
        _fail(job, f"De controle is mislukt door een onverwachte fout ({type(exc).__name__}).")
        return
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.CHECKED, dry_run_report=report.as_json(), progress=1.0
    )


def import_job_run(*, job_id: int) -> None:
    """The real import: updates job.progress, then job.report; status 'done' or 'failed'."""
    job = ImportJob.objects.select_related("gemeente", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, progress=0.0, error="")
    progress_set(kind="import", job_id=job.pk, fraction=0.0)
    try:
        report = assets_import(
            gemeente=job.gemeente, path=job.file_path, options=_options(job, dry_run=False),
            actor=job.created_by, origin="task", progress=_progress_writer(job.pk),
        )
    except ImportFileError as exc:
        _fail(job, str(exc))
        return
    except Exception as exc:
        logger.exception("Import of job %s failed", job_id)
        _fail(job, f"Het inlezen is mislukt door een onverwachte fout ({type(exc).__name__}); er is niets opgeslagen.")
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE, report=report.as_json(), progress=1.0)
