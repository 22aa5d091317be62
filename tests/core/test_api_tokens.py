"""API tokens: only a hash is stored, the key is shown once, tokens expire and can be revoked,
wrong tokens are throttled per address, and old plain-text tokens are moved into hashes."""

import hashlib
from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from tests.core.http import assert_problem
from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.core.audit import audit_log
from wijkwerk.core.models import ApiToken, ApiTokenFailure, AuditLogEntry
from wijkwerk.core.tokens import api_token_create, hash_key

pytestmark = pytest.mark.django_db

URL = "/api/v1/gemeenten"


@pytest.fixture
def anna():
    user = UserFactory(username="anna")
    make_member(user, GemeenteFactory(slug="utrecht", name="Utrecht"), "beheerder")
    return user


def create(user: str = "anna", **options) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", user=user, stdout=out, stderr=err, **options)
    return out.getvalue().strip(), err.getvalue()


def get(key: str, ip: str = "127.0.0.1"):
    return APIClient().get(URL, HTTP_AUTHORIZATION=f"Token {key}", REMOTE_ADDR=ip)


# --- Stored as a hash, shown once ----------------------------------------------------------------

def test_only_a_hash_is_stored_and_the_key_is_printed_once(anna):
    key, note = create()
    assert key.startswith("ww_") and len(key) > 40
    token = ApiToken.objects.get(user=anna)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key.startswith(token.prefix) and len(token.prefix) < len(key) // 3
    # The key is nowhere in the database: not in the token row, not in the audit log.
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM core_apitoken")
        assert key not in str(cursor.fetchall())
    assert key not in str(list(AuditLogEntry.objects.values_list("detail", flat=True)))
    # The note on stderr says it is shown only now, and how to revoke it.
    assert "Bewaar de sleutel nu" in note and token.prefix in note and key not in note
    # The listing shows the prefix, never the key.
    listing = StringIO()
    call_command("list_api_tokens", stdout=listing)
    assert token.prefix in listing.getvalue() and "anna" in listing.getvalue() and key not in listing.getvalue()
    entry = AuditLogEntry.objects.get(action="api_token.create")
    assert (entry.origin, entry.detail["prefix"], entry.detail["user"]) == ("cli", token.prefix, "anna")


def test_the_key_works_with_the_existing_header_and_records_last_use(anna):
    key, _ = create()
    response = get(key)
    assert response.status_code == 200
    assert [g["slug"] for g in response.json()] == ["utrecht"]
    assert ApiToken.objects.get(user=anna).last_used is not None
    # The keyword is case-insensitive, as DRF's was.
    assert APIClient().get(URL, HTTP_AUTHORIZATION=f"token {key}").status_code == 200


def test_tokens_expire_after_the_given_days(anna):
    key, _ = create(days=30)
    token = ApiToken.objects.get(user=anna)
    assert timedelta(days=29) < token.expires - timezone.now() <= timedelta(days=30)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    body = assert_problem(get(key), 401)
    assert "verlopen" in body["detail"]
    assert AuditLogEntry.objects.get(action="api_token.auth_failed").detail["reason"] == "expired"


def test_the_default_validity_is_a_year_and_bad_days_are_refused(anna):
    create()
    days = (ApiToken.objects.get(user=anna).expires - timezone.now()).days
    assert days in (364, 365)
    for bad in (0, -1, 100000):
        with pytest.raises(CommandError, match="geldigheid van 1 tot en met"):
            create(days=bad)
    with pytest.raises(CommandError, match="bestaat niet"):
        create(user="niemand")
    assert ApiToken.objects.count() == 1


def test_revoke_by_prefix_and_by_user(anna):
    first, _ = create(name="GIS")
    second, _ = create()
    prefix = ApiToken.objects.get(key_hash=hash_key(first)).prefix
    out = StringIO()
    call_command("revoke_api_token", prefix=prefix, stdout=out)
    assert f"Ingetrokken: {prefix}" in out.getvalue()
    body = assert_problem(get(first), 401)
    assert "ingetrokken" in body["detail"]
    assert get(second).status_code == 200  # the other token still works

    with pytest.raises(CommandError, match="al ingetrokken"):
        call_command("revoke_api_token", prefix=prefix)
    with pytest.raises(CommandError, match="geen API-token met kenmerk"):
        call_command("revoke_api_token", prefix="ww_bestaat")

    call_command("revoke_api_token", user="anna", stdout=StringIO())
    assert get(second).status_code == 401
    assert AuditLogEntry.objects.filter(action="api_token.revoke", origin="cli").count() == 2
    # Revoked tokens are listed with --all only.
    listing = StringIO()
    call_command("list_api_tokens", stdout=listing)
    assert "Geen geldige API-tokens" in listing.getvalue()
    listing = StringIO()
    call_command("list_api_tokens", "--all", stdout=listing)
    assert listing.getvalue().count("ingetrokken") == 2


def test_a_token_of_an_inactive_user_is_refused(anna):
    key, _ = create()
    anna.is_active = False
    anna.save()
    assert "niet actief" in assert_problem(get(key), 401)["detail"]


def test_unknown_and_malformed_tokens_get_a_dutch_401(anna):
    assert "Onbekend API-token" in assert_problem(get("onzin"), 401)["detail"]
    response = APIClient().get(URL, HTTP_AUTHORIZATION="Token twee delen")
    assert "Ongeldige Authorization-kop" in assert_problem(response, 401)["detail"]
    assert response["WWW-Authenticate"] == "Token"


# --- Throttling wrong tokens ----------------------------------------------------------------------

def test_after_ten_wrong_tokens_even_the_right_one_gets_429(anna):
    key, _ = create()
    for n in range(10):
        assert_problem(get(f"fout-{n}", ip="198.51.100.7"), 401)
    # The issue: after 40 wrong tokens the right one still worked.
    response = get(key, ip="198.51.100.7")
    body = assert_problem(response, 429)
    assert body["title"] == "Te veel verzoeken"
    assert "Te veel mislukte pogingen met een API-token" in body["detail"] and "15 minuten" in body["detail"]
    assert 800 < int(response["Retry-After"]) <= 900
    # Throttled attempts are not even looked at: no more failures recorded, nothing audited.
    assert ApiTokenFailure.objects.count() == 10
    assert AuditLogEntry.objects.filter(action="api_token.auth_failed").count() == 10
    # Another address is not affected.
    assert get(key, ip="192.0.2.1").status_code == 200
    # When the window has passed, the address may try again.
    ApiTokenFailure.objects.update(at=timezone.now() - timedelta(minutes=16))
    assert get(key, ip="198.51.100.7").status_code == 200


def test_session_users_are_not_throttled_by_someone_elses_wrong_tokens(anna):
    for n in range(10):
        get(f"fout-{n}")
    client = APIClient()
    client.force_login(anna)
    assert client.get(URL).status_code == 200


# --- Service and migration ------------------------------------------------------------------------

def test_api_token_create_returns_the_key_and_refuses_inactive_users(anna):
    token, key = api_token_create(username="anna", days=7, name="koppeling")
    assert token.key_hash == hash_key(key) and token.name == "koppeling"
    from django.core.exceptions import ValidationError

    anna.is_active = False
    anna.save()
    with pytest.raises(ValidationError, match="niet actief"):
        api_token_create(username="anna")


def test_old_plain_text_tokens_are_moved_into_hashes(anna):
    """Databases from before this change hold DRF authtoken keys in plain text."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("wijkwerk.core.migrations.0004_hash_plain_text_tokens")
    old_key = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, '
            '"created" timestamp with time zone NOT NULL, "user_id" integer NOT NULL UNIQUE)'
            if connection.vendor == "postgresql" else
            'CREATE TABLE authtoken_token ("key" varchar(40) NOT NULL PRIMARY KEY, '
            '"created" datetime NOT NULL, "user_id" integer NOT NULL UNIQUE)'
        )
        cursor.execute('INSERT INTO authtoken_token ("key", "created", "user_id") VALUES (%s, %s, %s)',
                       [old_key, timezone.now() - timedelta(days=100), anna.pk])
    # The audit model as the migration uses it (objects.create), written through the chained writer:
    # today's model has the hash chain (core 0005-0007), which the model of 0004's time had not.
    chained = SimpleNamespace(objects=SimpleNamespace(
        create=lambda *, actor_label, **fields: audit_log(actor=actor_label, **fields)))
    models = SimpleNamespace(get_model=lambda app, name: chained if name == "AuditLogEntry" else apps.get_model(app, name))
    try:
        # The function reads only schema_editor.connection (a real schema editor cannot be opened
        # inside the test's transaction on SQLite).
        migration.hash_plain_text_tokens(models, SimpleNamespace(connection=connection))
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM authtoken_token")
            assert cursor.fetchone()[0] == 0  # no plain-text key left
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE authtoken_token")
    token = ApiToken.objects.get(user=anna)
    assert token.key_hash == hash_key(old_key) and token.prefix == old_key[:8]
    assert timedelta(days=99) < timezone.now() - token.created < timedelta(days=101)
    assert token.expires > timezone.now() + timedelta(days=300)
    # Existing clients keep working with the same header and key.
    assert get(old_key).status_code == 200
    assert AuditLogEntry.objects.filter(action="api_token.hash_migrated").count() == 1


def test_the_openapi_document_still_shows_token_auth():
    from wijkwerk.core.api import generate_openapi_schema

    schema = generate_openapi_schema()
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "apiKey", "in": "header", "name": "Authorization",
        "description": 'Token-based authentication with required prefix "Token"',
    }
    operation = schema["paths"]["/api/v1/gemeenten"]["get"]
    assert {"tokenAuth": []} in operation["security"]
