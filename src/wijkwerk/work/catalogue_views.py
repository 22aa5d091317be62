"""The activity catalogue page: activities with unit, norm hours, skills, certificates and
equipment; with MANAGE_WORK also the forms to change them and to add skills and certificates."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from wijkwerk.municipalities import roles
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import selectors
from .catalogue import activity_save, certificate_type_save, skill_save
from .forms import ActivityForm, CodeNameForm
from .views import work_context


def _activity_initial(activity) -> dict:
    return {"code": activity.code, "name": activity.name, "unit": activity.unit, "norm_hours": activity.norm_hours,
            "skills": [s.code for s in activity.skills.all()],
            "certificates": [c.code for c in activity.certificates.all()], "equipment": activity.equipment,
            "active": activity.active}


def _post(request, gemeente, which: str, forms: dict) -> list[str]:
    """Saves the posted form `which`; returns the errors (none: saved, with a message)."""
    form = forms[which]
    if not form.is_valid():
        return [f"{form.fields[name].label}: {e}" if name in form.fields else e
                for name, errs in form.errors.items() for e in errs]
    d = form.cleaned_data
    try:
        if which == "activity":
            activity, created = activity_save(
                gemeente=gemeente, code=d["code"], name=d["name"], unit=d["unit"], norm_hours=d["norm_hours"],
                skills=d["skills"], certificates=d["certificates"], equipment=d["equipment"], active=d["active"],
                actor=request.user, origin="web")
            label = activity.name
        elif which == "skill":
            label = skill_save(gemeente=gemeente, code=d["code"], name=d["name"], actor=request.user, origin="web")[0].name
        else:
            label = certificate_type_save(gemeente=gemeente, code=d["code"], name=d["name"], actor=request.user,
                                          origin="web")[0].name
    except ValidationError as exc:
        return list(exc.messages)
    messages.success(request, _("‘%(name)s’ is opgeslagen.") % {"name": label})
    return []


@gemeente_page(roles.VIEW_WORK)
@require_http_methods(["GET", "POST"])
def catalogue(request: HttpRequest, gemeente) -> HttpResponse:
    ctx = work_context(request, gemeente, "catalogue")
    skills = list(selectors.skill_list(gemeente=gemeente))
    certificates = list(selectors.certificate_type_list(gemeente=gemeente))
    editing = None
    if request.GET.get("code"):
        editing = selectors.activity_get(gemeente=gemeente, code=request.GET["code"])
    which = request.POST.get("form") if request.method == "POST" else None
    if which and not ctx["can_manage"]:
        return render_page(request, "403.html", {}, gemeente=gemeente, status=403)
    forms = {
        "activity": ActivityForm(request.POST if which == "activity" else None, skills=skills, certificates=certificates,
                                 initial=_activity_initial(editing) if editing else {"unit": "st", "active": True}),
        "skill": CodeNameForm(request.POST if which == "skill" else None, prefix="skill"),
        "certificate": CodeNameForm(request.POST if which == "certificate" else None, prefix="cert"),
    }
    errors = []
    if which in forms:
        errors = _post(request, gemeente, which, forms)
        if not errors:
            return redirect("work-catalogue", slug=gemeente.slug)
    ctx.update({"activities": selectors.activity_list(gemeente=gemeente).order_by("name"), "skills": skills,
                "certificates": certificates, "forms": forms, "editing": editing, "errors": errors, "posted": which})
    return render_page(request, "work/catalogue.html", ctx, gemeente=gemeente, status=400 if errors else 200)
