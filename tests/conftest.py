"""Shared fixtures. Factories live per app in tests/<app>/factories.py."""

import os

import pytest
from django.utils import translation

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
