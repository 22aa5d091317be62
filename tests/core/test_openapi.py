"""The OpenAPI document: generated, committed, served without login, checked for drift."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import wijkwerk
from tests.core.http import client_for

COMMITTED = Path(wijkwerk.__file__).parent / "openapi.json"


def test_served_without_login_and_equal_to_committed(db):
    response = client_for(None).get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response["API-Version"] == "1.0.0"
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_check_passes_on_committed_document(db, capsys):
    call_command("openapi", check=True)
    assert "klopt" in capsys.readouterr().out


def test_check_fails_in_dutch_on_drift(db, tmp_path):
    stale = json.loads(COMMITTED.read_text(encoding="utf-8"))
    del stale["paths"]["/api/v1/gemeenten"]
    stale_file = tmp_path / "openapi.json"
    stale_file.write_text(json.dumps(stale), encoding="utf-8")
    with pytest.raises(CommandError, match="wijkt af.*nieuw: /api/v1/gemeenten.*wijkwerk openapi --write"):
        call_command("openapi", check=True, file=str(stale_file))


def test_write_is_deterministic(db, tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    call_command("openapi", write=True, file=str(first))
    call_command("openapi", write=True, file=str(second))
    assert first.read_bytes() == second.read_bytes() == COMMITTED.read_bytes()


def test_only_api_routes_documented():
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    assert schema["paths"]
    assert all(p.startswith("/api/v1/") for p in schema["paths"])
    assert "/api/v1/openapi.json" not in schema["paths"]
    for required in ("/api/v1/gemeenten", "/api/v1/gemeenten/{slug}/gebieden", "/api/v1/gemeenten/{slug}/assets",
                     "/api/v1/gemeenten/{slug}/assets/{asset_id}"):
        assert required in schema["paths"]
    assert "patch" in schema["paths"]["/api/v1/gemeenten/{slug}/assets/{asset_id}"]
