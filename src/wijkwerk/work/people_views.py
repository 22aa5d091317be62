"""Workers and teams pages. Everyone who may see the work sees names, organisation, team, skills and
certificates; learning goals, protected work and supervision only those who plan or manage the
work (least privilege: the rest is the people issue's)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page
from wijkwerk.municipalities.selectors import organisation_list

from . import selectors
from .forms import TeamForm, WorkerForm
from .people import team_members_set, team_save, worker_save
from .people_models import DAY_CODES
from .views import work_context

EXPIRING_DAYS = 30


def _certificates_text(worker) -> str:
    return "; ".join(f"{c.certificate_type.code}:{c.valid_until.isoformat()}" for c in worker.certificates.all())


def _certificates_parse(value: str) -> dict[str, datetime.date]:
    out = {}
    for part in (value or "").split(";"):
        if not part.strip():
            continue
        code, _sep, raw = part.partition(":")
        try:
            out[code.strip().lower()] = datetime.date.fromisoformat(raw.strip())
        except ValueError:
            raise ValidationError(_("Certificaat ‘%(part)s’: schrijf CODE:JJJJ-MM-DD.") % {"part": part.strip()}) from None
    return out


def _worker_initial(worker) -> dict:
    return {"name": worker.name, "organisation": str(worker.organisation_id),
            "team": str(worker.team_id or ""), "skills": [s.code for s in worker.skills.all()],
            "learning": [s.code for s in worker.learning.all()], "certificates": _certificates_text(worker),
            "hours_per_week": worker.hours_per_week, "days": worker.day_codes, "protected": worker.protected,
            "may_supervise": worker.may_supervise}


def _worker_save(request, gemeente, form: WorkerForm, editing) -> list[str]:
    if not form.is_valid():
        return [f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs]
    d = form.cleaned_data
    organisation = organisation_list(gemeente=gemeente).filter(pk=int(d["organisation"])).first()
    team = selectors.team_list(gemeente=gemeente).filter(pk=int(d["team"])).first() if d["team"] else None
    try:
        worker, created = worker_save(
            gemeente=gemeente, organisation=organisation, name=d["name"], skills=d["skills"], learning=d["learning"],
            certificates=_certificates_parse(d["certificates"]), hours_per_week=d["hours_per_week"], days=d["days"],
            protected=d["protected"], may_supervise=d["may_supervise"], team=team, worker=editing,
            actor=request.user, origin="web")
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("Medewerker ‘%(name)s’ is opgeslagen.") % {"name": worker.name})
    return []


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET", "POST"])
def worker_list(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = work_context(request, gemeente, "workers")
    sees_planning = ctx["can_manage"] or ctx["can_plan"]
    editing = None
    if ctx["can_manage"] and request.GET.get("id", "").isdigit():
        editing = selectors.worker_get(gemeente=gemeente, worker_id=int(request.GET["id"]))
    if request.method == "POST" and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    form = None
    errors = []
    if ctx["can_manage"]:
        form = WorkerForm(request.POST or None, organisations=organisation_list(gemeente=gemeente),
                          teams=selectors.team_list(gemeente=gemeente), skills=selectors.skill_list(gemeente=gemeente),
                          initial=_worker_initial(editing) if editing else None)
        if request.method == "POST":
            errors = _worker_save(request, gemeente, form, editing)
            if not errors:
                return redirect("work-workers", slug=gemeente.slug)
    today = timezone.localdate()
    ctx.update({"workers": selectors.worker_list(gemeente=gemeente), "sees_planning": sees_planning, "form": form,
                "editing": editing, "errors": errors, "today": today,
                "soon": today + datetime.timedelta(days=EXPIRING_DAYS), "day_codes": DAY_CODES})
    return render_page(request, "work/workers.html", ctx, gemeente=gemeente, status=400 if errors else 200)


def _team_save(request, gemeente, form: TeamForm, editing) -> list[str]:
    if not form.is_valid():
        return [f"{form.fields[n].label}: {e}" for n, errs in form.errors.items() for e in errs]
    d = form.cleaned_data
    try:
        team, _created = team_save(gemeente=gemeente, name=d["name"], area_ids=[int(a) for a in d["areas"]],
                                   team=editing, actor=request.user, origin="web")
        team_members_set(team=team, worker_ids=[int(w) for w in d["members"]], actor=request.user, origin="web")
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("Team ‘%(name)s’ is opgeslagen.") % {"name": team.name})
    return []


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET", "POST"])
def team_list(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = work_context(request, gemeente, "teams")
    editing = None
    if ctx["can_manage"] and request.GET.get("id", "").isdigit():
        editing = selectors.team_get(gemeente=gemeente, team_id=int(request.GET["id"]))
    if request.method == "POST" and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    form, errors = None, []
    if ctx["can_manage"]:
        initial = ({"name": editing.name, "areas": [str(a.pk) for a in editing.areas.all()],
                    "members": [str(w.pk) for w in editing.workers.all()]} if editing else None)
        form = TeamForm(request.POST or None, areas=selectors.areas_for_filter(gemeente=gemeente),
                        workers=selectors.worker_choices(gemeente=gemeente), initial=initial)
        if request.method == "POST":
            errors = _team_save(request, gemeente, form, editing)
            if not errors:
                return redirect("work-teams", slug=gemeente.slug)
    ctx.update({"teams": selectors.team_list(gemeente=gemeente), "form": form, "editing": editing, "errors": errors})
    return render_page(request, "work/teams.html", ctx, gemeente=gemeente, status=400 if errors else 200)
