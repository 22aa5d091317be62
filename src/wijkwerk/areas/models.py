"""Wijken and buurten: polygons in WGS84 GeoJSON with an indexed bounding box."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    class Level(models.TextChoices):
        WIJK = "wijk", _("Wijk")
        BUURT = "buurt", _("Buurt")

    gemeente = models.ForeignKey("municipalities.Gemeente", on_delete=models.CASCADE, related_name="areas")
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    code = models.CharField(max_length=50)  # kept exactly as written in the source file
    name = models.CharField(_("naam"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    # The parent (wijk) code as written in the source file; kept so that buurten imported before
    # their wijken are linked when the wijken arrive.
    parent_code = models.CharField(max_length=50, blank=True, default="")
    geometry = models.JSONField(help_text="GeoJSON geometry in WGS84 (lon, lat)")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["gemeente", "level", "code"], name="area_unique_code"),
        ]
        indexes = [models.Index(fields=["gemeente", "level", "min_lon", "min_lat", "max_lon", "max_lat"])]
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.code} {self.name}"
