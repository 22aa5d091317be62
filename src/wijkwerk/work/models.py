"""Execution: the activity catalogue, workers and teams, work orders with their status history,
assignments (written by the weekly plan through `work.services.assignments_replace`) and the
registration of what was done (hours per person, materials, photos, the new NEN 2767 condition).

Everything belongs to one municipality. A work order's status follows WORK_ORDER_FLOW
(core/states.py); every change is appended to its `events` (WorkOrderEvent) and nothing is edited
in place. Writes go through `work.services` (orders), `work.catalogue` (activities, skills,
certificates), `work.people` (workers and teams) and `work.completion` (registration).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow

from .people_models import Team, Worker, WorkerCertificate  # noqa: F401  (one import path for all models)


class Skill(models.Model):
    """A skill a worker holds or is learning (maaien, snoeien, straatwerk ...)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="skills")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="skill_unique_code")]
        verbose_name = _("vaardigheid")
        verbose_name_plural = _("vaardigheden")

    def __str__(self) -> str:
        return self.name


class CertificateType(models.Model):
    """A certificate with an expiry date (VCA, kettingzaag, bosmaaier, rijbewijs BE ...)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE,
                                 related_name="certificate_types")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="certificatetype_unique_code")]
        verbose_name = _("certificaat")
        verbose_name_plural = _("certificaten")

    def __str__(self) -> str:
        return self.name


class Activity(models.Model):
    """An activity of the catalogue: hours = quantity x `norm_hours` (per `unit`). The people on an
    order must together hold `skills` and `certificates` (valid on the day).

    Hooks for where orders come from: `asset_types` and `interventions` (planning's intervention
    codes small/large/replace) pick the activity for a plan item; `aspects` (schouw aspect codes)
    pick it for a plot below its target."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="activities")
    code = models.SlugField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=120)
    unit = models.CharField(_("eenheid"), max_length=20, default="st")
    norm_hours = models.DecimalField(_("normuren per eenheid"), max_digits=9, decimal_places=3)
    skills = models.ManyToManyField(Skill, blank=True, related_name="activities", verbose_name=_("vaardigheden"))
    certificates = models.ManyToManyField(CertificateType, blank=True, related_name="activities",
                                          verbose_name=_("certificaten"))
    equipment = models.CharField(_("materieel"), max_length=255, blank=True)
    asset_types = models.JSONField(_("assettypes"), default=list, blank=True)
    interventions = models.JSONField(_("maatregelen"), default=list, blank=True)
    aspects = models.JSONField(_("schouwaspecten"), default=list, blank=True)
    active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "code"], name="activity_unique_code"),
            models.CheckConstraint(condition=models.Q(norm_hours__gte=0), name="activity_norm_hours_positive"),
        ]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")

    def __str__(self) -> str:
        return self.name


class WorkOrderStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    PLANNED = "gepland", _("Gepland")
    IN_PROGRESS = "in_uitvoering", _("In uitvoering")
    DONE = "gereed", _("Gereed")
    CHECKED = "gecontroleerd", _("Gecontroleerd")
    REJECTED = "afgekeurd", _("Afgekeurd")
    CANCELLED = "vervallen", _("Vervallen")


class WorkOrderOrigin(models.TextChoices):
    PLAN = "plan", _("Meerjarenplan")
    SCHOUW = "schouw", _("Schouw")
    MELDING = "melding", _("Melding van bewoners")
    HAND = "hand", _("Met de hand")


class WorkOrder(models.Model):
    """A work order: what (activity, quantity, hours), where (assets, or a point; buurt and wijk
    derived), when (deadline, planned day), how urgent (priority 1 urgent .. 4 low), where from
    (`origin` + `origin_ref`: e.g. `plan:<plan id>:<item id>`, `schouw:<plot id>:<aspect>`,
    `melding:<report id>`) and its status (WORK_ORDER_FLOW, history in `events`)."""

    Status = WorkOrderStatus
    Origin = WorkOrderOrigin

    class Priority(models.IntegerChoices):
        URGENT = 1, _("Spoed")
        HIGH = 2, _("Hoog")
        NORMAL = 3, _("Normaal")
        LOW = 4, _("Laag")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="work_orders")
    code = models.CharField(_("code"), max_length=60)
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="orders",
                                 verbose_name=_("activiteit"))
    description = models.CharField(_("omschrijving"), max_length=255, blank=True)
    assets = models.ManyToManyField("assets.Asset", blank=True, related_name="work_orders",
                                    verbose_name=_("assets"))
    lat = models.FloatField(_("breedtegraad"), null=True, blank=True)
    lon = models.FloatField(_("lengtegraad"), null=True, blank=True)
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wijk = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quantity = models.DecimalField(_("hoeveelheid"), max_digits=12, decimal_places=2, default=1)
    hours = models.DecimalField(_("uren"), max_digits=9, decimal_places=2)
    deadline = models.DateField(_("uiterste datum"), null=True, blank=True)
    priority = models.PositiveSmallIntegerField(_("prioriteit"), choices=Priority.choices, default=Priority.NORMAL)
    origin = models.CharField(_("herkomst"), max_length=10, choices=Origin.choices, default=Origin.HAND)
    origin_ref = models.CharField(_("herkomstkenmerk"), max_length=100, blank=True)
    plan = models.ForeignKey("planning.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"), null=True, blank=True)  # calendar year of the plan work
    plot = models.ForeignKey("inspections.Plot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    aspect_code = models.CharField(_("schouwaspect"), max_length=60, blank=True)
    target_level = models.CharField(_("streefniveau"), max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    planned_day = models.DateField(_("geplande dag"), null=True, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders")
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["gemeente", "priority", "deadline", "code"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "code"], name="workorder_unique_code"),
            models.CheckConstraint(condition=models.Q(status__in=WorkOrderStatus.values), name="workorder_status_known"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="workorder_hours_positive"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="workorder_quantity_positive"),
        ]
        indexes = [
            models.Index(fields=["gemeente", "status"]),
            models.Index(fields=["gemeente", "origin", "origin_ref"]),
            models.Index(fields=["gemeente", "planned_day"]),
        ]
        verbose_name = _("werkorder")
        verbose_name_plural = _("werkorders")

    def __str__(self) -> str:
        return self.code


# The one place that says which status of a work order may follow which (core/states.py, ADR 0004).
# gepland -> nieuw: taken out of the weekly plan again. afgekeurd goes back to gepland (redo).
WORK_ORDER_FLOW = StateFlow(
    name="work.order",
    choices=WorkOrderStatus,
    transitions={
        WorkOrderStatus.NEW: {WorkOrderStatus.PLANNED, WorkOrderStatus.CANCELLED},
        WorkOrderStatus.PLANNED: {WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.NEW, WorkOrderStatus.CANCELLED},
        WorkOrderStatus.IN_PROGRESS: {WorkOrderStatus.DONE, WorkOrderStatus.PLANNED},
        WorkOrderStatus.DONE: {WorkOrderStatus.CHECKED, WorkOrderStatus.REJECTED},
        WorkOrderStatus.REJECTED: {WorkOrderStatus.PLANNED, WorkOrderStatus.CANCELLED},
        WorkOrderStatus.CHECKED: set(),
        WorkOrderStatus.CANCELLED: set(),
    },
    reason_required={WorkOrderStatus.REJECTED, WorkOrderStatus.CANCELLED},
)
OPEN_STATUSES = frozenset({WorkOrderStatus.NEW, WorkOrderStatus.PLANNED, WorkOrderStatus.IN_PROGRESS,
                           WorkOrderStatus.REJECTED})
# Orders the weekly plan may (re)assign: not started, not finished.
PLANNABLE_STATUSES = frozenset({WorkOrderStatus.NEW, WorkOrderStatus.PLANNED, WorkOrderStatus.REJECTED})
FINISHED_STATUSES = frozenset({WorkOrderStatus.DONE, WorkOrderStatus.CHECKED})


class AppendOnly(models.Model):
    """A row that is written once and never changed."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("This history is append-only.")
        super().save(*args, **kwargs)


class WorkOrderEvent(AppendOnly):
    """One line of an order's history: created, a status change (from, to, reason), a
    registration. Appended by the services, never edited."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["order", "at", "id"]
        verbose_name = _("werkorderhistorie")
        verbose_name_plural = _("werkorderhistorie")


class WorkAssignment(models.Model):
    """A worker on an order on a day, for a number of hours. `learning_skill`: the worker does this
    to learn that skill (a qualified colleague is on the same order). Written only by
    `work.services.assignments_replace` (the weekly plan) and `assignment_move` (the board)."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="assignments")
    worker = models.ForeignKey(Worker, on_delete=models.CASCADE, related_name="assignments")
    day = models.DateField(_("dag"))
    hours = models.DecimalField(_("uren"), max_digits=5, decimal_places=2)
    learning_skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "order", "worker"]
        constraints = [
            models.UniqueConstraint(fields=["order", "worker"], name="assignment_unique_worker"),
            models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24), name="assignment_hours_range"),
        ]
        indexes = [models.Index(fields=["worker", "day"])]


class WorkCompletion(AppendOnly):
    """What was done, registered in the field: remarks, materials (`[{"name", "quantity", "unit"}]`)
    and, for asset work, the condition measured afterwards (NEN 2767, 1..6). A rejected order
    completed again gets a new one."""

    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="completions")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    remarks = models.TextField(_("opmerkingen"), blank=True)
    materials = models.JSONField(_("materialen"), default=list, blank=True)
    condition = models.PositiveSmallIntegerField(_("conditie na afloop"), null=True, blank=True)

    class Meta:
        ordering = ["order", "at", "id"]


class WorkedHours(AppendOnly):
    """Hours a worker spent on an order (registered at completion). `learning_skill`: learning hours."""

    completion = models.ForeignKey(WorkCompletion, on_delete=models.CASCADE, related_name="hours")
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="worked_hours")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="worked_hours")
    hours = models.DecimalField(_("uren"), max_digits=5, decimal_places=2)
    learning_skill = models.ForeignKey(Skill, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["completion", "worker"]
        constraints = [models.CheckConstraint(condition=models.Q(hours__gt=0, hours__lte=24),
                                              name="workedhours_range")]


class WorkPhoto(AppendOnly):
    """A before or after photo: re-encoded without metadata and stored as a private file under the
    data folder (`path` is relative to it)."""

    class Kind(models.TextChoices):
        BEFORE = "voor", _("Voor")
        AFTER = "na", _("Na")

    completion = models.ForeignKey(WorkCompletion, on_delete=models.CASCADE, related_name="photos")
    order = models.ForeignKey(WorkOrder, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    path = models.CharField(max_length=255)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["completion", "kind", "id"]
