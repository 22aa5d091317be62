"""The files of a plan (MJOP as Excel or PDF) on its page: ask for one (POST: a background task
makes it), follow its progress (the block polls), download it (GET, members who may view plans).
One URL per format: POST makes the file, GET downloads the newest one in the page's language."""

from pathlib import Path

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.progress import progress_get
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import export_jobs, selectors
from .models import Plan, PlanExport

URL_NAMES = {PlanExport.Format.XLSX: "planning-plan-excel", PlanExport.Format.PDF: "planning-plan-pdf"}
CONTENTS = {
    PlanExport.Format.XLSX: gettext_lazy("alle maatregelen per jaar, met kosten per wijk, assettype en maatregel"),
    PlanExport.Format.PDF: gettext_lazy("de samenvatting voor raad en college, met uitleg van de getallen"),
}


def _language() -> str:
    return (get_language() or "nl").split("-")[0]


def files_context(gemeente, plan: Plan) -> dict:
    """The files block of a plan page: per format the newest export (in the page's language), its
    progress while it is made and whether a file can be downloaded."""
    latest = selectors.plan_exports_latest(plan=plan, language=_language())
    files = []
    for fmt in (PlanExport.Format.XLSX, PlanExport.Format.PDF):
        export = latest.get(fmt)
        busy = export is not None and export.busy
        progress = (progress_get(kind=export_jobs.PROGRESS_KIND, job_id=export.pk) or 0.0) if busy else 0.0
        ready = selectors.plan_export_ready(plan=plan, fmt=fmt, language=_language())
        files.append({"format": fmt, "label": PlanExport.Format(fmt).label, "contents": str(CONTENTS[fmt]),
                      "export": export, "busy": busy, "percent": round(progress * 100), "ready": ready,
                      "failed": export is not None and export.status == PlanExport.Status.FAILED,
                      "url": reverse(URL_NAMES[fmt], args=[gemeente.slug, plan.pk])})
    return {"files": files, "files_busy": any(f["busy"] for f in files),
            "files_url": reverse("planning-plan-files", args=[gemeente.slug, plan.pk])}


def _plan_anchor(gemeente, plan: Plan) -> str:
    return reverse("planning-plan", args=[gemeente.slug, plan.pk]) + "#bestanden"


def _file(request: HttpRequest, gemeente, plan_id: int, fmt: str) -> HttpResponse:
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    if request.method == "POST":
        try:
            export_jobs.plan_export_request(plan=plan, fmt=fmt, actor=request.user, origin="web")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(_plan_anchor(gemeente, plan))
    ready = selectors.plan_export_ready(plan=plan, fmt=fmt, language=_language()) if plan.has_result else None
    if ready is None:
        messages.info(request, _("Dit bestand is er nog niet (in deze taal). Maak het hieronder bij ‘Downloaden’."))
        return redirect(_plan_anchor(gemeente, plan))
    return FileResponse(Path(ready.file_path).open("rb"), as_attachment=True,
                        filename=export_jobs.export_file_name(ready))


@gemeente_page(roles.VIEW_PLANS)
@require_http_methods(["GET", "POST"])
def plan_excel(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    return _file(request, gemeente, plan_id, PlanExport.Format.XLSX)


@gemeente_page(roles.VIEW_PLANS)
@require_http_methods(["GET", "POST"])
def plan_pdf(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    return _file(request, gemeente, plan_id, PlanExport.Format.PDF)


@gemeente_page(roles.VIEW_PLANS)
@require_GET
def plan_files(request: HttpRequest, gemeente, plan_id: int) -> HttpResponse:
    """The files block alone, polled by htmx every second while a file is made."""
    plan = selectors.plan_get(gemeente=gemeente, plan_id=plan_id)
    return render_page(request, "planning/_plan_files.html", {"plan": plan, **files_context(gemeente, plan)},
                       gemeente=gemeente)
