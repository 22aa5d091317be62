import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Page tests create several users each; a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
