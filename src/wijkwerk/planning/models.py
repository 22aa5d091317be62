"""Planning: the risk model per municipality, saved plans (scenarios) and work handed to execution."""

from django.conf import settings
from django.db import models


class PlanningModel(models.Model):
    """The municipality's planning configuration (see planning.defaults.default_config for the keys)."""

    gemeente = models.OneToOneField("municipalities.Gemeente", on_delete=models.CASCADE, related_name="planning_model")
    config = models.JSONField(default=dict, blank=True)
    degradation = models.JSONField(default=dict, blank=True)  # per type: matrix, source, transitions
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "planningsmodel"


class Plan(models.Model):
    """A computed multi-year plan (a named scenario): parameters, result figures, status of the run."""

    class Status(models.TextChoices):
        QUEUED = "queued", "In de wachtrij"
        RUNNING = "running", "Wordt berekend"
        DONE = "done", "Klaar"
        FAILED = "failed", "Mislukt"

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="plans")
    name = models.CharField("naam", max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    params = models.JSONField(default=dict, blank=True)  # years, budgets, objective, frontier
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    result = models.JSONField(null=True, blank=True)  # summary JSON (objective, bound, gap, per year ...)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "plan"
        verbose_name_plural = "plannen"

    def __str__(self) -> str:
        return self.name


class PlanItem(models.Model):
    """One intervention of a plan: asset, year (1 = first year), intervention, cost."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey("assets.Asset", on_delete=models.CASCADE, related_name="plan_items")
    year = models.PositiveSmallIntegerField("jaar")
    intervention = models.CharField("maatregel", max_length=20)
    cost = models.FloatField("kosten")

    class Meta:
        ordering = ["plan", "year", "asset_id"]
        indexes = [models.Index(fields=["plan", "year"])]


class PlannedWork(models.Model):
    """First-year work handed to execution (until the work-order app exists): status 'te doen'."""

    class Status(models.TextChoices):
        TODO = "te_doen", "Te doen"
        DONE = "gedaan", "Gedaan"

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="planned_work")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="planned_work")
    asset = models.ForeignKey("assets.Asset", on_delete=models.CASCADE, related_name="planned_work")
    year = models.PositiveSmallIntegerField("jaar")
    intervention = models.CharField("maatregel", max_length=20)
    cost = models.FloatField("kosten")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asset_id"]
        constraints = [models.UniqueConstraint(fields=["plan", "asset", "intervention"], name="plannedwork_unique")]
