"""The neighbourhood's strengths (ABCD asset mapping): skills people offer, associations,
institutions, places, economic and cultural assets of a buurt, linked to the initiatives that use
them. Entries from the public page await moderation; a personal entry (an individual's skill) is
public only with its owner's consent. Contact details are private."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["CommunityAsset"]


class CommunityAsset(models.Model):
    class Kind(models.TextChoices):
        SKILL = "vaardigheid", _("Vaardigheid van een bewoner")
        ASSOCIATION = "vereniging", _("Vereniging")
        INSTITUTION = "instelling", _("Instelling")
        PLACE = "plek", _("Plek")
        ECONOMIC = "economisch", _("Economisch")
        CULTURE = "cultuur", _("Cultuur of verhaal")

    class Moderation(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        APPROVED = "goedgekeurd", _("Goedgekeurd")
        REJECTED = "afgewezen", _("Afgewezen")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="community_assets")
    buurt = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                              verbose_name=_("buurt"))
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("omschrijving"), max_length=2000, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    personal = models.BooleanField(_("gegevens van een persoon"), default=False)
    consent = models.BooleanField(_("toestemming om te tonen"), default=False)
    moderation = models.CharField(max_length=20, choices=Moderation.choices, default=Moderation.NEW)
    registered_by_name = models.CharField(max_length=120, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    initiatives = models.ManyToManyField("community.Initiative", blank=True, related_name="community_assets")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "kind", "name"]
        verbose_name = _("kracht van de buurt")
        verbose_name_plural = _("krachten van de buurt")

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.moderation == self.Moderation.APPROVED and (not self.personal or self.consent)
