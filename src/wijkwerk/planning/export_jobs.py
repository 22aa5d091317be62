"""Files of a plan (MJOP as Excel or PDF) made by a background task (services for PlanExport).

A big plan's Excel takes seconds and megabytes, so it is not made inside the request: the page asks
for a file (`plan_export_request`), the task (`plan_export_run`) writes it into a private folder of
its own under DATA_DIR/exports/ (0700; the file 0600), reporting progress through the cache
(core/progress.py) that the page polls, and the page then offers the download, which only members
who may view plans get (the download view). The file is written in the language of the request that
asked for it. A newer file of the same plan, format and language replaces the older one.

Status changes go through `core.states.transition` with EXPORT_FLOW (models.py), audited.
"""

from __future__ import annotations

import logging
import shutil
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wijkwerk.core import tasks
from wijkwerk.core.audit import audit_log
from wijkwerk.core.private_files import private_dir, private_file
from wijkwerk.core.progress import progress_set
from wijkwerk.core.states import TransitionRefused, transition

from .exporting import PlanDocument, plan_xlsx
from .models import EXPORT_BUSY, EXPORT_FLOW, Plan, PlanExport
from .report_pdf import plan_pdf

logger = logging.getLogger(__name__)

EXPORT_TASK = "wijkwerk.planning.export_jobs.plan_export_run"
PROGRESS_KIND = "plan-export"
EXPORTS_FOLDER = "exports"
# A file still waiting or being made after this long lost its task (e.g. the web process restarted
# in the embedded mode): asking again starts a new one.
STALE_AFTER = timedelta(minutes=30)


def exports_root() -> Path:
    return Path(settings.DATA_DIR) / EXPORTS_FOLDER


def export_file_name(export: PlanExport) -> str:
    """The name the browser saves the file under: mjop-<gemeente>-<plan>.<format>."""
    return f"mjop-{export.plan.gemeente.slug}-{export.plan_id}.{export.format}"


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def plan_export_request(*, plan: Plan, fmt: str, actor=None, origin: str = "web") -> PlanExport:
    """Asks for a file of a computed plan in the active language: returns the one already waiting
    or being made (a second click starts nothing new), or a new one whose task starts after commit."""
    if fmt not in PlanExport.Format.values:
        raise ValidationError(_("Onbekend bestandsformaat '%(format)s': kies Excel of PDF.") % {"format": fmt})
    if not plan.has_result:
        raise ValidationError(_("Het plan is nog niet klaar."))
    language = _language()
    with transaction.atomic():
        Plan.objects.select_for_update().filter(pk=plan.pk).first()  # one request per plan at a time
        busy = PlanExport.objects.filter(plan=plan, format=fmt, language=language, status__in=EXPORT_BUSY).first()
        if busy is not None:
            if busy.created >= timezone.now() - STALE_AFTER:
                return busy
            _fail(busy, _("Het maken van het bestand is afgebroken; het wordt opnieuw gemaakt."), origin=origin)
        export = PlanExport.objects.create(plan=plan, format=fmt, language=language, created_by=actor
                                           if getattr(actor, "pk", None) else None)
        audit_log(action="planning.export.create", actor=actor, gemeente=plan.gemeente, obj=export, origin=origin,
                  detail={"plan": plan.pk, "format": fmt, "language": language, "new_status": export.status})
        transaction.on_commit(lambda: tasks.enqueue(EXPORT_TASK, export_id=export.pk))
    return export


def _fail(export: PlanExport, reason: str, *, origin: str = "task") -> None:
    transition(export, flow=EXPORT_FLOW, to=PlanExport.Status.FAILED, origin=origin, reason=reason,
               changes={"error": reason, "finished": timezone.now()})


def _document(export: PlanExport) -> PlanDocument:
    plan = export.plan
    by = export.created_by
    return PlanDocument(gemeente=plan.gemeente, name=plan.name, summary=plan.result or {},
                        items=list(plan.items.values_list("asset_id", "year", "intervention", "cost")),
                        objective=(plan.params or {}).get("objective", "risk"),
                        made_by=(by.get_full_name() or by.get_username()) if by else "", made_at=timezone.now())


def plan_export_run(*, export_id: int) -> None:
    """Task: queued -> running -> done with the file, or failed with the reason the page shows."""
    export = PlanExport.objects.select_related("plan__gemeente", "created_by").filter(pk=export_id).first()
    if export is None:  # the plan was deleted while the file waited
        return
    try:
        transition(export, flow=EXPORT_FLOW, to=PlanExport.Status.RUNNING, origin="task")
    except TransitionRefused as exc:
        logger.info("Plan export %s not started: %s", export_id, exc.message)
        return
    progress_set(kind=PROGRESS_KIND, job_id=export.pk, fraction=0.0)
    folder = private_dir(exports_root() / uuid.uuid4().hex)
    path = folder / export_file_name(export)

    def report(fraction: float) -> None:
        progress_set(kind=PROGRESS_KIND, job_id=export.pk, fraction=fraction)

    try:
        with translation.override(export.language):
            write = plan_pdf if export.format == PlanExport.Format.PDF else plan_xlsx
            write(_document(export), path=str(path), progress=report)
        private_file(path)
    except Exception:  # recorded on the export (the page says it) and logged
        logger.exception("Plan export %s failed", export_id)
        shutil.rmtree(folder, ignore_errors=True)
        with translation.override(export.language):
            _fail(export, _("Het bestand kon niet worden gemaakt door een onverwachte fout. Probeer het opnieuw; "
                            "blijft het mislukken, meld het dan aan de beheerder."))
        return
    older = list(PlanExport.objects.filter(plan_id=export.plan_id, format=export.format, language=export.language,
                                           status=PlanExport.Status.DONE).exclude(pk=export.pk))
    transition(export, flow=EXPORT_FLOW, to=PlanExport.Status.DONE, origin="task",
               changes={"file_path": str(path), "size": path.stat().st_size, "finished": timezone.now()},
               after_commit=lambda: _discard(older))


def _discard(exports: list[PlanExport]) -> None:
    """Deletes exports and their files (a newer file replaced them, or their plan is deleted)."""
    for export in exports:
        remove_export_file(export.file_path)
    PlanExport.objects.filter(pk__in=[e.pk for e in exports]).delete()


def remove_export_file(file_path: str) -> None:
    """Removes an export's folder, only when it lies under DATA_DIR/exports/."""
    if not file_path:
        return
    folder = Path(file_path).resolve().parent
    root = exports_root().resolve()
    if folder != root and folder.is_relative_to(root):
        shutil.rmtree(folder, ignore_errors=True)


def plan_export_files(*, plan: Plan) -> list[str]:
    """The files of a plan's exports (to remove once the plan is deleted)."""
    return [p for p in PlanExport.objects.filter(plan=plan).values_list("file_path", flat=True) if p]
