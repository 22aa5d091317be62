"""Background tasks of the import page: check (dry run) and run an ImportJob.

Started with `wijkwerk.core.tasks.enqueue("wijkwerk.assets.tasks.import_job_check", job_id=...)`.

The job row is written only when a task starts and when it ends, never while the import runs: the
import holds a write transaction, and on SQLite any other write to the row (from this thread or
another) could collide with it ("database table is locked"). Progress in between goes through the
cache only (core/progress.py), which the page's polling reads. The start and the end are status
changes of the job (services in import_jobs.py, checked against IMPORT_JOB_FLOW and audited). The
uploaded file is deleted when the job fails or is done; the error report under DATA_DIR/reports
stays for the job page.
"""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError
from django.utils.translation import gettext as _

from wijkwerk.core.files import FileRefused
from wijkwerk.core.progress import progress_set
from wijkwerk.core.states import TransitionRefused

from .import_jobs import discard_upload, import_job_fail, import_job_finish, import_job_start
from .importing import ImportOptions, assets_import
from .models import ImportJob

logger = logging.getLogger(__name__)
T = TypeVar("T")

# discard_upload lives in import_jobs now; it stays importable from here.
__all__ = ["discard_upload", "import_job_check", "import_job_run"]

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


def _retrying(write: Callable[[], T]) -> T:
    """Runs a job-row write (outside the import's transaction); retries briefly while SQLite
    reports the table or database locked by another connection."""
    delay = 0.05
    for attempt in range(SAVE_ATTEMPTS):
        try:
            return write()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == SAVE_ATTEMPTS - 1:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 2.0)
    raise AssertionError("unreachable")


def _failure_message(exc: Exception, *, job_id: int, dry_run: bool) -> str:
    if isinstance(exc, FileRefused):
        return str(exc)
    if isinstance(exc, MemoryError):
        return _("Het bestand is te groot om te verwerken; lever het in delen aan.")
    logger.error("Import job %s failed (dry run: %s)", job_id, dry_run, exc_info=exc)
    if dry_run:
        return _("De controle is mislukt door een onverwachte fout (%(error)s).") % {"error": type(exc).__name__}
    return (_("Het inlezen is mislukt door een onverwachte fout (%(error)s); er is niets opgeslagen.")
            % {"error": type(exc).__name__})


def _run(*, job_id: int, dry_run: bool) -> None:
    """Runs the import of a job (as a dry run or for real) and records the outcome on the job."""
    job = ImportJob.objects.select_related("gemeente", "created_by").get(pk=job_id)
    try:
        _retrying(lambda: import_job_start(job=job, dry_run=dry_run))
    except TransitionRefused as exc:  # e.g. cancelled while it waited: nothing to do
        logger.info("Import job %s not started: %s", job_id, exc.message)
        return
    progress_set(kind="import", job_id=job.pk, fraction=0.0)
    try:
        report = assets_import(
            gemeente=job.gemeente, path=job.file_path, options=_options(job, dry_run=dry_run),
            actor=job.created_by, origin="task", progress=_progress_writer(job.pk),
        )
    except Exception as exc:  # recorded on the job (and logged when unexpected): the page shows it
        reason = _failure_message(exc, job_id=job.pk, dry_run=dry_run)
        _retrying(lambda: import_job_fail(job=job, reason=reason))
        return
    _retrying(lambda: import_job_finish(job=job, dry_run=dry_run, report=report.as_json()))


def import_job_check(*, job_id: int) -> None:
    """Dry run: fills job.dry_run_report; status 'checked', or 'failed' with a Dutch error."""
    _run(job_id=job_id, dry_run=True)


def import_job_run(*, job_id: int) -> None:
    """The real import: reports progress, then fills job.report; status 'done' or 'failed'."""
    _run(job_id=job_id, dry_run=False)
