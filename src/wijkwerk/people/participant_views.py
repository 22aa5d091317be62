"""Participant pages, for the job coaches of the participant's own organisation only: the list, a new
participant, one participant with their trajectory, ladder, trainings, skills, hours and coaching
notes, the edit form, and the forms that record a step, a ladder measurement, a training or a note.

Every page reads through `people.selectors`, which audits each read and each refused attempt;
every write goes through `people.services`. Nothing personal goes into a URL (only the random
`public_id`; the name search is a POST) or into a flash message, and no page is kept by the browser
(`never_cache`: Cache-Control no-store)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wijkwerk.core.audit import audit_log
from wijkwerk.core.states import TransitionRefused
from wijkwerk.municipalities.pages import gemeente_page, render_page

from . import participant_forms as pf
from .access import REFUSED, coach_organisation_ids
from .models import Phase
from .selectors import OBJECT_TYPE, participant_detail, participant_get, participant_list, participants_shown
from .services import (
    ladder_step_record,
    note_add,
    outflow_lasted_record,
    participant_phase_record,
    participant_save,
    training_save,
)

PAGE_SIZE = 50
ORIGIN = "web"


def _errors(form, exc: Exception) -> None:
    """A service's refusal shown on the form (its messages are Dutch and meant for the user)."""
    if isinstance(exc, TransitionRefused):
        form.add_error(None, exc.message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def _get(request, gemeente, public_id: str, *, write: bool = False):
    """The participant for its own job coach (audited); 403 for anyone else, 404 when unknown."""
    return participant_get(user=request.user, gemeente=gemeente, public_id=public_id, origin=ORIGIN,
                           purpose="write" if write else "read")


def _detail_url(gemeente, participant, anchor: str = "") -> str:
    url = reverse("participant-detail", args=[gemeente.slug, participant.public_id])
    return f"{url}#{anchor}" if anchor else url


# --- The list --------------------------------------------------------------------------------------

@never_cache
@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def participant_list_page(request: HttpRequest, gemeente) -> HttpResponse:
    form = pf.SearchForm(request.POST if request.method == "POST" else {"fase": request.GET.get("fase", "")})
    search, phase = "", ""
    if form.is_valid():
        search, phase = form.cleaned_data["zoek"].strip(), form.cleaned_data["fase"]
    rows = participant_list(user=request.user, gemeente=gemeente, origin=ORIGIN, search=search, phase=phase)
    page = Paginator(rows.select_related("coach"), PAGE_SIZE).get_page(
        request.POST.get("pagina") or request.GET.get("pagina"))
    participants_shown(user=request.user, gemeente=gemeente, participants=page.object_list, origin=ORIGIN)
    return render_page(request, "people/participant_list.html", {
        "nav": "participants", "form": form, "page": page, "search": search, "phase": phase,
        "rows": [(p, pf.target_group_label(p.target_group)) for p in page.object_list], "total": page.paginator.count,
    }, gemeente=gemeente)


# --- New and edit ----------------------------------------------------------------------------------

def _require_coach(request, gemeente) -> frozenset[int]:
    """The organisations the user coaches; a user who coaches none is refused, and the attempt audited."""
    organisations = coach_organisation_ids(user=request.user, gemeente=gemeente)
    if not organisations:
        audit_log(action="people.participant.create", actor=request.user, gemeente=gemeente,
                  object_type=OBJECT_TYPE, result="refused", origin=ORIGIN)
        raise PermissionDenied(str(REFUSED))
    return organisations


def _save(request, gemeente, form: pf.ParticipantForm, *, organisation, participant=None):
    """Saves through the service; the participant, or None with the refusal on the form."""
    if not form.is_valid():
        return None
    d = form.cleaned_data
    coach = pf.coach_user(gemeente=gemeente, value=d["coach"]) if d["coach"] else None
    if d["coach"] and coach is None:
        form.add_error("coach", _("Onbekende jobcoach."))
        return None
    try:
        saved, _created = participant_save(
            gemeente=gemeente, organisation=organisation, name=d["name"], target_group=d["target_group"],
            start=d["start"] if participant is None else participant.start,
            end=None if participant is None else participant.end, hours_per_week=d["hours_per_week"],
            birth_year=d["birth_year"], email=d["email"], phone=d["phone"], contract_type=d["contract_type"],
            protected=d["protected"], bonuses=d["bonuses"], contract=form.contract_obj(), coach=coach,
            works=d["works"], participant=participant, actor=request.user, origin=ORIGIN)
    except ValidationError as exc:
        _errors(form, exc)
        return None
    return saved


@never_cache
@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def participant_new(request: HttpRequest, gemeente) -> HttpResponse:
    organisation_ids = _require_coach(request, gemeente)
    organisations = list(gemeente.organisations.filter(pk__in=organisation_ids).order_by("name"))
    form = pf.ParticipantForm(request.POST or None, gemeente=gemeente, organisations=organisations,
                              coaches=pf.coach_choices(gemeente=gemeente, organisation_ids=organisation_ids),
                              initial={"coach": str(request.user.pk)})
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if str(o.pk) == form.cleaned_data["organisation"])
        participant = _save(request, gemeente, form, organisation=organisation)
        if participant is not None:
            messages.success(request, _("De deelnemer is opgeslagen."))
            return redirect(_detail_url(gemeente, participant))
    return render_page(request, "people/participant_form.html", {"nav": "participants", "form": form},
                       gemeente=gemeente, status=400 if form.errors else 200)


@never_cache
@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def participant_edit(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=request.method == "POST")
    coaches = pf.coach_choices(gemeente=gemeente, organisation_ids=[participant.organisation_id])
    form = pf.ParticipantForm(request.POST or None, gemeente=gemeente, coaches=coaches, participant=participant,
                              initial=pf.participant_initial(participant))
    if request.method == "POST":
        if _save(request, gemeente, form, organisation=participant.organisation, participant=participant):
            messages.success(request, _("De gegevens van de deelnemer zijn opgeslagen."))
            return redirect(_detail_url(gemeente, participant))
    return render_page(request, "people/participant_form.html",
                       {"nav": "participants", "form": form, "participant": participant},
                       gemeente=gemeente, status=400 if form.errors else 200)


# --- One participant -------------------------------------------------------------------------------

def _render_detail(request, gemeente, participant, *, bound: dict | None = None, status: int = 200) -> HttpResponse:
    """The detail page; `bound`: forms posted with errors, by name, shown instead of empty ones."""
    bound = bound or {}
    detail = participant_detail(participant=participant)
    steps = [(phase, bound.get(f"step-{phase}") or pf.step_form(phase)) for phase in pf.next_phases(participant)]
    timeline = [(e, (bound.get(f"lasted-{e.pk}") or pf.LastedForm(
        prefix=f"duurzaam-{e.pk}", initial={"lasted": "ja" if e.lasted else "nee" if e.lasted is False else ""}))
        if e.phase == Phase.OUTFLOW else None) for e in detail["events"]]
    ladder = detail["ladder"]
    return render_page(request, "people/participant_detail.html", {
        "nav": "participants", "p": participant, **detail,
        "target_group_label": pf.target_group_label(participant.target_group),
        "bonus_labels": [pf.BONUS_LABELS.get(code, code) for code in participant.bonuses or []],
        "steps": steps, "timeline": timeline,
        "latest_step": ladder[-1] if ladder else None,
        "ladder_rows": [(m, pf.ladder_label(m.step)) for m in reversed(ladder)],
        "ladder_form": bound.get("ladder") or pf.LadderForm(prefix="ladder"),
        "training_form": bound.get("training") or pf.TrainingForm(prefix="opleiding"),
        "note_form": bound.get("note") or pf.NoteForm(prefix="notitie"),
        "hours_rows": sorted(detail["hours"].items(), reverse=True),
        "coach_label": (participant.coach.get_full_name() or participant.coach.get_username())
        if participant.coach else "",
    }, gemeente=gemeente, status=status)


@never_cache
@gemeente_page(None)
@require_http_methods(["GET"])
def participant_detail_page(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    return _render_detail(request, gemeente, _get(request, gemeente, public_id))


@never_cache
@gemeente_page(None)
@require_POST
def participant_step(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    """A step of the trajectory: progression, outflow (destination, employer) or re-inflow."""
    participant = _get(request, gemeente, public_id, write=True)
    phase = request.POST.get("stap", "")
    if phase not in pf.next_phases(participant):
        messages.error(request, _("Deze stap kan nu niet: kies een van de stappen op de pagina."))
        return redirect(_detail_url(gemeente, participant, "traject"))
    form = pf.step_form(phase, request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            participant_phase_record(participant=participant, phase=phase, date=d["date"], description=d["description"],
                                     destination=d.get("destination", ""), employer=d.get("employer", ""),
                                     lasted=pf.lasted_value(d.get("lasted", "")), actor=request.user, origin=ORIGIN)
        except (ValidationError, TransitionRefused) as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("De stap ‘%(phase)s’ is vastgelegd.") % {"phase": Phase(phase).label})
            return redirect(_detail_url(gemeente, participant, "traject"))
    return _render_detail(request, gemeente, participant, bound={f"step-{phase}": form}, status=400)


@never_cache
@gemeente_page(None)
@require_POST
def participant_outflow_lasted(request: HttpRequest, gemeente, public_id: str, event_id: int) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=True)
    event = get_object_or_404(participant.events, pk=event_id)
    form = pf.LastedForm(request.POST, prefix=f"duurzaam-{event.pk}")
    if form.is_valid():
        try:
            outflow_lasted_record(event=event, lasted=pf.lasted_value(form.cleaned_data["lasted"]),
                                  actor=request.user, origin=ORIGIN)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Vastgelegd of de uitstroom duurzaam was."))
            return redirect(_detail_url(gemeente, participant, "traject"))
    return _render_detail(request, gemeente, participant, bound={f"lasted-{event.pk}": form}, status=400)


@never_cache
@gemeente_page(None)
@require_POST
def participant_ladder(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=True)
    form = pf.LadderForm(request.POST, prefix="ladder")
    if form.is_valid():
        try:
            ladder_step_record(participant=participant, date=form.cleaned_data["date"], step=form.cleaned_data["step"],
                               actor=request.user, origin=ORIGIN)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("De meting op de participatieladder is vastgelegd."))
            return redirect(_detail_url(gemeente, participant, "ladder"))
    return _render_detail(request, gemeente, participant, bound={"ladder": form}, status=400)


def _training_save(request, participant, form: pf.TrainingForm, training=None) -> bool:
    if not form.is_valid():
        return False
    d = form.cleaned_data
    try:
        training_save(participant=participant, name=d["name"], start=d["start"], end=d["end"], provider=d["provider"],
                      result=d["result"], cost=d["cost"] or 0, training=training, actor=request.user, origin=ORIGIN)
    except ValidationError as exc:
        _errors(form, exc)
        return False
    messages.success(request, _("De opleiding is opgeslagen."))
    return True


@never_cache
@gemeente_page(None)
@require_POST
def participant_training_add(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=True)
    form = pf.TrainingForm(request.POST, prefix="opleiding")
    if _training_save(request, participant, form):
        return redirect(_detail_url(gemeente, participant, "opleidingen"))
    return _render_detail(request, gemeente, participant, bound={"training": form}, status=400)


@never_cache
@gemeente_page(None)
@require_http_methods(["GET", "POST"])
def participant_training_edit(request: HttpRequest, gemeente, public_id: str, training_id: int) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=request.method == "POST")
    training = get_object_or_404(participant.trainings, pk=training_id)
    form = pf.TrainingForm(request.POST or None, initial=pf.training_initial(training))
    if request.method == "POST" and _training_save(request, participant, form, training):
        return redirect(_detail_url(gemeente, participant, "opleidingen"))
    return render_page(request, "people/participant_training.html",
                       {"nav": "participants", "p": participant, "training": training, "form": form},
                       gemeente=gemeente, status=400 if form.errors else 200)


@never_cache
@gemeente_page(None)
@require_POST
def participant_note(request: HttpRequest, gemeente, public_id: str) -> HttpResponse:
    participant = _get(request, gemeente, public_id, write=True)
    form = pf.NoteForm(request.POST, prefix="notitie")
    if form.is_valid():
        try:
            note_add(participant=participant, text=form.cleaned_data["text"], actor=request.user, origin=ORIGIN)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("De notitie is bewaard."))
            return redirect(_detail_url(gemeente, participant, "notities"))
    return _render_detail(request, gemeente, participant, bound={"note": form}, status=400)
