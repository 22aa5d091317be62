"""Import jobs of the import page (services): upload, confirm, cancel, and the task's start and finish.

The status of a job follows IMPORT_JOB_FLOW (assets/models.py); every change goes through
`core.states.transition`, so it is checked against that table under a row lock and audited
(`assets.import_job.<status>`, old and new status in the detail), like the import itself is audited
as `assets.import` by `assets_import`. A task is started only after commit (a worker must find the
row); the uploaded file is deleted once its job is cancelled, failed or done, right after the status
change is written (pages and tasks call these services outside any outer transaction).

uploaded --(check task)--> checking --> checked --(user confirms)--> running --(run task)--> done
A waiting job (uploaded, checked) can be cancelled; a job being checked or run can fail. A checked job
whose types the user maps anew goes back to uploaded and is checked again (`import_job_retype`).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from wijkwerk.core import tasks as background
from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused, transition

from .models import IMPORT_JOB_FLOW, ImportJob

logger = logging.getLogger(__name__)

CHECK_TASK = "wijkwerk.assets.tasks.import_job_check"
RUN_TASK = "wijkwerk.assets.tasks.import_job_run"

__all__ = ["CHECK_TASK", "RUN_TASK", "TransitionRefused", "discard_upload", "import_job_cancel", "import_job_confirm",
           "import_job_create", "import_job_fail", "import_job_finish", "import_job_retype", "import_job_start"]


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


# --- the user's side ---------------------------------------------------------------------------------


@transaction.atomic
def import_job_create(*, gemeente, actor, file_name: str, file_path: str, options: dict,
                      origin: str = "web") -> ImportJob:
    """Records an uploaded (and already checked by content) file as a job, status uploaded: waiting for
    its check. The caller starts the check (`CHECK_TASK`) once this has returned (the job row is
    committed by then)."""
    job = ImportJob.objects.create(gemeente=gemeente, created_by=actor, file_name=file_name, file_path=file_path,
                                   options=options, status=ImportJob.Status.UPLOADED)
    audit_log(action="assets.import_job.create", actor=actor, gemeente=gemeente, obj=job, origin=origin,
              detail={"file": file_name, "new_status": job.status,
                      "options": {**options, "type_map": bool(options.get("type_map"))}})
    return job


def import_job_confirm(*, job: ImportJob, actor, origin: str = "web") -> ImportJob:
    """The user agrees with the dry run: checked -> running, and the real import starts after commit.
    A second confirmation (a double click) is refused, so the import starts once."""
    return transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.RUNNING, actor=actor, origin=origin,
                      changes={"progress": 0.0},
                      refused=_("Deze import is al gestart of kan niet (meer) worden bevestigd."),
                      after_commit=lambda: background.enqueue(RUN_TASK, job_id=job.pk))


def import_job_retype(*, job: ImportJob, type_map: dict[str, str], type_column: str | None = None, actor,
                      origin: str = "web") -> ImportJob:
    """The user chose the asset type of each value of the type column (`type_map`: value -> type code):
    checked -> uploaded with the new mapping, and the check starts again after commit (the uploaded
    file is still there). `type_column`: the column the check read the types from, kept as the job's
    type field when the user had not named one."""
    options = {**(job.options or {}), "asset_type": None, "type_map": dict(type_map)}
    if type_column and not options.get("type_field"):
        options["type_field"] = type_column
    return transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.UPLOADED, actor=actor, origin=origin,
                      changes={"options": options, "dry_run_report": None, "progress": 0.0},
                      detail={"type_map": len(type_map)}, action="assets.import_job.retype",
                      refused=_("Deze import wordt al ingelezen of is afgesloten; de soorten kunnen niet meer "
                                "worden gewijzigd."),
                      after_commit=lambda: background.enqueue(CHECK_TASK, job_id=job.pk))


def import_job_cancel(*, job: ImportJob, actor, origin: str = "web") -> ImportJob:
    """A job that waits (for its check or for confirmation) is cancelled; its uploaded file is deleted."""
    job = transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.CANCELLED, actor=actor, origin=origin,
                     refused=_("Deze import kan niet (meer) worden geannuleerd: hij is al bezig of klaar."))
    discard_upload(job.file_path)
    return job


# --- the task's side ---------------------------------------------------------------------------------


def import_job_start(*, job: ImportJob, dry_run: bool) -> ImportJob:
    """The task begins: uploaded -> checking for the dry run. For the real run the job is normally
    running already (the confirmation claimed it); a checked job started without that step (the task
    called directly) is moved to running here. Raises TransitionRefused for any other status, e.g. a
    job cancelled while it waited."""
    if dry_run:
        return transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.CHECKING, origin="task",
                          changes={"progress": 0.0, "error": ""})
    job.refresh_from_db(fields=["status"])
    if job.status == ImportJob.Status.RUNNING:
        return job
    return transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.RUNNING, origin="task",
                      changes={"progress": 0.0, "error": ""})


def import_job_finish(*, job: ImportJob, dry_run: bool, report: dict) -> ImportJob:
    """checking -> checked with the dry-run report (the file stays for the run), or running -> done
    with the import's report (the file is deleted)."""
    if dry_run:
        return transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.CHECKED, origin="task",
                          changes={"progress": 1.0, "dry_run_report": report})
    job = transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.DONE, origin="task",
                     changes={"progress": 1.0, "report": report})
    discard_upload(job.file_path)
    return job


def import_job_fail(*, job: ImportJob, reason: str) -> ImportJob:
    """checking or running (or still uploaded) -> failed, with the Dutch reason the page shows; the
    uploaded file is deleted."""
    job = transition(job, flow=IMPORT_JOB_FLOW, to=ImportJob.Status.FAILED, origin="task", reason=reason,
                     changes={"error": reason})
    discard_upload(job.file_path)
    return job
