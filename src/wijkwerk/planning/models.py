"""Planning: the risk model per municipality, saved plans (scenarios) and work handed to execution."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow


class PlanningModel(models.Model):
    """The municipality's planning configuration (see planning.defaults.default_config for the keys)."""

    gemeente = models.OneToOneField("municipalities.Gemeente", on_delete=models.CASCADE, related_name="planning_model")
    config = models.JSONField(default=dict, blank=True)
    degradation = models.JSONField(default=dict, blank=True)  # per type: matrix, source, transitions
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planningsmodel")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Wacht op berekening")
    COMPUTING = "computing", _("Wordt berekend")
    COMPUTED = "computed", _("Berekend")
    ADOPTED = "adopted", _("Vastgesteld")
    ARCHIVED = "archived", _("Gearchiveerd")
    FAILED = "failed", _("Mislukt")


class Plan(models.Model):
    """A multi-year plan (a named scenario): parameters, result figures, and its status (PLAN_FLOW):
    made (draft), computed by a task, adopted when its first year is handed to execution, archived."""

    Status = PlanStatus

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="plans")
    name = models.CharField(_("naam"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    params = models.JSONField(default=dict, blank=True)  # years, budgets, objective, frontier
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    progress = models.FloatField(default=0.0)
    result = models.JSONField(null=True, blank=True)  # summary JSON (objective, bound, gap, per year ...)
    error = models.TextField(blank=True)  # why the computation failed (status failed), in Dutch
    # The hand-over of the first year to execution (written by services.plan_adopt with the status change)
    adopted_at = models.DateTimeField(_("doorgezet op"), null=True, blank=True)
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    adopted_count = models.PositiveIntegerField(_("maatregelen doorgezet"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("plan")
        verbose_name_plural = _("plannen")
        constraints = [models.CheckConstraint(condition=models.Q(status__in=PlanStatus.values),
                                              name="plan_status_known")]

    def __str__(self) -> str:
        return self.name

    @property
    def busy(self) -> bool:
        """Waiting for or in the computation: the page polls."""
        return self.status in PLAN_BUSY

    @property
    def has_result(self) -> bool:
        """Computed, adopted or archived: figures, map and exports are there."""
        return self.status in PLAN_WITH_RESULT

    @property
    def read_only(self) -> bool:
        return self.status == Plan.Status.ARCHIVED


# The one place that says which status of a plan may follow which (core/states.py, ADR 0004).
PLAN_FLOW = StateFlow(
    name="planning.plan",
    choices=Plan.Status,
    transitions={
        Plan.Status.DRAFT: {Plan.Status.COMPUTING},
        Plan.Status.COMPUTING: {Plan.Status.COMPUTED, Plan.Status.FAILED},
        Plan.Status.COMPUTED: {Plan.Status.ADOPTED, Plan.Status.ARCHIVED},
        Plan.Status.ADOPTED: {Plan.Status.ARCHIVED},
        Plan.Status.FAILED: {Plan.Status.DRAFT},  # computed again
        Plan.Status.ARCHIVED: set(),
    },
    reason_required={Plan.Status.FAILED},
)
PLAN_BUSY = frozenset({Plan.Status.DRAFT, Plan.Status.COMPUTING})
PLAN_WITH_RESULT = frozenset({Plan.Status.COMPUTED, Plan.Status.ADOPTED, Plan.Status.ARCHIVED})
# A plan may be deleted only before it is adopted, and never while it is computed: once adopted,
# its first year is then work in execution (work orders refer to it).
PLAN_DELETABLE = frozenset({Plan.Status.DRAFT, Plan.Status.COMPUTED, Plan.Status.FAILED})


class PlanItem(models.Model):
    """One intervention of a plan: asset, year (1 = first year), intervention, cost."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    asset = models.ForeignKey("assets.Asset", on_delete=models.CASCADE, related_name="plan_items")
    year = models.PositiveSmallIntegerField(_("jaar"))
    intervention = models.CharField(_("maatregel"), max_length=20)
    cost = models.FloatField(_("kosten"))

    class Meta:
        ordering = ["plan", "year", "asset_id"]
        indexes = [models.Index(fields=["plan", "year"])]


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Wacht")
    RUNNING = "running", _("Wordt gemaakt")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")


class PlanExport(models.Model):
    """A file of a plan (MJOP as Excel or PDF) made by a task in one language, kept in the private
    data folder (DATA_DIR/exports/<random>/) and downloaded by members who may view plans."""

    Status = ExportStatus

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="exports")
    format = models.CharField(max_length=10, choices=Format.choices)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    file_path = models.CharField(max_length=500, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(status__in=ExportStatus.values),
                                              name="planexport_status_known")]

    @property
    def gemeente(self):  # the audit record of a status change names the municipality
        return self.plan.gemeente

    @property
    def busy(self) -> bool:
        return self.status in EXPORT_BUSY


EXPORT_FLOW = StateFlow(
    name="planning.export",
    choices=PlanExport.Status,
    transitions={
        PlanExport.Status.QUEUED: {PlanExport.Status.RUNNING, PlanExport.Status.FAILED},
        PlanExport.Status.RUNNING: {PlanExport.Status.DONE, PlanExport.Status.FAILED},
        PlanExport.Status.DONE: set(),
        PlanExport.Status.FAILED: set(),
    },
    reason_required={PlanExport.Status.FAILED},
)
EXPORT_BUSY = frozenset({PlanExport.Status.QUEUED, PlanExport.Status.RUNNING})
