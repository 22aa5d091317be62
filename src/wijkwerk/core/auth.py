"""Signing in: the lockout backend (django-axes), the client's address, and the audit log of
sign-in events.

The sign-in events come from Django's `user_logged_in`, `user_login_failed` and `user_logged_out`
signals and axes' `user_locked_out` (connected in `CoreConfig.ready`): they are the only hook into
Django's login, logout and admin views, so this is the one place where logic runs in signals.
"""

import ipaddress

from axes.backends import AxesStandaloneBackend
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .audit import audit_log
from .models import AuditLogEntry

USERNAME_MAX = 150


class LockoutBackend(AxesStandaloneBackend):
    """Refuses a locked-out username before any password is checked (settings: "Sign-in protection").

    Without a request there is no client to lock out: that is `authenticate()` called from the
    shell, a script or Django's test client, never from the network (Django's login and admin
    views, and every DRF authentication class, pass the request). Axes itself would raise there.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page for a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429, in Dutch, the same for
    existing and unknown usernames (it tells nothing about whether an account exists)."""
    context = {
        "failure_limit": settings.WIJKWERK_LOGIN_FAILURE_LIMIT,
        "minutes": settings.WIJKWERK_LOGIN_LOCKOUT_MINUTES,
    }
    return render(request, "registration/lockout.html", context, status=429)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest | None) -> str:
    """The client's address: REMOTE_ADDR, or behind WIJKWERK_PROXY_COUNT reverse proxies the
    X-Forwarded-For entry that the outermost of them added (counted from the right, so nothing the
    client put in the header itself is used). Empty when unknown."""
    if request is None:
        return ""
    meta = request.META
    proxies = getattr(settings, "WIJKWERK_PROXY_COUNT", 0)
    if proxies > 0:
        forwarded = [part for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = _valid_ip(forwarded[-proxies])
            if address:
                return address
    return _valid_ip(meta.get("REMOTE_ADDR") or "") or ""


def request_origin(request: HttpRequest | None) -> str:
    if request is None:
        return AuditLogEntry.Origin.SYSTEM
    path = getattr(request, "path", "") or ""
    return AuditLogEntry.Origin.API if path.startswith("/api/") else AuditLogEntry.Origin.WEB


def _attempted_username(credentials: dict | None) -> str:
    """The username that was tried (never the password: only this one key is read)."""
    value = (credentials or {}).get("username")
    return str(value)[:USERNAME_MAX] if value is not None else ""


# --- Signal receivers ----------------------------------------------------------------------------

def on_user_logged_in(sender, request, user, **kwargs) -> None:
    audit_log(action="auth.login", actor=user, obj=user, origin=request_origin(request),
              detail={"ip": client_ip(request)})


def on_user_login_failed(sender, credentials, request=None, **kwargs) -> None:
    audit_log(
        action="auth.login_failed", actor="anoniem", object_type="auth.user", result="failed",
        origin=request_origin(request),
        detail={
            "username": _attempted_username(credentials),
            "ip": client_ip(request),
            # axes' handler ran first (INSTALLED_APPS order): whether this attempt met a lock.
            "locked": bool(getattr(request, "axes_locked_out", False)),
        },
    )


def on_user_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    # Axes sends this when a failure reaches the limit, and again for every attempt refused while
    # the lock holds. Only the first is a new lockout; the refused attempts are audited as failed
    # logins with "locked": true. Axes counts the failures only on the first path.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    audit_log(
        action="auth.lockout", actor="anoniem", object_type="auth.user", result="denied",
        origin=request_origin(request),
        detail={
            "username": str(username or "")[:USERNAME_MAX],
            "ip": client_ip(request),
            "failures": request.axes_failures_since_start,
            "minutes": settings.WIJKWERK_LOGIN_LOCKOUT_MINUTES,
        },
    )


def on_user_logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    audit_log(action="auth.logout", actor=user, obj=user, origin=request_origin(request),
              detail={"ip": client_ip(request)})


def connect_signals() -> None:
    user_logged_in.connect(on_user_logged_in, dispatch_uid="wijkwerk.audit.login")
    user_login_failed.connect(on_user_login_failed, dispatch_uid="wijkwerk.audit.login_failed")
    user_logged_out.connect(on_user_logged_out, dispatch_uid="wijkwerk.audit.logout")
    user_locked_out.connect(on_user_locked_out, dispatch_uid="wijkwerk.audit.lockout")
