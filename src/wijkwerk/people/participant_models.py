"""Participants: people with a distance to the labour market who work in the teams, learn and move
on. Personal data of a special category: only the job coaches of the participant's own
organisation read or change it (`people.access`), every read and change is in the audit log, and
`apply-retention` anonymises it a fixed period after outflow. No BSN is stored.

A participant who works is a worker in the execution app (`worker`): skills, certificates and
learning goals live there, and the hours worked come from the completions of work orders.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow


def new_public_id() -> str:
    """The participant's id in URLs and files: random, so it says nothing about the person."""
    return secrets.token_hex(8)


class Phase(models.TextChoices):
    INFLOW = "instroom", _("Instroom")
    PROGRESSION = "doorstroom", _("Doorstroom")
    OUTFLOW = "uitstroom", _("Uitstroom")
    REINFLOW = "herinstroom", _("Herinstroom")


# The trajectory: after inflow the person progresses (steps) or leaves; after outflow they may come
# back (re-inflow), and from there progress or leave again.
TRAJECTORY_FLOW = StateFlow(name="people.participant.phase", choices=Phase, status_field="phase", transitions={
    Phase.INFLOW: {Phase.PROGRESSION, Phase.OUTFLOW},
    Phase.PROGRESSION: {Phase.OUTFLOW},
    Phase.OUTFLOW: {Phase.REINFLOW},
    Phase.REINFLOW: {Phase.PROGRESSION, Phase.OUTFLOW},
})


class ContractType(models.TextChoices):
    SW = "sw", _("Wsw-dienstverband (SW-bedrijf)")
    WAGE_SUBSIDY = "loonkostensubsidie", _("Dienstverband met loonkostensubsidie")
    SECONDMENT = "detachering", _("Detachering")
    TRIAL = "proefplaatsing", _("Proefplaatsing")
    INTERNSHIP = "stage", _("Stage of leerwerkplek")
    REGULAR = "regulier", _("Regulier dienstverband")
    OTHER = "anders", _("Anders")


class Participant(models.Model):
    """One person's participation. `public_id`, the primary key, is random: the only id that leaves the
    server (URLs, files, the audit log) says nothing about the person.
    `end`: last day of the participation (outflow), empty while it goes on."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT,
                                     related_name="participants", verbose_name=_("organisatie"))
    public_id = models.CharField(max_length=16, primary_key=True, default=new_public_id, editable=False)
    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"), null=True, blank=True)
    target_group = models.CharField(_("doelgroep"), max_length=50)
    contract_type = models.CharField(_("soort contract"), max_length=20, choices=ContractType.choices,
                                     default=ContractType.OTHER)
    start = models.DateField(_("startdatum"))
    end = models.DateField(_("einddatum"), null=True, blank=True)
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1, default=36)
    protected = models.BooleanField(_("beschermd werk"), default=False)
    bonuses = models.JSONField(_("bonussen"), default=list, blank=True)
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices, default=Phase.INFLOW)
    contract = models.ForeignKey("people.Contract", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="participants", verbose_name=_("contract (social return)"))
    coach = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+", verbose_name=_("jobcoach"))
    worker = models.OneToOneField("work.Worker", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="participant", verbose_name=_("medewerker in de teams"))
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["gemeente", "name", "public_id"]
        indexes = [models.Index(fields=["gemeente", "organisation"]), models.Index(fields=["gemeente", "start"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="participant_end_after_start"),
            models.CheckConstraint(condition=models.Q(hours_per_week__gte=0, hours_per_week__lte=60),
                                   name="participant_hours_range"),
        ]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")

    def __str__(self) -> str:
        return self.public_id


class TrajectoryEvent(models.Model):
    """A step of the trajectory with its date: inflow, progression (a step forward), outflow (with
    its destination) or re-inflow. Appended, never changed."""

    class Destination(models.TextChoices):
        REGULAR_JOB = "regulier_werk", _("Regulier werk")
        EDUCATION = "opleiding", _("Opleiding")
        OTHER = "anders", _("Anders")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="events")
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    date = models.DateField(_("datum"))
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    destination = models.CharField(_("bestemming"), max_length=20, choices=Destination.choices, blank=True)
    employer = models.CharField(_("werkgever"), max_length=200, blank=True)
    lasted = models.BooleanField(_("duurzaam (bleef de afgesproken periode)"), null=True, blank=True)
    recorded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "date", "id"]
        verbose_name = _("trajectstap")
        verbose_name_plural = _("trajectstappen")


class LadderStep(models.Model):
    """A measurement on the Participatieladder (1 isolated .. 6 paid work without support)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ladder")
    date = models.DateField(_("datum"))
    step = models.PositiveSmallIntegerField(_("trede"))

    class Meta:
        ordering = ["participant", "date", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(step__gte=1, step__lte=6), name="ladder_step_range")]
        verbose_name = _("meting participatieladder")
        verbose_name_plural = _("metingen participatieladder")


class Training(models.Model):
    """A course in the participant's training plan, with dates, result and actual cost."""

    class Result(models.TextChoices):
        PLANNED = "gepland", _("Gepland")
        BUSY = "bezig", _("Bezig")
        PASSED = "behaald", _("Behaald")
        FAILED = "niet_behaald", _("Niet behaald")
        STOPPED = "gestopt", _("Gestopt")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="trainings")
    name = models.CharField(_("cursus"), max_length=200)
    provider = models.CharField(_("aanbieder"), max_length=200, blank=True)
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"), null=True, blank=True)
    result = models.CharField(_("resultaat"), max_length=15, choices=Result.choices, default=Result.PLANNED)
    cost = models.DecimalField(_("kosten (euro)"), max_digits=10, decimal_places=2, default=0)

    class Meta:
        ordering = ["participant", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                                   name="training_end_after_start"),
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="training_cost_positive"),
        ]
        verbose_name = _("opleiding")
        verbose_name_plural = _("opleidingen")


class CoachingNote(models.Model):
    """A job coach's note: the most sensitive part. Only the participant's own job coaches read it."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="notes")
    author_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(_("notitie"))

    class Meta:
        ordering = ["participant", "-at", "-id"]
        verbose_name = _("coachingsnotitie")
        verbose_name_plural = _("coachingsnotities")
