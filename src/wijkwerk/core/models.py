"""Shared models: the append-only audit log."""

from django.conf import settings
from django.db import models


class AuditLogEntry(models.Model):
    """One line of the audit log: who did what to which object, when, with what result, from where.

    Append-only: entries are written inside the service call that makes the change and are never
    updated or deleted by the application.
    """

    class Origin(models.TextChoices):
        WEB = "web", "Web"
        API = "api", "API"
        CLI = "cli", "Opdrachtregel"
        TASK = "task", "Achtergrondtaak"
        SYSTEM = "system", "Systeem"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, blank=True)
    gemeente = models.ForeignKey(
        "municipalities.Gemeente", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    result = models.CharField(max_length=20, default="ok")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SYSTEM)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "auditregel"
        verbose_name_plural = "auditlog"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit log entries are append-only.")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
