"""Shared fixtures. Factories live per app in tests/<app>/factories.py.

The tests run in a random order (pytest-randomly); the seed is printed at the start and, below, at
the end, so that an order that failed can be replayed: `pytest -p randomly --randomly-seed=N`.
"""

import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

os.environ.setdefault("WIJKWERK_TASKS_INLINE", "1")


@pytest.fixture(autouse=True)
def _data_dir(settings, tmp_path):
    """Every test writes its files (reports, uploads) into its own temporary data folder."""
    settings.DATA_DIR = tmp_path / "data"
    settings.MEDIA_ROOT = tmp_path / "data" / "media"
    settings.WIJKWERK_TASKS_INLINE = True
    # The real hasher costs ~0.2 s per user the factories create.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.DATA_DIR


@pytest.fixture(autouse=True)
def _default_language():
    """A request activates its language for the whole thread (LocaleMiddleware): every test starts
    and ends in the default language, whatever the test before it asked for."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """The local-memory cache (task progress, keyed by job id) outlives a test, and the ids of rows a
    test rolled back are handed out again: without this a job could show another test's progress,
    depending on the order the tests ran in."""
    cache.clear()
    yield
    cache.clear()


def verified_device(user) -> TOTPDevice:
    """The user's confirmed authenticator app (TOTP device), made when there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator-app (test)", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the device's app shows now."""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def login_verified(client, user) -> TOTPDevice:
    """Signs `user` in with the second sign-in step done (core/two_factor.py), on a Django test client
    (Client, APIClient) or a Playwright page: the user gets a confirmed authenticator app, and the
    session remembers it as django_otp.login does after a right code. Returns the device.

    For the roles of WIJKWERK_TWO_FACTOR_ROLES (jobcoach, fg), use this instead of `force_login`."""
    device = verified_device(user)
    if isinstance(client, Client):
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return device
    # A Playwright page: a session made by a test client, handed to the browser as its cookie.
    helper = Client()
    login_verified(helper, user)
    if not client.url.startswith("http"):
        client.goto("/health")  # the live server's address, for the cookie
    address = urlsplit(client.url)
    cookie = helper.cookies[django_settings.SESSION_COOKIE_NAME].value
    client.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie,
                                 "url": f"{address.scheme}://{address.netloc}/"}])
    return device


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The seed of the random order, also with -q (which hides pytest-randomly's header line)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.getoption("randomly_reorganize", True):
        terminalreporter.write_line(f"Random test order: replay it with pytest -p randomly --randomly-seed={seed}")
