"""Forms of the participant pages. They only read and shape input; the services (people.services)
check it and write. Fields whose bad values the services explain best (target group, coach, hours,
outflow destination) accept any short text here, so that the job coach gets the service's message
instead of a generic "not a valid choice"."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.forms import AmountField
from wijkwerk.municipalities import roles
from wijkwerk.municipalities.models import Membership

from .models import TRAJECTORY_FLOW, Contract, ContractType, Phase, Training, TrajectoryEvent
from .tables import BONUS_LABELS, FLAG_BONUSES, TARGET_GROUP_LABELS
from .validation import known_target_groups

LADDER_LABELS = {
    1: _("Geïsoleerd"),
    2: _("Sociale contacten buiten de deur"),
    3: _("Deelname aan georganiseerde activiteiten"),
    4: _("Onbetaald werk"),
    5: _("Betaald werk met ondersteuning"),
    6: _("Betaald werk zonder ondersteuning"),
}
LASTED_CHOICES = [("", _("Nog niet bekend")), ("ja", _("Ja")), ("nee", _("Nee"))]
DATE_INPUT = {"type": "date"}
MAX_CHOICE_TEXT = 60


def ladder_label(step: int) -> str:
    return f"{step} {LADDER_LABELS.get(step, '')}".strip()


def target_group_label(code: str) -> str:
    return str(TARGET_GROUP_LABELS.get(code, code))


class OpenChoiceField(forms.ChoiceField):
    """A select whose posted value is checked by the service, not against the options (short text only)."""

    def valid_value(self, value) -> bool:
        return len(str(value)) <= MAX_CHOICE_TEXT


def lasted_value(text: str) -> bool | None:
    return {"ja": True, "nee": False}.get(text)


# --- Choices ---------------------------------------------------------------------------------------

def coach_choices(*, gemeente, organisation_ids) -> list[tuple[str, str]]:
    """The job coaches of these organisations, for the coach select (with the organisation when
    there are several)."""
    rows = (Membership.objects.filter(gemeente=gemeente, role__name=roles.JOBCOACH,
                                      organisation_id__in=list(organisation_ids))
            .select_related("user", "organisation").order_by("organisation__name", "user__username"))
    several = len(set(organisation_ids)) > 1
    choices, seen = [], set()
    for m in rows:
        if m.user_id in seen:
            continue
        seen.add(m.user_id)
        label = m.user.get_full_name() or m.user.get_username()
        choices.append((str(m.user_id), f"{label} ({m.organisation.name})" if several else label))
    return choices


def coach_user(*, gemeente, value: str):
    """The user a posted coach id names, when that user is a member of this municipality (the
    service then checks that they coach the participant's organisation); None otherwise."""
    if not str(value or "").isdigit():
        return None
    return get_user_model().objects.filter(pk=int(value), memberships__gemeente=gemeente).distinct().first()


def target_group_choices() -> list[tuple[str, str]]:
    codes = sorted(known_target_groups(contract=None), key=lambda c: target_group_label(c).lower())
    return [(code, target_group_label(code)) for code in codes]


def next_phases(participant) -> list[str]:
    """The trajectory steps a job coach may record now, in the trajectory's order."""
    allowed = set(TRAJECTORY_FLOW.next_states(participant.phase))
    if participant.phase == Phase.PROGRESSION:
        allowed.add(Phase.PROGRESSION)  # another step forward
    return [p for p in (Phase.PROGRESSION, Phase.OUTFLOW, Phase.REINFLOW) if p in allowed]


# --- The participant -------------------------------------------------------------------------------

class ParticipantForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), required=False, max_length=254,
                             widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "off"}))
    phone = forms.CharField(label=_("Telefoon"), required=False, max_length=30)
    birth_year = forms.IntegerField(label=_("Geboortejaar"), required=False,
                                    help_text=_("Alleen het jaar: daarmee telt een leeftijdsbonus mee."))
    organisation = forms.ChoiceField(label=_("Organisatie"))
    coach = OpenChoiceField(label=_("Jobcoach"), required=False)
    target_group = OpenChoiceField(label=_("Doelgroep"), help_text=_("De categorie van social return."))
    contract = forms.ChoiceField(label=_("Contract (social return)"), required=False)
    contract_type = forms.ChoiceField(label=_("Soort contract"), choices=ContractType.choices,
                                      initial=ContractType.OTHER)
    start = forms.DateField(label=_("Startdatum (instroom)"), widget=forms.DateInput(attrs=DATE_INPUT))
    hours_per_week = forms.CharField(label=_("Uren per week"), max_length=20, initial="36",
                                     widget=forms.TextInput(attrs={"inputmode": "decimal"}))
    protected = forms.BooleanField(label=_("Beschermd werk"), required=False)
    bonuses = forms.MultipleChoiceField(label=_("Bonussen social return"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    works = forms.BooleanField(label=_("Werkt mee in de onderhoudsteams"), required=False, initial=True,
                               help_text=_("Dan is de deelnemer ook medewerker in de uitvoering (vaardigheden, "
                                           "certificaten, leerdoelen en gewerkte uren)."))

    def __init__(self, *args, gemeente, organisations=(), coaches=(), participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.gemeente = gemeente
        if participant is not None:
            del self.fields["organisation"]  # a participant stays with their organisation
            del self.fields["start"]  # the inflow date is the trajectory's first step
        else:
            self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        self.fields["coach"].choices = [("", _("Geen"))] + list(coaches)
        self.fields["target_group"].choices = [("", _("Kies een doelgroep"))] + target_group_choices()
        self.fields["contract"].choices = [("", _("Geen"))] + [
            (str(c.pk), f"{c.code} {c.name}") for c in Contract.objects.filter(gemeente=gemeente).order_by("code")]
        self.fields["bonuses"].choices = [(code, BONUS_LABELS[code]) for code in FLAG_BONUSES]

    def clean_target_group(self) -> str:
        return self.cleaned_data["target_group"].strip()

    def contract_obj(self):
        value = self.cleaned_data.get("contract")
        return Contract.objects.filter(gemeente=self.gemeente, pk=int(value)).first() if value else None


def participant_initial(participant) -> dict:
    return {"name": participant.name, "email": participant.email, "phone": participant.phone,
            "birth_year": participant.birth_year, "coach": str(participant.coach_id or ""),
            "target_group": participant.target_group, "contract": str(participant.contract_id or ""),
            "contract_type": participant.contract_type, "hours_per_week": participant.hours_per_week,
            "protected": participant.protected, "bonuses": list(participant.bonuses or []),
            "works": participant.worker_id is not None}


# --- Steps on the detail page ----------------------------------------------------------------------

class StepForm(forms.Form):
    """Progression or re-inflow: a date and what happened."""

    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs=DATE_INPUT))
    description = forms.CharField(label=_("Omschrijving"), required=False, max_length=300)


class OutflowForm(StepForm):
    destination = OpenChoiceField(label=_("Bestemming"), required=False,
                                  choices=[("", _("Kies een bestemming"))] + list(TrajectoryEvent.Destination.choices))
    employer = forms.CharField(label=_("Werkgever of opleiding"), required=False, max_length=200)
    lasted = forms.ChoiceField(label=_("Duurzaam (bleef de afgesproken periode)"), required=False,
                               choices=LASTED_CHOICES)


def step_form(phase: str, data=None) -> StepForm:
    cls = OutflowForm if phase == Phase.OUTFLOW else StepForm
    return cls(data, prefix=phase)


class LastedForm(forms.Form):
    lasted = forms.ChoiceField(label=_("Duurzaam"), choices=LASTED_CHOICES)


class LadderForm(forms.Form):
    date = forms.DateField(label=_("Datum van de meting"), widget=forms.DateInput(attrs=DATE_INPUT))
    step = forms.TypedChoiceField(label=_("Trede"), coerce=int,
                                  choices=[(str(s), ladder_label(s)) for s in LADDER_LABELS])


class TrainingForm(forms.Form):
    name = forms.CharField(label=_("Cursus"), max_length=200)
    provider = forms.CharField(label=_("Aanbieder"), required=False, max_length=200)
    start = forms.DateField(label=_("Begin"), widget=forms.DateInput(attrs=DATE_INPUT))
    end = forms.DateField(label=_("Einde"), required=False, widget=forms.DateInput(attrs=DATE_INPUT))
    result = forms.ChoiceField(label=_("Resultaat"), choices=Training.Result.choices, initial=Training.Result.PLANNED)
    cost = AmountField(label=_("Kosten (euro)"), required=False)


def training_initial(training) -> dict:
    return {"name": training.name, "provider": training.provider, "start": training.start, "end": training.end,
            "result": training.result, "cost": training.cost}


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Nieuwe notitie"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4}))


class SearchForm(forms.Form):
    """The list's name search: sent by POST, so that no name ends up in a URL (or a server log)."""

    zoek = forms.CharField(label=_("Zoek op naam"), required=False, max_length=100,
                           widget=forms.TextInput(attrs={"autocomplete": "off"}))
    fase = forms.ChoiceField(label=_("Fase"), required=False,
                             choices=[("", _("Alle fasen"))] + list(Phase.choices))
