"""Quality (CROW schouw) and technical condition (NEN 2767).

Quality: a municipality's catalogue of aspects is versioned (`QualityCatalogue.version`); a change
makes a new version and a round keeps the catalogue it was measured with. Area types carry a target
level per aspect and a pass share; buurten without an assigned area type use the municipality's
default area type ("woonwijk", target B, 90 %).

Condition: every measurement of an asset is a `ConditionInspection` (date, computed condition)
with its elements and their defects; the asset's current condition is copied to
`assets.Asset.condition` / `condition_date` by the asset register (`assets.services.asset_condition_record`,
called by `condition.services.condition_inspection_record` and the conditions import).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow

LEVELS = ("A+", "A", "B", "C", "D")  # best to worst


class QualityCatalogue(models.Model):
    """One version of a municipality's quality catalogue. Never edited once a round uses it:
    changes make a new version (see `quality.services.catalogue_update`)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="quality_catalogues")
    version = models.PositiveIntegerField()
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    note = models.CharField(_("toelichting"), max_length=255, blank=True)

    class Meta:
        ordering = ["gemeente", "-version"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "version"], name="catalogue_unique_version")]
        verbose_name = _("kwaliteitscatalogus")
        verbose_name_plural = _("kwaliteitscatalogi")

    def __str__(self) -> str:
        return gettext("Kwaliteitscatalogus versie %(version)s") % {"version": self.version}


class QualityAspect(models.Model):
    """An aspect inspected in a schouw. `scale_kind` "levels": the inspector picks A+..D;
    "measured": a value (percentage, count per 100 m2, height) is converted to a level by
    `thresholds` = upper bounds {"A+": x, "A": x, "B": x, "C": x} (value <= bound gives that
    level, the first that fits from A+; above the C bound is D)."""

    class ScaleKind(models.TextChoices):
        LEVELS = "levels", _("Niveau direct gekozen")
        MEASURED = "measured", _("Gemeten waarde")

    catalogue = models.ForeignKey(QualityCatalogue, on_delete=models.CASCADE, related_name="aspects")
    code = models.CharField(max_length=60)
    name = models.CharField(_("naam"), max_length=100)
    scale_kind = models.CharField(_("schaal"), max_length=10, choices=ScaleKind.choices)
    unit = models.CharField(_("eenheid"), max_length=30, blank=True)
    thresholds = models.JSONField(_("grenzen"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["catalogue", "position", "code"]
        constraints = [models.UniqueConstraint(fields=["catalogue", "code"], name="aspect_unique_code")]
        verbose_name = _("kwaliteitsaspect")
        verbose_name_plural = _("kwaliteitsaspecten")

    def __str__(self) -> str:
        return self.name


class AreaType(models.Model):
    """Gebiedstype (centrum, woonwijk, bedrijventerrein, park): target level per aspect code
    (`targets`; aspects not listed use `default_target`) and the pass share (0..1)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="area_types")
    code = models.SlugField(max_length=50)
    name = models.CharField(_("naam"), max_length=100)
    default_target = models.CharField(_("standaard streefniveau"), max_length=2, default="B")
    targets = models.JSONField(_("streefniveaus"), default=dict, blank=True)
    pass_share = models.FloatField(_("normpercentage"), default=0.90)
    is_default = models.BooleanField(_("standaard voor buurten zonder gebiedstype"), default=False)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="areatype_unique_code")]
        verbose_name = _("gebiedstype")
        verbose_name_plural = _("gebiedstypen")

    def __str__(self) -> str:
        return self.name

    def target_for(self, aspect_code: str) -> str:
        return self.targets.get(aspect_code, self.default_target)


class BuurtAreaType(models.Model):
    """Which area type a buurt has. Buurten without a row use the default area type."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="+")
    buurt = models.OneToOneField("areas.Area", on_delete=models.CASCADE, related_name="area_type_assignment")
    area_type = models.ForeignKey(AreaType, on_delete=models.CASCADE, related_name="assignments")

    class Meta:
        verbose_name = _("gebiedstype van buurt")
        verbose_name_plural = _("gebiedstypen van buurten")


class AreaTypePolygon(models.Model):
    """An area drawn as a polygon (WGS84 GeoJSON) with its own area type: a plot inside it is
    judged against this area type, whatever its buurt's area type is."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="+")
    area_type = models.ForeignKey(AreaType, on_delete=models.CASCADE, related_name="polygons")
    name = models.CharField(_("naam"), max_length=150, blank=True)
    geometry = models.JSONField(_("geometrie"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    source = models.CharField(_("bron"), max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area_type", "name", "id"]
        verbose_name = _("vlak met gebiedstype")
        verbose_name_plural = _("vlakken met gebiedstype")

    def __str__(self) -> str:
        return self.name or gettext("Vlak %(id)s") % {"id": self.pk}


class InspectionRound(models.Model):
    """A schouw round: planned in the app (plots drawn at random per buurt) or imported."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        OPEN = "open", _("Bezig")
        DONE = "done", _("Afgerond")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="inspection_rounds")
    catalogue = models.ForeignKey(QualityCatalogue, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("naam"), max_length=100)
    period_start = models.DateField(_("begin"), null=True, blank=True)
    period_end = models.DateField(_("einde"), null=True, blank=True)
    aspects = models.JSONField(_("aspecten"), default=list, blank=True)  # aspect codes in this round
    plots_per_buurt = models.PositiveSmallIntegerField(_("meetlocaties per buurt"), default=0)
    seed = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    source = models.CharField(_("bron"), max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["gemeente", "-period_start", "-id"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "name"], name="round_unique_name")]
        verbose_name = _("schouwronde")
        verbose_name_plural = _("schouwrondes")

    def __str__(self) -> str:
        return self.name

    @property
    def is_done(self) -> bool:
        """Done (afgerond): the results are fixed and the plots read-only."""
        return self.status == InspectionRound.Status.DONE


# Which status of a round may follow which (core/states.py, ADR 0004): the first saved plot opens a
# planned round; done is final (a done round is read-only, see quality.plots.round_ensure_open).
ROUND_FLOW = StateFlow(
    name="inspections.round",
    choices=InspectionRound.Status,
    transitions={
        InspectionRound.Status.PLANNED: {InspectionRound.Status.OPEN, InspectionRound.Status.DONE},
        InspectionRound.Status.OPEN: {InspectionRound.Status.DONE},
        InspectionRound.Status.DONE: set(),
    },
)


class Plot(models.Model):
    """A sample plot (meetlocatie, about 100 m2). `version` is bumped on every save: an edit
    based on an older version is refused (optimistic concurrency between inspectors)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Nog niet geschouwd")
        DONE = "done", _("Geschouwd")
        SKIPPED = "skipped", _("Overgeslagen")

    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="plots")
    code = models.CharField(_("meetlocatie"), max_length=60)
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wijk = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    lon = models.FloatField()
    lat = models.FloatField()
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    skip_reason = models.CharField(_("reden overslaan"), max_length=255, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_by_label = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="plot_unique_code")]
        verbose_name = _("meetlocatie")
        verbose_name_plural = _("meetlocaties")

    def __str__(self) -> str:
        return self.code


class PlotScore(models.Model):
    """The level of one aspect on one plot; `value` holds the measurement for measured aspects."""

    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="scores")
    aspect_code = models.CharField(max_length=60)
    level = models.CharField(max_length=2)
    value = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["plot", "aspect_code"]
        constraints = [models.UniqueConstraint(fields=["plot", "aspect_code"], name="score_unique_aspect")]


class ConditionConfig(models.Model):
    """A municipality's NEN 2767 tables (defaults in `nen2767.DEFAULT_*`): the condition matrix
    {severity: {intensity: [condition for extent 1..5]}}, correction factors per condition
    {"1": 1.0, ...} and the extent class upper bounds in percent."""

    gemeente = models.OneToOneField("municipalities.Gemeente", on_delete=models.CASCADE, related_name="condition_config")
    matrix = models.JSONField(default=dict)
    factors = models.JSONField(default=dict)
    extent_bounds = models.JSONField(default=list)
    updated = models.DateTimeField(auto_now=True)


class ConditionInspection(models.Model):
    """One NEN 2767 measurement of an asset: append-only history (planning estimates degradation
    from it)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="condition_inspections")
    asset = models.ForeignKey("assets.Asset", on_delete=models.CASCADE, related_name="condition_inspections")
    date = models.DateField(_("datum"))
    condition = models.PositiveSmallIntegerField(_("conditie"))
    source = models.CharField(_("bron"), max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["asset", "date", "id"]
        indexes = [models.Index(fields=["gemeente", "asset", "date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(condition__gte=1, condition__lte=6), name="inspection_condition_1_6"),
        ]
        verbose_name = _("conditiemeting")
        verbose_name_plural = _("conditiemetingen")


class ConditionElement(models.Model):
    inspection = models.ForeignKey(ConditionInspection, on_delete=models.CASCADE, related_name="elements")
    name = models.CharField(_("element"), max_length=100)
    replacement_value = models.DecimalField(_("vervangingswaarde"), max_digits=14, decimal_places=2, default=0)
    condition = models.PositiveSmallIntegerField(_("conditie"))

    class Meta:
        ordering = ["inspection", "id"]


class ConditionDefect(models.Model):
    class Severity(models.TextChoices):
        GERING = "gering", _("Gering")
        SERIEUS = "serieus", _("Serieus")
        ERNSTIG = "ernstig", _("Ernstig")

    element = models.ForeignKey(ConditionElement, on_delete=models.CASCADE, related_name="defects")
    name = models.CharField(_("gebrek"), max_length=150)
    severity = models.CharField(_("ernst"), max_length=10, choices=Severity.choices)
    intensity = models.PositiveSmallIntegerField(_("intensiteit"))
    extent_class = models.PositiveSmallIntegerField(_("omvang (klasse)"))
    extent_percentage = models.FloatField(_("omvang (%)"), null=True, blank=True)
    condition = models.PositiveSmallIntegerField(_("conditie"))

    class Meta:
        ordering = ["element", "id"]
