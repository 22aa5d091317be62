"""The second sign-in step: a code from an authenticator app (TOTP) after the password.

Who needs it: a user with a membership in one of WIJKWERK_TWO_FACTOR_ROLES (the roles that hold
participants' personal data), in any gemeente, and anyone who has set up an app already (a
confirmed device: who has one, uses it). Until such a session has given a code, `TwoFactorMiddleware`
(core/middleware.py) lets it reach only the second-step pages (core/account.py), logging out and
static files, and the API refuses it. The check reads only the session and the user, not how the
password step happened (the login page, the admin, later OpenID Connect). API tokens of those roles
work only once the user has a confirmed device (core/tokens.py).

Devices, code checks and throttling are django-otp's (`django_otp.plugins.otp_totp`): after a wrong
code the next one is checked only after 1, 2, 4 ... seconds. A wrong code at sign-in also counts
towards the username's lockout (django-axes, settings.py "Sign-in protection"), like a wrong
password. The audit log records verified and wrong codes, confirmed and removed devices; never a
code or a key.

Core imports no app: the roles are found by name through Django's groups and the memberships that
point at them (`Group.memberships`, the relation wijkwerk.municipalities defines).
"""

import math
from base64 import b32encode
from dataclasses import dataclass
from urllib.parse import urlencode

import django_otp
import segno
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .audit import audit_log
from .auth import client_ip
from .models import AuditLogEntry

DEVICE_NAME = "Authenticator-app"
SECRET_GROUP = 4  # the key for typing in by hand, in groups of this many characters


# --- Who needs it --------------------------------------------------------------------------------

def _has_role() -> Exists:
    return Exists(Group.objects.filter(name__in=settings.WIJKWERK_TWO_FACTOR_ROLES,
                                       memberships__user=OuterRef("pk")))


def _has_device() -> Exists:
    return Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True))


def user_has_two_factor_role(user) -> bool:
    """A membership in one of WIJKWERK_TWO_FACTOR_ROLES, in any gemeente."""
    return (bool(settings.WIJKWERK_TWO_FACTOR_ROLES)
            and Group.objects.filter(name__in=settings.WIJKWERK_TWO_FACTOR_ROLES, memberships__user=user).exists())


def confirmed_device(user) -> TOTPDevice | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def two_factor_required(user) -> bool:
    """Whether this user must give a code after the password: a role that holds personal data, or an
    app set up already. One query."""
    if not getattr(user, "is_authenticated", False):
        return False
    return get_user_model().objects.filter(pk=user.pk).filter(_has_device() | _has_role()).exists()


def is_verified(user) -> bool:
    """Whether this session gave a code (django_otp's OTPMiddleware puts `is_verified` on the user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def two_factor_pending(request: HttpRequest) -> bool:
    """Signed in with a password, and the second step still to do."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and not is_verified(user)
                and two_factor_required(user))


# --- Where to go ---------------------------------------------------------------------------------

def safe_next(value: str | None) -> str:
    """`value` when it is a local path of this site (no scheme, no other host), else empty."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//"):
        return ""
    return value if url_has_allowed_host_and_scheme(value, allowed_hosts=None) else ""


def two_factor_url(user, next_url: str = "") -> str:
    """The second-step page for this user: entering a code, or setting up the app when there is none
    yet; with the page to go to afterwards (a local path only)."""
    name = "two-factor-verify" if confirmed_device(user) is not None else "two-factor-setup"
    url = reverse(name)
    next_url = safe_next(next_url)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


# --- Setting up ----------------------------------------------------------------------------------

def two_factor_device_for_setup(*, user) -> TOTPDevice:
    """The device the setup page shows: the user's unconfirmed one (so that reloading the page keeps
    the QR code the app may have scanned already), or a new one with a random key."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def unconfirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-id").first()


def issuer() -> str:
    """The name the app shows above the codes (OTP_TOTP_ISSUER, from WIJKWERK_TWO_FACTOR_ISSUER)."""
    return getattr(settings, "OTP_TOTP_ISSUER", "") or "Wijkwerk"


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as the apps ask for it when typed in (base32), in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i:i + SECRET_GROUP] for i in range(0, len(secret), SECRET_GROUP))


def qr_svg(device: TOTPDevice, *, title: str) -> str:
    """The QR code of the device's otpauth:// address, as inline SVG with `title` as its text
    alternative (the key for typing in is on the page as well)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=4, dark="#000", light="#fff", title=title, svgclass="qr-code",
    )
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


# --- Checking a code -----------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeCheck:
    ok: bool = False
    wait: int = 0  # throttled: seconds before the device checks a code again
    locked: bool = False  # the username is locked out (too many wrong passwords or codes)


def _wait_seconds(device: TOTPDevice) -> int:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return 0
    until = (info or {}).get("locked_until")
    return max(1, math.ceil((until - timezone.now()).total_seconds())) if until else 1


def _check(user, device: TOTPDevice, code: str) -> CodeCheck:
    wait = _wait_seconds(device)
    if wait:
        return CodeCheck(wait=wait)
    # django_otp.verify_token locks the device row, so that one code cannot be used twice at once.
    return CodeCheck(ok=django_otp.verify_token(user, device.persistent_id, code) is not None)


def _audit_failure(request, user, *, step: str, reason: str, device: TOTPDevice | None) -> None:
    detail = {"ip": client_ip(request), "step": step, "reason": reason}
    if device is not None:
        device.refresh_from_db(fields=["throttling_failure_count"])
        detail["failures"] = device.throttling_failure_count
    audit_log(action="auth.2fa_failed", actor=user, obj=user, result="failed",
              origin=AuditLogEntry.Origin.WEB, detail=detail)


def _verified(request, device: TOTPDevice) -> None:
    """The session remembers the device (django_otp) under a new session key."""
    django_otp.login(request, device)
    request.session.cycle_key()


def two_factor_verify(*, request: HttpRequest, device: TOTPDevice, code: str) -> CodeCheck:
    """A code at sign-in, against the user's confirmed device. Right: the session is verified. Wrong:
    audited, and counted towards the username's lockout (axes); refused while the device throttles
    or the username is locked."""
    user = request.user
    credentials = {"username": user.get_username()}
    if settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, credentials):
        _audit_failure(request, user, step="sign-in", reason="locked", device=None)
        return CodeCheck(locked=True)
    check = _check(user, device, code)
    if check.wait:
        _audit_failure(request, user, step="sign-in", reason="throttled", device=device)
        return check
    if not check.ok:
        _audit_failure(request, user, step="sign-in", reason="wrong", device=device)
        # Counted like a wrong password; at the limit axes locks the username (and sends the
        # user_locked_out signal the audit log listens to).
        AxesProxyHandler.user_login_failed(sender=__name__, credentials=credentials, request=request)
        return CodeCheck(locked=bool(getattr(request, "axes_locked_out", False)))
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:
        AxesProxyHandler.reset_attempts(username=user.get_username())
    _verified(request, device)
    audit_log(action="auth.2fa_verified", actor=user, obj=user, origin=AuditLogEntry.Origin.WEB,
              detail={"ip": client_ip(request)})
    return check


def two_factor_confirm(*, request: HttpRequest, device: TOTPDevice, code: str) -> CodeCheck:
    """The first code from a newly set-up app: confirms its device, removes the user's other devices
    (a new phone replaces the old one) and verifies the session. A wrong code is audited and throttled
    (not counted towards the lockout: whoever is here has no app to guess for yet)."""
    user = request.user
    check = _check(user, device, code)
    if not check.ok:
        _audit_failure(request, user, step="setup", reason="throttled" if check.wait else "wrong", device=device)
        return check
    with transaction.atomic():
        device.refresh_from_db()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        replaced, _ = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        audit_log(action="auth.2fa_device_confirmed", actor=user, obj=user, origin=AuditLogEntry.Origin.WEB,
                  detail={"ip": client_ip(request), "replaced": replaced})
    _verified(request, device)
    return check


# --- Recovery ------------------------------------------------------------------------------------

def two_factor_reset(*, username: str, actor=None, origin: str = AuditLogEntry.Origin.SYSTEM) -> int:
    """Removes every device of the user (a lost phone): at the next sign-in they set up the app again.
    Sessions that were verified with a removed device are no longer verified. Returns the number removed."""
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ValidationError(gettext("Gebruiker '%(name)s' bestaat niet.") % {"name": username})
    with transaction.atomic():
        removed = 0
        for device in list(django_otp.devices_for_user(user, confirmed=None)):
            device.delete()
            removed += 1
        audit_log(action="auth.2fa_reset", actor=actor, obj=user, origin=origin, detail={"devices": removed})
    return removed
