"""Pages of the asset import: upload, dry-run report, confirm, cancel, progress and the list of
refused rows. The map and the asset page are in `views`."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from wijkwerk.core.files import FileRefused, check_file
from wijkwerk.core.files.uploads import save_upload, upload_refusal
from wijkwerk.core.private_files import private_dir
from wijkwerk.core.progress import progress_get
from wijkwerk.core.states import TransitionRefused
from wijkwerk.core.tasks import enqueue
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import import_jobs
from .forms import ImportForm
from .import_forms import TypeMapForm, TypeMapYamlForm, type_labels, type_map_yaml
from .import_jobs import discard_upload
from .models import IMPORT_JOB_BUSY, IMPORT_JOB_FLOW, ImportJob


def _store_upload(upload) -> tuple[str, Path]:
    """Saves the upload under MEDIA_ROOT/imports/<uuid>/ and checks what the file really is
    (`check_file`, before any job exists for it). Raises FileRefused, leaving nothing behind, above
    the upload limit or when the content does not fit. The client's name is only used after
    stripping it to a safe base name."""
    original = Path(upload.name or "").name
    suffix = Path(original).suffix.lower()
    try:
        safe = get_valid_filename(Path(original).stem)[:100] + suffix
    except Exception:  # get_valid_filename raises SuspiciousFileOperation for names like ".."
        safe = f"bestand{suffix}"
    folder = private_dir(Path(settings.MEDIA_ROOT) / "imports" / uuid.uuid4().hex)
    target = folder / safe
    try:
        save_upload(upload, target)
        check_file(target)
    except BaseException:
        discard_upload(str(target))
        raise
    return original[:255] or safe, target


def _job_or_404(gemeente, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.select_related("created_by"), gemeente=gemeente, pk=job_id)


@gemeente_page(roles.IMPORT_ASSETS)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, gemeente) -> HttpResponse:
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        valid = form.is_valid()
        refusal = upload_refusal(request)
        if refusal:  # dropped while it arrived: say why instead of "required"
            form.errors.pop("file", None)
            form.add_error("file", refusal)
        elif valid:
            try:
                file_name, path = _store_upload(form.cleaned_data["file"])
            except FileRefused as exc:
                form.add_error("file", str(exc))
            else:
                return _create_import_job(request, gemeente, form, file_name, path)
    else:
        form = ImportForm()
    jobs = ImportJob.objects.filter(gemeente=gemeente).select_related("created_by")[:10]
    return render_page(
        request, "assets/import_upload.html", {"nav": "import", "form": form, "jobs": jobs}, gemeente=gemeente
    )


def _create_import_job(request: HttpRequest, gemeente, form: ImportForm, file_name: str, path: Path) -> HttpResponse:
    job = import_jobs.import_job_create(gemeente=gemeente, actor=request.user, file_name=file_name,
                                        file_path=str(path), options=form.import_options(), origin="web")
    enqueue(import_jobs.CHECK_TASK, job_id=job.pk)
    return redirect("asset-import-job", slug=gemeente.slug, job_id=job.pk)


def _by_type(report: dict | None, labels: dict[str, str]) -> list[tuple[str, int]]:
    """(type label, rows) of a report, most rows first."""
    counts = (report or {}).get("by_type") or {}
    return sorted(((labels.get(code, code), n) for code, n in counts.items()), key=lambda item: (-item[1], item[0]))


def _type_forms(job: ImportJob, data=None) -> dict:
    """The forms that map the type column's values onto asset types, for a checked job whose check
    found such a column (empty otherwise)."""
    report = job.dry_run_report or {}
    values = report.get("type_values") or []
    if job.status != ImportJob.Status.CHECKED or not values:
        return {}
    current = {entry["value"]: entry.get("type") for entry in values if entry.get("type")}
    yaml_data = data if data is not None and "type_map_yaml" in data else None
    return {
        "type_form": TypeMapForm(data if yaml_data is None else None, values=values, prefix="soort"),
        "yaml_form": TypeMapYamlForm(yaml_data, initial={"type_map_yaml": type_map_yaml(current)}),
        "yaml_open": yaml_data is not None,
        "type_column": report.get("type_column"),
        "type_values_more": report.get("type_values_more") or 0,
    }


def _job_context(gemeente, job: ImportJob) -> dict:
    types = type_labels()
    options = job.options or {}
    progress = job.progress or 0.0
    if job.status in IMPORT_JOB_BUSY:  # the task reports from inside its transaction via the cache
        progress = max(progress, progress_get(kind="import", job_id=job.pk) or 0.0)
    return {
        "job": job,
        "polling": job.status in IMPORT_JOB_BUSY,
        "can_cancel": IMPORT_JOB_FLOW.allows(job.status, ImportJob.Status.CANCELLED),
        "percent": round(max(0.0, min(progress, 1.0)) * 100),
        "type_label": types.get(options.get("asset_type") or "", ""),
        "options": options,
        "status_url": reverse("asset-import-status", args=[gemeente.slug, job.pk]),
        "dry_by_type": _by_type(job.dry_run_report, types),
        "final_by_type": _by_type(job.report, types),
        **_type_forms(job),
    }


@gemeente_page(roles.IMPORT_ASSETS)
@require_GET
def import_job(request: HttpRequest, gemeente, job_id: int) -> HttpResponse:
    job = _job_or_404(gemeente, job_id)
    context = {"nav": "import", **_job_context(gemeente, job)}
    return render_page(request, "assets/import_job.html", context, gemeente=gemeente)


@gemeente_page(roles.IMPORT_ASSETS)
@require_GET
def import_job_status(request: HttpRequest, gemeente, job_id: int) -> HttpResponse:
    """The status block alone, polled by htmx every second while the job is busy."""
    job = _job_or_404(gemeente, job_id)
    return render_page(request, "assets/_import_status.html", _job_context(gemeente, job), gemeente=gemeente)


@gemeente_page(roles.IMPORT_ASSETS)
@require_POST
def import_job_confirm(request: HttpRequest, gemeente, job_id: int) -> HttpResponse:
    job = _job_or_404(gemeente, job_id)
    try:  # a double click starts the import once: the second confirmation is refused
        import_jobs.import_job_confirm(job=job, actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.warning(request, exc.message)
    return redirect("asset-import-job", slug=gemeente.slug, job_id=job.pk)


@gemeente_page(roles.IMPORT_ASSETS)
@require_POST
def import_job_types(request: HttpRequest, gemeente, job_id: int) -> HttpResponse:
    """The user's choice of asset type per value of the type column (or the same as YAML): the job is
    checked again with it. Invalid choices show the job page again with the errors."""
    job = _job_or_404(gemeente, job_id)
    forms = _type_forms(job, request.POST)
    if not forms:
        messages.warning(request, gettext("Bij deze import kunnen de soorten niet (meer) worden gekozen."))
        return redirect("asset-import-job", slug=gemeente.slug, job_id=job.pk)
    form = forms["yaml_form"] if forms["yaml_open"] else forms["type_form"]
    if not form.is_valid():
        context = {"nav": "import", **_job_context(gemeente, job), **forms}
        return render_page(request, "assets/import_job.html", context, gemeente=gemeente, status=400)
    mapping = form.cleaned_data["type_map_yaml"] if forms["yaml_open"] else form.mapping()
    try:
        import_jobs.import_job_retype(job=job, type_map=mapping, type_column=forms["type_column"],
                                      actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, gettext("De soorten zijn gekozen; het bestand wordt opnieuw gecontroleerd."))
    return redirect("asset-import-job", slug=gemeente.slug, job_id=job.pk)


@gemeente_page(roles.IMPORT_ASSETS)
@require_POST
def import_job_cancel(request: HttpRequest, gemeente, job_id: int) -> HttpResponse:
    job = _job_or_404(gemeente, job_id)
    try:
        import_jobs.import_job_cancel(job=job, actor=request.user, origin="web")
    except TransitionRefused as exc:
        messages.warning(request, exc.message)
    else:
        messages.success(request, gettext("De import is geannuleerd; het bestand is verwijderd."))
    return redirect("asset-import-job", slug=gemeente.slug, job_id=job.pk)


@gemeente_page(roles.IMPORT_ASSETS)
@require_GET
def import_job_errors(request: HttpRequest, gemeente, job_id: int) -> FileResponse:
    """Download of the full list of refused rows (CSV written by the import)."""
    job = _job_or_404(gemeente, job_id)
    report = job.report or job.dry_run_report or {}
    path = report.get("report_csv")
    if not path:
        raise Http404(gettext("Geen foutenlijst."))
    path = Path(path).resolve()
    allowed = [Path(settings.DATA_DIR).resolve(), Path(settings.MEDIA_ROOT).resolve()]
    if not any(path.is_relative_to(root) for root in allowed) or not path.is_file():
        raise Http404(gettext("Geen foutenlijst."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"import-{job.pk}-fouten.csv")
