"""`wijkwerk quickstart` and the `wijkwerk` console script, run as a user runs them: as a
subprocess of the installed console script, in another folder, with a fresh data folder."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wijkwerk.demo.generate import DEFAULT_COUNTS
from wijkwerk.municipalities.roles import ROLES

PASSWORD = "test-demo-wachtwoord-42"

# Run inside the quickstart's database (with `wijkwerk shell -c`): everything a second run could change.
SNAPSHOT = r"""
import json
from django.contrib.auth import get_user_model
from django.db.models import Count, Max
from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetHistory
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.municipalities.models import Gemeente, Membership, Organisation
g = Gemeente.objects.get(slug="utrecht")
assets = Asset.objects.filter(gemeente=g)
print(json.dumps({
    "gemeenten": Gemeente.objects.count(),
    "organisations": sorted(Organisation.objects.filter(gemeente=g).values_list("kind", flat=True)),
    "users": get_user_model().objects.count(),
    "memberships": sorted(
        f"{u}|{r}|{o}" for u, r, o in
        Membership.objects.filter(gemeente=g).values_list("user__username", "role__name", "organisation__kind")
    ),
    "areas": dict(Area.objects.filter(gemeente=g).values_list("level").annotate(n=Count("id"))),
    "assets": dict(assets.values_list("asset_type__code").annotate(n=Count("id"))),
    "outside": {c: n for c, n in assets.filter(outside_areas=True).values_list("asset_type__code")
                .annotate(n=Count("id"))},
    "unlocated": assets.filter(outside_areas=False, buurt__isnull=True).count(),
    "history": AssetHistory.objects.count(),
    "audit": AuditLogEntry.objects.count(),
    "last_update": str(assets.aggregate(m=Max("updated"))["m"]),
    "versions": assets.aggregate(m=Max("version"))["m"],
}))
"""

LOGIN = r"""
import json
from django.test import Client
result = {}
for role in ROLES:
    client = Client()
    result[role] = client.login(username=f"demo-{role}", password=PASSWORD)
client = Client()
client.login(username="demo-beheerder", password=PASSWORD)
answer = client.get("/api/v1/gemeenten")
result["api"] = [answer.status_code, answer.content.decode()]
print(json.dumps(result))
"""


def _wijkwerk() -> str:
    script = Path(sys.executable).with_name("wijkwerk")
    if script.exists():
        return str(script)
    found = shutil.which("wijkwerk")
    assert found, "The wijkwerk console script is not installed: pip install -e ."
    return found


def _run(args: list[str], *, cwd: Path, env: dict, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [_wijkwerk(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def user_env(tmp_path):
    """The environment of a user who installed Wijkwerk: embedded database in a fresh data folder."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "WIJKWERK_SECRET_KEY"}}
    env["WIJKWERK_DATA_DIR"] = str(tmp_path / "wijkwerk-data")
    env["WIJKWERK_DEMO_PASSWORD"] = PASSWORD
    env["WIJKWERK_TASKS_INLINE"] = "1"
    return env


def test_wijkwerk_command_runs_from_any_folder(tmp_path, user_env):
    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    listing = _run(["help"], cwd=elsewhere, env=user_env)
    assert listing.returncode == 0, listing.stderr
    assert "quickstart" in listing.stdout and "migrate" in listing.stdout
    check = _run(["check"], cwd=elsewhere, env=user_env)
    assert check.returncode == 0, check.stderr
    # Hyphenated project commands map to their modules.
    usage = _run(["create-gemeente", "--help"], cwd=elsewhere, env=user_env)
    assert usage.returncode == 0 and "--slug" in usage.stdout


def test_quickstart_prepares_database_and_demo_idempotently(tmp_path, user_env):
    cwd = tmp_path / "elders"
    cwd.mkdir()
    data_dir = Path(user_env["WIJKWERK_DATA_DIR"])

    first = _run(["quickstart", "--no-serve"], cwd=cwd, env=user_env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (data_dir / "wijkwerk.sqlite3").exists()
    assert "http://127.0.0.1:8000/" in first.stdout
    assert PASSWORD in first.stdout
    for role in ROLES:
        assert f"demo-{role}" in first.stdout
    assert "Traceback" not in first.stderr
    assert not (cwd / "wijkwerk-data").exists()  # the data folder comes from WIJKWERK_DATA_DIR

    snapshot = _run(["shell", "-c", SNAPSHOT], cwd=cwd, env=user_env)
    assert snapshot.returncode == 0, snapshot.stderr
    before = json.loads(snapshot.stdout.strip().splitlines()[-1])

    assert before["gemeenten"] == 1
    assert set(before["organisations"]) == {
        "municipality", "contractor", "sw_bedrijf", "residents", "welfare", "volunteers"
    }
    assert before["areas"] == {"wijk": 10, "buurt": 111}
    # The real Utrecht masts: every one imported, 59 outside every buurt and flagged.
    assert before["assets"]["street_light"] == 9793
    assert before["outside"] == {"street_light": 59}
    assert before["unlocated"] == 0  # the generated assets all stand inside a buurt
    for code, count in DEFAULT_COUNTS.items():
        assert before["assets"][code] == count, code
    expected_org = {"jobcoach": "sw_bedrijf", "opdrachtnemer": "contractor", "uitvoerder": "contractor"}
    assert before["memberships"] == sorted(
        f"demo-{role}|{role}|{expected_org.get(role, 'municipality')}" for role in ROLES
    )

    second = _run(["quickstart", "--no-serve"], cwd=cwd, env=user_env)
    assert second.returncode == 0, second.stdout + second.stderr
    after = json.loads(_run(["shell", "-c", SNAPSHOT], cwd=cwd, env=user_env).stdout.strip().splitlines()[-1])
    assert after == before  # a second run changes nothing

    code = LOGIN.replace("PASSWORD", repr(PASSWORD)).replace("ROLES", repr(list(ROLES)))
    login = _run(["shell", "-c", code], cwd=cwd, env=user_env)
    assert login.returncode == 0, login.stderr
    result = json.loads(login.stdout.strip().splitlines()[-1])
    assert {role: result[role] for role in ROLES} == dict.fromkeys(ROLES, True)
    status, body = result["api"]
    assert status == 200, body
    assert "utrecht" in body
