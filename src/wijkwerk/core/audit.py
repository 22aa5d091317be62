"""Writing the audit log. Call from inside the service that makes the change."""

from typing import Any

from .models import AuditLogEntry


def audit_log(
    *,
    action: str,
    actor=None,
    gemeente=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str | int = "",
    result: str = "ok",
    origin: str = AuditLogEntry.Origin.SYSTEM,
    detail: dict | None = None,
) -> AuditLogEntry:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditLogEntry.objects.create(
        action=action,
        actor=actor_user,
        actor_label=(actor_user.get_username() if actor_user else (str(actor) if actor else "systeem"))[:150],
        gemeente=gemeente,
        object_type=object_type,
        object_id=str(object_id),
        result=result,
        origin=origin,
        detail=detail or {},
    )
