"""Shared fixtures. Factories live per app in tests/<app>/factories.py.

The tests run in a random order (pytest-randomly); the seed is printed at the start and, below, at
the end, so that an order that failed can be replayed: `pytest -p randomly --randomly-seed=N`.
"""

import os

import pytest
from django.core.cache import cache
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


@pytest.fixture(autouse=True)
def _empty_cache():
    """The local-memory cache (task progress, keyed by job id) outlives a test, and the ids of rows a
    test rolled back are handed out again: without this a job could show another test's progress,
    depending on the order the tests ran in."""
    cache.clear()
    yield
    cache.clear()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """The seed of the random order, also with -q (which hides pytest-randomly's header line)."""
    seed = getattr(config.option, "randomly_seed", None)
    if isinstance(seed, int) and config.getoption("randomly_reorganize", True):
        terminalreporter.write_line(f"Random test order: replay it with pytest -p randomly --randomly-seed={seed}")
