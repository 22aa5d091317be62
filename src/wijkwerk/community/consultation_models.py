"""Consultation rounds before decisions: a question or proposal, open for a period, reactions
(moderated: only approved ones are public) and agree/disagree votes from residents and
organisations, summarised by staff in a report that the decision (tender, year plan) links to.

The status follows CONSULTATION_FLOW: concept -> open -> gesloten -> samengevat."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkwerk.core.states import StateFlow

from .initiative_models import new_public_id

__all__ = ["CONSULTATION_FLOW", "Consultation", "ConsultationStatus", "Reaction", "ReactionStatus", "Vote"]


class ConsultationStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    OPEN = "open", _("Open")
    CLOSED = "gesloten", _("Gesloten")
    SUMMARISED = "samengevat", _("Samengevat")


CONSULTATION_FLOW = StateFlow(name="community.consultation", choices=ConsultationStatus, transitions={
    ConsultationStatus.DRAFT: {ConsultationStatus.OPEN},
    ConsultationStatus.OPEN: {ConsultationStatus.CLOSED},
    ConsultationStatus.CLOSED: {ConsultationStatus.SUMMARISED},
    ConsultationStatus.SUMMARISED: set(),
})


class Consultation(models.Model):
    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="consultations")
    public_id = models.CharField(max_length=20, unique=True, default=new_public_id, editable=False)
    title = models.CharField(_("titel"), max_length=150)
    question = models.TextField(_("vraag of voorstel"), max_length=4000)
    opens = models.DateField(_("open vanaf"))
    closes = models.DateField(_("open tot en met"))
    status = models.CharField(_("status"), max_length=20, choices=ConsultationStatus.choices,
                              default=ConsultationStatus.DRAFT)
    summary = models.TextField(_("verslag"), blank=True)
    decision_ref = models.CharField(_("besluit (verwijzing of adres)"), max_length=300, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens", "-id"]
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")

    def __str__(self) -> str:
        return self.title


class ReactionStatus(models.TextChoices):
    NEW = "nieuw", _("Nieuw")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    REJECTED = "afgewezen", _("Afgewezen")


class Reaction(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="reactions")
    name = models.CharField(_("naam"), max_length=120, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=150, blank=True)
    text = models.TextField(_("reactie"), max_length=4000)
    status = models.CharField(max_length=20, choices=ReactionStatus.choices, default=ReactionStatus.NEW)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "created", "id"]


class Vote(models.Model):
    """One agree/disagree vote; `voter` is the random id in the browser's signed cookie."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(max_length=40)
    agree = models.BooleanField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "voter"], name="vote_one_per_voter")]
