"""The asset register: asset types with their attribute schema, assets, their history, imports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow


class AssetType(models.Model):
    """A kind of object in public space. `code` is stable: used in files, commands and the API.

    `schema` lists the attributes a manager records, each
    `{"name", "label", "type": "string|integer|number|choice|boolean", "unit"?, "choices"?, "min"?, "max"?}`;
    attributes are validated against it (see `assets.schemas`).
    """

    class GeometryKind(models.TextChoices):
        POINT = "point", _("Punt")
        LINE = "line", _("Lijn")
        POLYGON = "polygon", _("Vlak")

    code = models.SlugField(max_length=50, unique=True)
    label = models.CharField(_("naam"), max_length=100)
    geometry_kind = models.CharField(_("geometrie"), max_length=10, choices=GeometryKind.choices)
    default_unit = models.CharField(_("eenheid"), max_length=10, default="st")
    schema = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("assettype")
        verbose_name_plural = _("assettypes")

    def __str__(self) -> str:
        return self.label


class Asset(models.Model):
    # No single-column indexes on gemeente and asset_type: the composite indexes below start with
    # gemeente (and gemeente, asset_type) and serve those lookups; fewer indexes make bulk imports faster.
    gemeente = models.ForeignKey(
        "municipalities.Gemeente", on_delete=models.CASCADE, related_name="assets", db_index=False
    )
    asset_type = models.ForeignKey(AssetType, on_delete=models.PROTECT, related_name="assets", db_index=False)
    external_id = models.CharField(_("bronsleutel"), max_length=255)
    geometry = models.JSONField(help_text="GeoJSON geometry in WGS84 (lon, lat)")
    lon = models.FloatField(help_text="WGS84 longitude of the point or the centroid")
    lat = models.FloatField()
    x = models.FloatField(help_text="RD New (EPSG:28992) x of the point or the centroid")
    y = models.FloatField()
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    # buurt and wijk are derived from the geometry (recomputed after every area import) and cleared
    # by Django's SET_NULL when an area is deleted; no database constraint, so that a million-asset
    # import does not pay two foreign-key checks per row (see assets.importing).
    buurt = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="assets_in_buurt",
        db_constraint=False,
    )
    wijk = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="assets_in_wijk",
        db_constraint=False,
    )
    outside_areas = models.BooleanField(_("buiten alle buurten"), default=False)
    quantity = models.DecimalField(_("hoeveelheid"), max_digits=14, decimal_places=2, default=1)
    unit = models.CharField(_("eenheid"), max_length=10, default="st")
    installation_year = models.PositiveSmallIntegerField(_("aanlegjaar"), null=True, blank=True)
    condition = models.PositiveSmallIntegerField(_("conditie"), null=True, blank=True)  # NEN 2767: 1..6
    condition_date = models.DateField(_("conditiedatum"), null=True, blank=True)
    attributes = models.JSONField(_("kenmerken"), default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)  # bumped on every change; the API's ETag
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Written by the file import (assets.importing): the file the asset last came from, and a hash
    # of that file row as imported at `import_version`. While `version == import_version`, a row
    # with the same hash is known to be unchanged without comparing every field.
    source = models.CharField(_("bron"), max_length=255, blank=True, default="")
    import_fingerprint = models.CharField(max_length=32, blank=True, default="")
    import_version = models.PositiveIntegerField(default=0)
    # Search keys (assets/search_keys.py), written with the fields they come from: the external id and
    # the street and number among the attributes. Indexed per municipality for prefix lookups.
    search_id = models.CharField(max_length=100, blank=True, default="")
    search_address = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "external_id"], name="asset_unique_external_id"),
            models.CheckConstraint(
                condition=models.Q(condition__isnull=True) | models.Q(condition__gte=1, condition__lte=6),
                name="asset_condition_1_6",
            ),
        ]
        indexes = [
            models.Index(fields=["gemeente", "asset_type"]),
            models.Index(fields=["gemeente", "min_lon", "min_lat"]),
            models.Index(fields=["gemeente", "max_lon", "max_lat"]),
            models.Index(fields=["gemeente", "search_id"], name="asset_search_id"),
            models.Index(fields=["gemeente", "search_address"], name="asset_search_address"),
        ]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")

    def __str__(self) -> str:
        return f"{self.asset_type_id} {self.external_id}"


class AssetHistory(models.Model):
    """Append-only history of an asset: what changed, when, by whom, from which source."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Aangemaakt")
        UPDATED = "updated", _("Gewijzigd")
        CONDITION = "condition", _("Conditie gemeten")

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    source = models.CharField(_("bron"), max_length=255, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("historieregel")
        verbose_name_plural = _("historie")


class ImportJobStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Geüpload, wacht op controle")
    CHECKING = "checking", _("Wordt gecontroleerd")
    CHECKED = "checked", _("Gecontroleerd, wacht op bevestiging")
    RUNNING = "running", _("Wordt ingelezen")
    DONE = "done", _("Klaar")
    FAILED = "failed", _("Mislukt")
    CANCELLED = "cancelled", _("Geannuleerd")


class ImportJob(models.Model):
    """An import started from the import page: dry run first, then confirmed, run as a task. Its
    status follows IMPORT_JOB_FLOW (services in assets/import_jobs.py)."""

    Status = ImportJobStatus

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=255)
    file_path = models.CharField(max_length=500)
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    progress = models.FloatField(default=0.0)  # 0..1
    dry_run_report = models.JSONField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)  # why it failed, in Dutch

    class Meta:
        ordering = ["-created"]
        constraints = [models.CheckConstraint(condition=models.Q(status__in=ImportJobStatus.values),
                                              name="importjob_status_known")]


# The one place that says which status of an import job may follow which (core/states.py, ADR 0004).
# uploaded -> checking -> checked: the dry run; checked -> running: the user confirmed; running -> done.
# checked -> uploaded: the user chose other asset types for the values of the type column; check again.
IMPORT_JOB_FLOW = StateFlow(
    name="assets.import_job",
    choices=ImportJobStatus,
    transitions={
        ImportJobStatus.UPLOADED: {ImportJobStatus.CHECKING, ImportJobStatus.FAILED, ImportJobStatus.CANCELLED},
        ImportJobStatus.CHECKING: {ImportJobStatus.CHECKED, ImportJobStatus.FAILED},
        ImportJobStatus.CHECKED: {ImportJobStatus.RUNNING, ImportJobStatus.CANCELLED, ImportJobStatus.UPLOADED},
        ImportJobStatus.RUNNING: {ImportJobStatus.DONE, ImportJobStatus.FAILED},
        ImportJobStatus.DONE: set(),
        ImportJobStatus.FAILED: set(),
        ImportJobStatus.CANCELLED: set(),
    },
    reason_required={ImportJobStatus.FAILED},
)
IMPORT_JOB_BUSY = frozenset({ImportJobStatus.UPLOADED, ImportJobStatus.CHECKING, ImportJobStatus.RUNNING})
