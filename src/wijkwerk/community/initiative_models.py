"""Residents' initiatives at a place (adopt a plant bed, a clean-up day, plant trees, a community
garden): proposed publicly, assessed by the municipality against its published criteria, agreed
(terms: what residents maintain, until when, what the municipality provides), running and evaluated.

The status follows INITIATIVE_FLOW (core/states.py). The proposer's and volunteers' contact details
are private (staff only); the public pages show the initiative and the number of volunteers."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow

__all__ = ["INITIATIVE_FLOW", "PUBLIC_INITIATIVE_STATUSES", "Initiative", "InitiativeStatus", "InitiativeVolunteer",
           "new_public_id"]


def new_public_id() -> str:
    """A random, URL-safe id for public links (no sequential numbers to enumerate)."""
    return secrets.token_urlsafe(9)


class InitiativeStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    ASSESSING = "in_beoordeling", _("In beoordeling")
    REJECTED = "afgewezen", _("Afgewezen")
    AGREED = "afgesproken", _("Afgesproken")
    RUNNING = "lopend", _("Lopend")
    EVALUATED = "geevalueerd", _("Geëvalueerd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


INITIATIVE_FLOW = StateFlow(name="community.initiative", choices=InitiativeStatus, transitions={
    InitiativeStatus.PROPOSED: {InitiativeStatus.ASSESSING, InitiativeStatus.WITHDRAWN},
    InitiativeStatus.ASSESSING: {InitiativeStatus.REJECTED, InitiativeStatus.AGREED},
    InitiativeStatus.REJECTED: set(),
    InitiativeStatus.AGREED: {InitiativeStatus.RUNNING},
    InitiativeStatus.RUNNING: {InitiativeStatus.EVALUATED},
    InitiativeStatus.EVALUATED: set(),
    InitiativeStatus.WITHDRAWN: set(),
}, reason_required={InitiativeStatus.REJECTED, InitiativeStatus.WITHDRAWN})

# Shown on the public pages (a fresh proposal first passes staff: it may be spam or abusive).
PUBLIC_INITIATIVE_STATUSES = (InitiativeStatus.ASSESSING, InitiativeStatus.AGREED, InitiativeStatus.RUNNING,
                              InitiativeStatus.EVALUATED)


class Initiative(models.Model):
    """One initiative. `assessment`: {criterion: {"ok": bool, "motivation": str}} against the
    criteria published for the municipality; `activity_codes` and `covered_assets` (asset ids):
    the maintenance residents take over from the contractor while the initiative is agreed/running."""

    class Kind(models.TextChoices):
        PLANT_BED = "plantvak", _("Plantvak adopteren")
        CLEAN_UP = "opschoondag", _("Opschoondag")
        TREES = "bomen", _("Bomen planten")
        GARDEN = "buurttuin", _("Buurttuin")
        OTHER = "anders", _("Anders")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="initiatives")
    public_id = models.CharField(max_length=20, unique=True, default=new_public_id, editable=False)
    title = models.CharField(_("titel"), max_length=150)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("omschrijving"), max_length=4000)
    lat = models.FloatField(_("breedtegraad"))
    lon = models.FloatField(_("lengtegraad"))
    asset = models.ForeignKey("assets.Asset", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposer_name = models.CharField(_("naam"), max_length=120)
    proposer_email = models.EmailField(_("e-mailadres"))
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices,
                              default=InitiativeStatus.PROPOSED)
    assessment = models.JSONField(default=dict, blank=True)
    residents_maintain = models.TextField(_("wat de bewoners onderhouden"), blank=True)
    agreed_until = models.DateField(_("afgesproken tot"), null=True, blank=True)
    municipality_provides = models.TextField(_("wat de gemeente levert"), blank=True)
    activity_codes = models.JSONField(default=list, blank=True)
    covered_assets = models.JSONField(default=list, blank=True)
    evaluation = models.TextField(_("evaluatie"), blank=True)
    decision_reason = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["gemeente", "status"])]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")

    def __str__(self) -> str:
        return self.title

    @property
    def takes_over_maintenance(self) -> bool:
        return bool(self.covered_assets) and self.status in (InitiativeStatus.AGREED, InitiativeStatus.RUNNING)


class InitiativeVolunteer(models.Model):
    """Someone who joins an initiative; name and e-mail are private (the public sees a count)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="volunteers")
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["initiative", "created", "id"]
        constraints = [models.UniqueConstraint(fields=["initiative", "email"], name="volunteer_unique_email")]
