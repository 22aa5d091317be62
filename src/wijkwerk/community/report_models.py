"""Reports (meldingen) about public space by residents, from the public page or an Open311 client.

A report's status follows REPORT_FLOW (core/states.py): open -> in behandeling -> afgehandeld
(opgelost) or afgehandeld (niet opgelost, with the reason); a reporter or staff may reopen a
handled report within the reopen period (heropend), which then goes back to in behandeling. Every
change appends a ReportEvent (the public history on the tracking page). The reporter's contact
details are anonymised after the retention period."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow


def new_token() -> str:
    """The tracking link's secret: unguessable, so the link is the reporter's key."""
    return secrets.token_urlsafe(24)


class ServiceCategory(models.Model):
    """A category residents report in (an Open311 service): its code, name, group, the number of
    days staff have to handle it, the asset types one may pick for it, and extra questions
    (`attributes`: [{"code", "datatype" (string|number|datetime|text|singlevaluelist|multivaluelist),
    "required", "description", "order", "values": [{"key", "name"}]}])."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="report_categories")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("naam"), max_length=120)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    group = models.CharField(_("groep"), max_length=80, blank=True)
    response_days = models.PositiveSmallIntegerField(_("afhandeltermijn (dagen)"), default=5)
    asset_types = models.JSONField(_("soorten assets"), default=list, blank=True)
    attributes = models.JSONField(_("extra vragen"), default=list, blank=True)
    activity_code = models.CharField(_("activiteit voor de werkorder"), max_length=50, blank=True)
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["gemeente", "group", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "code"], name="category_unique_code")]
        verbose_name = _("categorie van meldingen")
        verbose_name_plural = _("categorieën van meldingen")

    def __str__(self) -> str:
        return self.name


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_behandeling", _("In behandeling")
    RESOLVED = "opgelost", _("Afgehandeld (opgelost)")
    NOT_RESOLVED = "niet_opgelost", _("Afgehandeld (niet opgelost)")
    REOPENED = "heropend", _("Heropend")


REPORT_FLOW = StateFlow(name="community.report", choices=ReportStatus, transitions={
    ReportStatus.OPEN: {ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED, ReportStatus.NOT_RESOLVED},
    ReportStatus.IN_PROGRESS: {ReportStatus.RESOLVED, ReportStatus.NOT_RESOLVED},
    ReportStatus.RESOLVED: {ReportStatus.REOPENED},
    ReportStatus.NOT_RESOLVED: {ReportStatus.REOPENED},
    ReportStatus.REOPENED: {ReportStatus.IN_PROGRESS, ReportStatus.RESOLVED, ReportStatus.NOT_RESOLVED},
}, reason_required={ReportStatus.NOT_RESOLVED, ReportStatus.REOPENED})

CLOSED_STATUSES = (ReportStatus.RESOLVED, ReportStatus.NOT_RESOLVED)


class Report(models.Model):
    """One report. `number` is public (M-2026-00001, the Open311 service_request_id); `token` is the
    tracking link's secret. `merged_into`: a duplicate points at the report it was merged into."""

    class Source(models.TextChoices):
        WEB = "web", _("Website")
        OPEN311 = "open311", _("Open311")
        STAFF = "staff", _("Medewerker")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="reports")
    number = models.CharField(_("nummer"), max_length=20)
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    category = models.ForeignKey(ServiceCategory, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("categorie"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    description = models.TextField(_("omschrijving"))
    lat = models.FloatField()
    lon = models.FloatField()
    address = models.CharField(_("adres"), max_length=200, blank=True)
    asset = models.ForeignKey("assets.Asset", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports",
                              verbose_name=_("asset"))
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    attributes = models.JSONField(default=dict, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    name = models.CharField(_("naam"), max_length=120, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    photo = models.CharField(max_length=200, blank=True, help_text="Path under the data folder (private).")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    client = models.ForeignKey("community.Open311Client", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="reports")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates")
    work_order_code = models.CharField(max_length=30, blank=True)
    deadline = models.DateField(_("uiterlijk afgehandeld"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["gemeente", "status"]), models.Index(fields=["gemeente", "category", "status"]),
                   models.Index(fields=["gemeente", "lat", "lon"])]
        constraints = [models.UniqueConstraint(fields=["gemeente", "number"], name="report_unique_number")]
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ReportEvent(models.Model):
    """The history of a report: status changes, replies to the reporter (public) and staff notes."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor_label = models.CharField(max_length=150, blank=True)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["report", "at", "id"]


class Open311Client(models.Model):
    """An application that may POST requests through Open311, with its API key (only a hash kept)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="open311_clients")
    name = models.CharField(_("naam"), max_length=120)
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(auto_now_add=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["gemeente", "name"]
        verbose_name = _("Open311-client")
        verbose_name_plural = _("Open311-clients")

    def __str__(self) -> str:
        return self.name
