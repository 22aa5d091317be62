"""API tokens: made, listed and revoked with `wijkwerk create-api-token`, `list-api-tokens` and
`revoke-api-token`; checked by `ApiTokenAuthentication` (header `Authorization: Token <key>`).

Only a SHA-256 hash of each key is stored, with a short prefix that is no secret (to recognise a
token in a list). The key is shown once, when it is made. A token expires after a number of days
and can be revoked. Wrong tokens are counted per client address: after
WIJKWERK_API_TOKEN_FAILURE_LIMIT of them within WIJKWERK_API_TOKEN_FAILURE_MINUTES, that address
gets 429 for every token (the right one too) until the window has passed.
"""

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions
from rest_framework.exceptions import ErrorDetail

from .audit import audit_log
from .auth import client_ip, request_origin
from .models import ApiToken, ApiTokenFailure

KEY_START = "ww_"  # makes a Wijkwerk key recognisable (e.g. to secret scanners)
PREFIX_LENGTH = 10  # "ww_" and 7 random characters: shown in lists, no secret
KEY_MAX_LENGTH = 200
MAX_DAYS = 3650
LAST_USED_PRECISION = timedelta(minutes=1)  # last_used is written at most once a minute per token


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_key() -> str:
    while True:
        key = KEY_START + secrets.token_urlsafe(32)
        if not ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).exists():
            return key


def _user_or_fail(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(gettext("Gebruiker '%(name)s' bestaat niet.") % {"name": username})
    return user


# --- Services ------------------------------------------------------------------------------------

def api_token_create(
    *, username: str, days: int | None = None, name: str = "", actor=None, origin: str = "system"
) -> tuple[ApiToken, str]:
    """A new token for the user. Returns the token and its key: the only moment the key exists
    outside the client, so show it once and do not keep it. Other tokens of the user stay valid
    (revoke them with `api_token_revoke`)."""
    days = settings.WIJKWERK_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(gettext("Geef een geldigheid van 1 tot en met %(max)s dagen (nu: %(days)s).")
                              % {"max": MAX_DAYS, "days": days})
    name = (name or "").strip()
    if len(name) > 100:
        raise ValidationError(gettext("De naam van het token is te lang (hoogstens 100 tekens)."))
    user = _user_or_fail(username)
    if not user.is_active:
        raise ValidationError(gettext("Gebruiker '%(name)s' is niet actief.") % {"name": username})
    with transaction.atomic():
        key = _new_key()
        token = ApiToken.objects.create(
            user=user, name=name, prefix=key[:PREFIX_LENGTH], key_hash=hash_key(key),
            expires=timezone.now() + timedelta(days=days),
        )
        audit_log(
            action="api_token.create", actor=actor, obj=token, origin=origin,
            detail={"user": user.get_username(), "prefix": token.prefix, "name": name,
                    "expires": token.expires.isoformat()},
        )
    return token, key


def api_token_revoke(
    *, prefix: str | None = None, username: str | None = None, actor=None, origin: str = "system"
) -> list[ApiToken]:
    """Revokes the token with this prefix, or every token of the user that is not revoked yet
    (both given: that user's token with this prefix). Returns the tokens revoked now."""
    if not prefix and not username:
        raise ValidationError(gettext("Geef het kenmerk van het token (--prefix) of de gebruiker (--user)."))
    tokens = ApiToken.objects.select_related("user").filter(revoked__isnull=True)
    if username:
        tokens = tokens.filter(user=_user_or_fail(username))
    if prefix:
        tokens = tokens.filter(prefix=prefix)
        found = list(tokens)
        if not found:
            if ApiToken.objects.filter(prefix=prefix).exists():
                raise ValidationError(gettext("Het API-token met kenmerk '%(prefix)s' is al ingetrokken.") % {"prefix": prefix})
            raise ValidationError(
                gettext("Er is geen API-token met kenmerk '%(prefix)s'. Zie: wijkwerk list-api-tokens") % {"prefix": prefix}
            )
        if len(found) > 1:
            raise ValidationError(
                gettext("Het kenmerk '%(prefix)s' hoort bij meer dan één API-token. Geef ook de gebruiker (--user).")
                % {"prefix": prefix}
            )
    now = timezone.now()
    revoked = []
    with transaction.atomic():
        for token in tokens.select_for_update():
            token.revoked = now
            token.save(update_fields=["revoked"])
            audit_log(
                action="api_token.revoke", actor=actor, obj=token, origin=origin,
                detail={"user": token.user.get_username(), "prefix": token.prefix},
            )
            revoked.append(token)
    return revoked


# --- Selectors -----------------------------------------------------------------------------------

def api_token_list(*, username: str | None = None, include_inactive: bool = False) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.select_related("user").order_by("user__username", "-created", "-id")
    if username:
        tokens = tokens.filter(user=_user_or_fail(username))
    if not include_inactive:
        tokens = tokens.filter(revoked__isnull=True, expires__gt=timezone.now())
    return tokens


# --- Authentication ------------------------------------------------------------------------------

def _failure_window() -> timedelta:
    return timedelta(minutes=settings.WIJKWERK_API_TOKEN_FAILURE_MINUTES)


def _refuse_when_throttled(ip: str) -> None:
    """429 when this address sent too many wrong tokens within the window (before the key is even
    looked at, so that the right key is refused as well)."""
    limit = settings.WIJKWERK_API_TOKEN_FAILURE_LIMIT
    now = timezone.now()
    recent = list(
        ApiTokenFailure.objects.filter(ip_address=ip, at__gte=now - _failure_window())
        .order_by("-at").values_list("at", flat=True)[:limit]
    )
    if len(recent) < limit:
        return
    # Free again when the limit-th most recent failure has left the window.
    wait = max(1, math.ceil((recent[limit - 1] + _failure_window() - now).total_seconds()))
    minutes = math.ceil(wait / 60)
    exc = exceptions.Throttled(wait=wait)
    exc.detail = ErrorDetail(
        ngettext(
            "Te veel mislukte pogingen met een API-token vanaf dit adres. Probeer het over %(n)s minuut opnieuw.",
            "Te veel mislukte pogingen met een API-token vanaf dit adres. Probeer het over %(n)s minuten opnieuw.",
            minutes,
        ) % {"n": minutes},
        code="throttled",
    )
    raise exc


def _record_failure(request, ip: str, reason: str, token: ApiToken | None) -> None:
    now = timezone.now()
    ApiTokenFailure.objects.filter(at__lt=now - _failure_window()).delete()  # only the window is kept
    ApiTokenFailure.objects.create(ip_address=ip, at=now)
    audit_log(
        action="api_token.auth_failed", actor="anoniem", result="failed", origin=request_origin(request),
        obj=token, object_type="" if token else "core.apitoken",
        detail={"ip": ip, "reason": reason, **({"prefix": token.prefix} if token else {})},
    )


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>` (the same header as DRF's TokenAuthentication, so clients need
    no change), checked against the stored hashes. Expired, revoked or unknown: 401 with a Dutch
    message; too many wrong tokens from one address: 429."""

    keyword = "Token"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None  # no token given: another authentication (the session) may apply
        ip = client_ip(request)
        _refuse_when_throttled(ip)
        if len(parts) != 2:
            self._fail(request, ip, "header", None,
                       gettext("Ongeldige Authorization-kop. Gebruik: Authorization: Token <sleutel> "
                               "(zonder spaties in de sleutel)."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeError:
            key = ""
        token = None
        if key and len(key) <= KEY_MAX_LENGTH:
            token = ApiToken.objects.select_related("user").filter(key_hash=hash_key(key)).first()
        if token is None:
            self._fail(request, ip, "unknown", None, gettext("Onbekend API-token. Controleer de sleutel."))
        now = timezone.now()
        if token.revoked is not None:
            self._fail(request, ip, "revoked", token,
                       gettext("Dit API-token is ingetrokken. Vraag de beheerder om een nieuw token."))
        if token.expires <= now:
            self._fail(request, ip, "expired", token,
                       gettext("Dit API-token is verlopen op %(date)s. Vraag de beheerder om een nieuw token.")
                       % {"date": f"{timezone.localtime(token.expires):%d-%m-%Y}"})
        if not token.user.is_active:
            self._fail(request, ip, "inactive", token, gettext("Het account van dit API-token is niet actief."))
        if token.last_used is None or now - token.last_used >= LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return (token.user, token)

    def _fail(self, request, ip: str, reason: str, token: ApiToken | None, message: str):
        _record_failure(request, ip, reason, token)
        raise exceptions.AuthenticationFailed(message)

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents ApiTokenAuthentication in the OpenAPI document as `tokenAuth`, as DRF's
    TokenAuthentication was (clients use the same header)."""

    target_class = "wijkwerk.core.tokens.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix=self.target.keyword)
