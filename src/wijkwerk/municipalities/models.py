"""Municipalities (tenants), the organisations of their cooperation, and memberships."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gemeente(models.Model):
    """A municipality: the tenant. Everything else belongs to one."""

    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Gemeente")
        CONTRACTOR = "contractor", _("Opdrachtnemer (aannemer)")
        SW_BEDRIJF = "sw_bedrijf", _("SW-bedrijf")
        RESIDENTS = "residents", _("Bewonersorganisatie")
        WELFARE = "welfare", _("Welzijnsorganisatie")
        VOLUNTEERS = "volunteers", _("Vrijwilligerscentrale")
        OTHER = "other", _("Anders")

    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="organisations")
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["gemeente", "name"]
        constraints = [models.UniqueConstraint(fields=["gemeente", "name"], name="organisation_unique_name")]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """User x municipality x organisation x role."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    gemeente = models.ForeignKey(Gemeente, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.ForeignKey(Group, on_delete=models.PROTECT, related_name="memberships")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "gemeente", "organisation", "role"], name="membership_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "gemeente", "role"],
                condition=models.Q(organisation__isnull=True),
                name="membership_unique_without_organisation",
            ),
        ]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")

    def __str__(self) -> str:
        return f"{self.user} - {self.gemeente} - {self.role}"
