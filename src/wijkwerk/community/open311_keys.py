"""API keys of Open311 clients: made with `wijkwerk create-open311-key --gemeente SLUG --client NAME`,
checked on every POST of a service request.

As with the API tokens (core/tokens.py) only a SHA-256 hash of a key is stored, with a short prefix
that is no secret (to recognise a client in a list or to revoke it). The key is shown once, when it
is made. A key belongs to one municipality: it posts only there.
"""

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from wijkwerk.core.audit import audit_log
from wijkwerk.core.tokens import hash_key
from wijkwerk.municipalities.models import Gemeente

from .report_models import Open311Client

KEY_START = "o311_"  # recognisable (e.g. to secret scanners) and distinct from the API tokens
PREFIX_LENGTH = 12  # "o311_" and 7 random characters: shown in lists, no secret
KEY_MAX_LENGTH = 200
NAME_MAX_LENGTH = 120


def _new_key() -> str:
    while True:
        key = KEY_START + secrets.token_urlsafe(32)
        if not Open311Client.objects.filter(prefix=key[:PREFIX_LENGTH]).exists():
            return key


def open311_key_create(*, gemeente_slug: str, name: str, actor=None, origin: str = "system") -> tuple[Open311Client, str]:
    """A new client with its key. Returns both: the only moment the key exists outside the client,
    so show it once and do not keep it."""
    gemeente = Gemeente.objects.filter(slug=gemeente_slug).first()
    if gemeente is None:
        raise ValidationError(gettext("Gemeente '%(slug)s' bestaat niet.") % {"slug": gemeente_slug})
    name = (name or "").strip()
    if not name:
        raise ValidationError(gettext("Geef de naam van de Open311-client."))
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError(gettext("De naam van de Open311-client is te lang (hoogstens %(max)s tekens).")
                              % {"max": NAME_MAX_LENGTH})
    with transaction.atomic():
        key = _new_key()
        client = Open311Client.objects.create(gemeente=gemeente, name=name, prefix=key[:PREFIX_LENGTH],
                                              key_hash=hash_key(key))
        audit_log(action="open311_client.create", actor=actor, gemeente=gemeente, obj=client, origin=origin,
                  detail={"name": name, "prefix": client.prefix})
    return client, key


def open311_key_revoke(*, prefix: str, actor=None, origin: str = "system") -> Open311Client:
    """Revokes the client's key with this prefix: its POSTs are refused from now on."""
    with transaction.atomic():
        client = Open311Client.objects.select_for_update().filter(prefix=prefix).first()
        if client is None:
            raise ValidationError(gettext("Er is geen Open311-client met kenmerk '%(prefix)s'.") % {"prefix": prefix})
        if client.revoked is not None:
            raise ValidationError(gettext("De sleutel met kenmerk '%(prefix)s' is al ingetrokken.") % {"prefix": prefix})
        client.revoked = timezone.now()
        client.save(update_fields=["revoked"])
        audit_log(action="open311_client.revoke", actor=actor, gemeente=client.gemeente, obj=client, origin=origin,
                  detail={"name": client.name, "prefix": client.prefix})
    return client


def open311_client_for_key(*, gemeente: Gemeente, key: str) -> Open311Client | None:
    """The client that may post with this key in this municipality; None when the key is missing,
    unknown, revoked or of another municipality."""
    key = (key or "").strip()
    if not key.startswith(KEY_START) or len(key) > KEY_MAX_LENGTH:
        return None
    return Open311Client.objects.filter(key_hash=hash_key(key), gemeente=gemeente, revoked__isnull=True).first()
