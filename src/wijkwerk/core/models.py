"""Shared models: the append-only audit log, API tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(ValueError):
    """An attempt to change or delete audit log entries: the log is append-only."""


class AuditLogQuerySet(models.QuerySet):
    """Entries are only ever added (core/audit.py): a queryset refuses to change or delete them."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit log entries are append-only: they cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit log entries are append-only: they cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit log entries are append-only: they cannot be updated.")

    delete.queryset_only = True  # as Django's: no `objects.delete()`


class AuditLogEntry(models.Model):
    """One line of the audit log: who did what to which object, when, with what result, from where.

    Append-only and tamper-evident: entries are written inside the service call that makes the change
    (core/audit.py) and are never updated or deleted by the application. Each entry has a gapless
    sequence number and a SHA-256 hash over its fields and the previous entry's hash
    (core/audit_chain.py); `wijkwerk verify-audit-log` recomputes the chain. Deleting a user or a
    municipality leaves the entries as they are (no foreign-key constraint, nothing set to NULL).
    """

    class Origin(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        CLI = "cli", _("Opdrachtregel")
        TASK = "task", _("Achtergrondtaak")
        SYSTEM = "system", _("Systeem")

    seq = models.PositiveBigIntegerField(unique=True)
    hash = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    actor_label = models.CharField(max_length=150, blank=True)
    gemeente = models.ForeignKey(
        "municipalities.Gemeente", null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=100, blank=True)
    result = models.CharField(max_length=20, default="ok")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.SYSTEM)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit log entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit log entries are append-only: they cannot be deleted.")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"


class AuditChainHead(models.Model):
    """The end of the audit chain: the last sequence number and hash (one row, id 1). Every writer
    first raises `seq` here, which locks the row (PostgreSQL) or the database (SQLite) until its
    transaction ends: so entries get gapless numbers in the order they are chained."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("einde van de auditketen")

    def __str__(self) -> str:
        return f"{self.seq} {self.hash[:12]}"


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
