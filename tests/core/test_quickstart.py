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


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_quickstart_keeps_the_data_folder_private(tmp_path, user_env):
    """The database and everything else in the data folder: readable by the app's user only, even
    with the usual umask 022 (which made wijkwerk.sqlite3 0644)."""
    data_dir = Path(user_env["WIJKWERK_DATA_DIR"])

    def quickstart():
        done = subprocess.run(
            [_wijkwerk(), "quickstart", "--no-serve", "--no-demo"], cwd=tmp_path, env=user_env,
            capture_output=True, text=True, timeout=300, check=False, preexec_fn=lambda: os.umask(0o022),
        )
        assert done.returncode == 0, done.stdout + done.stderr

    quickstart()
    database = data_dir / "wijkwerk.sqlite3"
    assert _mode(data_dir) == 0o700
    assert _mode(database) == 0o600
    assert _mode(data_dir / "secret_key") == 0o600
    for folder in (data_dir / "media", data_dir / "media" / "imports", data_dir / "reports"):
        assert _mode(folder) == 0o700, folder
    for path in data_dir.rglob("*"):
        assert not _mode(path) & 0o077, path  # nothing for group or others (also -wal, -shm)

    # A data folder that an older version left open is closed on the next start.
    data_dir.chmod(0o755)
    database.chmod(0o644)
    (data_dir / "secret_key").chmod(0o644)
    (data_dir / "media").chmod(0o755)
    quickstart()
    assert (_mode(data_dir), _mode(database), _mode(data_dir / "secret_key")) == (0o700, 0o600, 0o600)
    assert _mode(data_dir / "media") == 0o700
