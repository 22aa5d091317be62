"""Upload of a condition file on the page: check first, then confirm.

The same importer as `wijkwerk import-conditions` (`conditions_import`), through the file layer's
upload helpers (`core.files.uploads`: the size limit while the file arrives and while it is stored;
`check_file`: only CSV or Excel). Step 1 stores the upload in its own private folder and checks
every row without saving anything (`conditions_check`): a refused row is listed with its row
number, column and reason, and the file is deleted. Step 2, after the user confirms, imports that
file (all or nothing) and deletes it. The session remembers which stored file belongs to this user
and municipality; a folder left behind by a check nobody confirmed is removed a day later."""

from __future__ import annotations

import re
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, SuspiciousFileOperation, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.core.files import FileRefused, check_file
from wijkwerk.core.files.uploads import max_upload_label, save_upload, upload_refusal
from wijkwerk.core.private_files import private_dir
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from .. import nen2767
from ..importing import RowErrors
from ..pages import validation_text
from .conditions_import import FIELD_LABELS, conditions_check, conditions_import
from .forms import ConditionFileForm

UPLOADS = "condition-uploads"  # under MEDIA_ROOT, one folder per checked file
SESSION_KEY = "condition-uploads"
TOKEN = re.compile(r"^[0-9a-f]{32}$")
KEEP_SECONDS = 24 * 3600
REFUSALS_SHOWN = 200


def can_upload(request: HttpRequest) -> bool:
    """Who may upload condition files: whoever records measurements or imports assets."""
    perms = request.wijkwerk_perms
    return perms.has(roles.RECORD_INSPECTIONS) or perms.has(roles.IMPORT_ASSETS)


def _uploads_root() -> Path:
    return private_dir(Path(settings.MEDIA_ROOT) / UPLOADS)


def _safe_name(name: str) -> str:
    suffix = Path(name).suffix.lower()[:10]
    try:
        stem = get_valid_filename(Path(name).stem)[:80]
    except SuspiciousFileOperation:  # names like ".."
        stem = "conditiemetingen"
    return (stem or "conditiemetingen") + suffix


def _folder(token: str) -> Path | None:
    return _uploads_root() / token if TOKEN.match(token or "") else None


def _discard(token: str) -> None:
    folder = _folder(token)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)


def _discard_stale() -> None:
    """Removes the folders of checks nobody confirmed within a day."""
    limit = time.time() - KEEP_SECONDS
    for folder in _uploads_root().iterdir():
        try:
            if folder.is_dir() and TOKEN.match(folder.name) and folder.stat().st_mtime < limit:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _store(upload) -> tuple[str, Path]:
    """Saves the upload in a new private folder and checks that it is CSV or Excel. Raises
    FileRefused (leaving nothing behind)."""
    token = uuid.uuid4().hex
    folder = private_dir(_uploads_root() / token)
    target = folder / _safe_name(upload.name or "")
    try:
        save_upload(upload, target)
        check_file(target, formats=("csv", "xlsx"))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token, target


def _pending(request: HttpRequest, gemeente, token: str) -> Path | None:
    """The stored file of a check this user made in this municipality, if it is still there."""
    entry = request.session.get(SESSION_KEY, {}).get(token or "")
    folder = _folder(token)
    if not entry or entry.get("gemeente") != gemeente.pk or folder is None or not folder.is_dir():
        return None
    files = [f for f in folder.iterdir() if f.is_file()]
    return files[0] if len(files) == 1 else None


def _forget(request: HttpRequest, token: str) -> None:
    """Drops a check of this session and deletes its file (a token of someone else is ignored)."""
    pending = dict(request.session.get(SESSION_KEY, {}))
    if pending.pop(token, None) is not None:
        request.session[SESSION_KEY] = pending
        _discard(token)


def _refusals(exc: RowErrors) -> dict:
    rows = [{"row": e["row"], "field": str(FIELD_LABELS.get(e["field"], e["field"])), "message": e["message"]}
            for e in exc.errors[:REFUSALS_SHOWN]]
    return {"rows": rows, "total": exc.total, "not_shown": exc.total - len(rows)}


def _spread(report: dict) -> list[dict]:
    return [{"condition": k, "label": nen2767.CONDITION_LABELS.get(int(k), ""), "n": v}
            for k, v in report["conditions"].items()]


def _check_upload(request: HttpRequest, gemeente, form: ConditionFileForm) -> dict:
    """Step 1. The page's context: the summary and the token to confirm, or the refused rows."""
    refusal = upload_refusal(request)
    if refusal:  # dropped while it arrived: say why instead of "required"
        form.is_valid()
        form.errors.pop("file", None)
        form.add_error("file", refusal)
        return {}
    if not form.is_valid():
        return {}
    _discard_stale()
    upload = form.cleaned_data["file"]
    try:
        token, path = _store(upload)
    except FileRefused as exc:
        form.add_error("file", str(exc))
        return {}
    try:
        report = conditions_check(gemeente=gemeente, path=path)
    except RowErrors as exc:
        _discard(token)
        return {"file_name": upload.name, "refused": _refusals(exc)}
    except ValidationError as exc:
        _discard(token)
        form.add_error("file", validation_text(exc))
        return {}
    request.session[SESSION_KEY] = {**request.session.get(SESSION_KEY, {}),
                                     token: {"gemeente": gemeente.pk, "name": upload.name}}
    return {"file_name": upload.name, "checked": report, "spread": _spread(report), "token": token}


def _confirm(request: HttpRequest, gemeente) -> HttpResponse | dict:
    """Step 2: imports the checked file; back to the condition page with the result."""
    token = request.POST.get("token", "")
    path = _pending(request, gemeente, token)
    if path is None:
        messages.warning(request, _("Dit bestand is niet meer beschikbaar (al ingelezen, geannuleerd of te oud). "
                                    "Upload het opnieuw."))
        return redirect("inspections-condition-import", slug=gemeente.slug)
    name = request.session[SESSION_KEY][token]["name"]
    try:
        report = conditions_import(gemeente=gemeente, path=path, actor=request.user, origin="web")
    except RowErrors as exc:  # the assets changed since the check
        _forget(request, token)
        return {"file_name": name, "refused": _refusals(exc)}
    except ValidationError as exc:
        _forget(request, token)
        messages.error(request, validation_text(exc))
        return redirect("inspections-condition-import", slug=gemeente.slug)
    _forget(request, token)
    spread = ", ".join(_("conditie %(condition)s: %(n)s") % {"condition": k, "n": v}
                       for k, v in report["conditions"].items())
    messages.success(request, _("%(inspections)s conditiemeting(en) van %(assets)s asset(s) ingelezen uit "
                                "%(name)s (%(spread)s).") % {**report, "name": name, "spread": spread})
    return redirect("inspections-condition", slug=gemeente.slug)


@gemeente_page(roles.VIEW_INSPECTIONS)
@require_http_methods(["GET", "POST"])
def condition_import(request: HttpRequest, gemeente) -> HttpResponse:
    """Upload a condition file: check, then confirm (or cancel)."""
    if not can_upload(request):
        raise PermissionDenied(_("U mag geen conditiemetingen inlezen."))
    action = request.POST.get("action", "check") if request.method == "POST" else ""
    form = ConditionFileForm(request.POST if action == "check" else None, request.FILES if action == "check" else None,
                             limit_label=max_upload_label())
    context: dict = {}
    if action == "cancel":
        _forget(request, request.POST.get("token", ""))
        messages.info(request, _("Geannuleerd: er is niets ingelezen en het bestand is verwijderd."))
        return redirect("inspections-condition-import", slug=gemeente.slug)
    if action == "confirm":
        result = _confirm(request, gemeente)
        if isinstance(result, HttpResponse):
            return result
        context = result
    elif action == "check":
        context = _check_upload(request, gemeente, form)
    return render_page(request, "inspections/condition_import.html", {
        "nav": "conditie", "form": form, "field_labels": FIELD_LABELS, **context,
    }, gemeente=gemeente)
