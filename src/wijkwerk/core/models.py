"""Shared models: the append-only audit log, API tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditLogEntry(models.Model):
    """One line of the audit log: who did what to which object, when, with what result, from where.

    Append-only: entries are written inside the service call that makes the change and are never
    updated or deleted by the application.
    """

    class Origin(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        CLI = "cli", _("Opdrachtregel")
        TASK = "task", _("Achtergrondtaak")
        SYSTEM = "system", _("Systeem")

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
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Audit log entries are append-only.")
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"


class ApiToken(models.Model):
    """An API token (core/tokens.py). The key itself is shown once, when it is made, and never
    stored: only its SHA-256 hash, to find it again, and a short prefix that is no secret, to
    recognise it in lists and the audit log."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    prefix = models.CharField(max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField()
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked is not None:
            return "ingetrokken"
        if self.expires <= now:
            return "verlopen"
        return "actief"

    def __str__(self) -> str:
        return f"{self.prefix}... ({self.user_id})"


class ApiTokenFailure(models.Model):
    """A request with a wrong API token, kept only as long as the throttle window needs it."""

    ip_address = models.CharField(max_length=45, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["ip_address", "at"], name="core_tokenfail_ip_at")]
