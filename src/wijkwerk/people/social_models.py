"""Social return: contracts with their obligation, the versioned valuation tables ("bouwblokken"),
purchases from an SW-bedrijf, and the PSO level of each partner organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SocialReturnTable(models.Model):
    """A region's valuation table, one version of it. `values`: euro per person-year (full time) by
    target group; `counting_months`: how long a person counts, by target group; `full_time_hours`:
    the weekly hours of a full person-year, by target group; `bonuses`: {code: {"amount": euro,
    "min_age": years (age bonuses only)}}; `hourly_other`: euro per hour for other contributions."""

    name = models.CharField(_("naam"), max_length=60)
    version = models.CharField(_("versie"), max_length=20)
    region = models.CharField(_("regio"), max_length=100, blank=True)
    valid_from = models.DateField(_("geldig vanaf"))
    values = models.JSONField(default=dict)
    counting_months = models.JSONField(default=dict)
    full_time_hours = models.JSONField(default=dict)
    bonuses = models.JSONField(default=dict, blank=True)
    hourly_other = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["name", "-valid_from", "version"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="srtable_unique_version")]
        verbose_name = _("waarderingstabel social return")
        verbose_name_plural = _("waarderingstabellen social return")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Contract(models.Model):
    """The cooperation's contract or a subcontract, with its value per year and the social-return
    obligation (a fraction: 0.05 is 5 %)."""

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="contracts")
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("naam"), max_length=200)
    organisation = models.ForeignKey("municipalities.Organisation", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="contracts",
                                     verbose_name=_("opdrachtnemer"))
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subcontracts",
                               verbose_name=_("hoofdcontract"))
    value_per_year = models.DecimalField(_("waarde per jaar (euro)"), max_digits=14, decimal_places=2)
    obligation = models.DecimalField(_("verplichting social return"), max_digits=5, decimal_places=4,
                                     default="0.05")
    table = models.ForeignKey(SocialReturnTable, on_delete=models.PROTECT, related_name="contracts",
                              verbose_name=_("waarderingstabel"))
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["gemeente", "code"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "code"], name="contract_unique_code"),
            models.CheckConstraint(condition=models.Q(value_per_year__gte=0), name="contract_value_positive"),
            models.CheckConstraint(condition=models.Q(obligation__gte=0, obligation__lte=1),
                                   name="contract_obligation_range"),
        ]
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class SocialPurchase(models.Model):
    """Work bought from an SW-bedrijf under a contract: counts at invoice value excluding VAT."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="purchases")
    year = models.PositiveSmallIntegerField(_("jaar"))
    supplier = models.ForeignKey("municipalities.Organisation", on_delete=models.PROTECT, related_name="+",
                                 verbose_name=_("leverancier (SW-bedrijf)"))
    description = models.CharField(_("omschrijving"), max_length=200, blank=True)
    invoice_value = models.DecimalField(_("factuurwaarde excl. btw"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["contract", "year", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(invoice_value__gte=0), name="purchase_value_positive")]
        verbose_name = _("inkoop bij SW-bedrijf")
        verbose_name_plural = _("inkopen bij SW-bedrijf")


class PsoLevel(models.Model):
    """The PSO level (Prestatieladder Socialer Ondernemen) of a partner organisation from a date."""

    class Level(models.TextChoices):
        ASPIRANT = "aspirant", _("Aspirant")
        BASE = "basistrede", _("Basistrede")
        STEP_1 = "trede_1", _("Trede 1")
        STEP_2 = "trede_2", _("Trede 2")
        STEP_3 = "trede_3", _("Trede 3")

    organisation = models.ForeignKey("municipalities.Organisation", on_delete=models.CASCADE,
                                     related_name="pso_levels")
    level = models.CharField(_("PSO-niveau"), max_length=12, choices=Level.choices)
    date = models.DateField(_("datum"))

    class Meta:
        ordering = ["organisation", "-date", "-id"]
        verbose_name = _("PSO-niveau")
        verbose_name_plural = _("PSO-niveaus")
