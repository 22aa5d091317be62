"""Workers and teams: only what planning needs (name, skills, certificates, learning goals, hours
and days, protected work, supervision). The personal trajectory belongs to the people app.
Import them from `work.models` (one path for every model of the app)."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

# Days of the week as Python's `date.weekday()` numbers and their Dutch codes (files, forms).
DAY_CODES = ("ma", "di", "wo", "do", "vr", "za", "zo")
WORKDAYS = [0, 1, 2, 3, 4]


def default_days() -> list[int]:
    return list(WORKDAYS)


class Team(models.Model):
    """A team working in one or more areas (wijken or buurten)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="work_teams")
    name = models.CharField(_("naam"), max_length=100)
    areas = models.ManyToManyField("areas.Area", blank=True, related_name="work_teams", verbose_name=_("gebieden"))

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "name"], name="team_unique_name")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Worker(models.Model):
    """A person who works in the teams, from any partner organisation. `days`: the weekdays they
    work (0 = Monday .. 6 = Sunday). `protected` (beschermd werk): never alone on an order, always
    with a colleague who `may_supervise`. `learning`: skills in training."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="workers")
    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT,
                                     related_name="workers", verbose_name=_("organisatie"))
    name = models.CharField(_("naam"), max_length=150)
    skills = models.ManyToManyField("work.Skill", blank=True, related_name="workers",
                                    verbose_name=_("vaardigheden"))
    learning = models.ManyToManyField("work.Skill", blank=True, related_name="learners",
                                      verbose_name=_("leerdoelen"))
    hours_per_week = models.DecimalField(_("uren per week"), max_digits=4, decimal_places=1, default=36)
    days = models.JSONField(_("werkdagen"), default=default_days, blank=True)
    protected = models.BooleanField(_("beschermd werk"), default=False)
    may_supervise = models.BooleanField(_("mag begeleiden"), default=False)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="workers",
                             verbose_name=_("team"))
    active = models.BooleanField(_("actief"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "organisation", "name"], name="worker_unique_name"),
            models.CheckConstraint(condition=models.Q(hours_per_week__gte=0, hours_per_week__lte=60),
                                   name="worker_hours_range"),
        ]
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")

    def __str__(self) -> str:
        return self.name

    @property
    def day_codes(self) -> list[str]:
        return [DAY_CODES[d] for d in sorted(self.days or []) if 0 <= d < 7]

    def works_on(self, day: datetime.date) -> bool:
        return day.weekday() in (self.days or [])


class WorkerCertificate(models.Model):
    """A certificate a worker holds, valid up to and including `valid_until`."""

    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="certificates")
    certificate_type = models.ForeignKey("work.CertificateType", on_delete=models.CASCADE, related_name="holders")
    valid_until = models.DateField(_("geldig tot en met"))

    class Meta:
        ordering = ["worker", "certificate_type"]
        constraints = [models.UniqueConstraint(fields=["worker", "certificate_type"], name="workercert_unique")]
        verbose_name = _("certificaat van medewerker")
        verbose_name_plural = _("certificaten van medewerkers")

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_until >= day
