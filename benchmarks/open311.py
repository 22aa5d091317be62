"""Benchmark of Open311 POST requests.json against the production server set-up, and of reading
10,000 open reports.

    python benchmarks/open311.py [--db postgres|sqlite] [--seconds 20] [--threads 8] [--workers 4]
                                 [--reports 10000] [--map-url /path/with/{slug}]

Makes a fresh database (a uniquely named PostgreSQL database on BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432, dropped afterwards; or SQLite in a temporary data folder),
migrates it, makes a gemeente with the default categories, an Open311 key and N open reports, then
starts `gunicorn wijkwerk.wsgi` on loopback when gunicorn is installed (else Django's `runserver
--noreload`, noted in the output) and fires form-encoded POSTs from a thread pool (urllib) for the
given seconds. Prints JSON: requests per second, errors, p50/p95 latency, and the time to GET the
open reports (the public map's data when its endpoint exists, and Open311 requests.json?status=open).

The server runs with a settings module that lifts the Open311 rate limit
(WIJKWERK_OPEN311_POSTS_PER_MINUTE = 0): the benchmark measures throughput, not the throttle.
"""

import argparse
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
SLUG = "bench"
MAP_URL_NAMES = ["report-public-map-data", "report-public-map", "report-map-data", "reports-map-data"]


def setup(args) -> None:
    """Runs in a fresh process on the benchmark's database: migrate, gemeente, key, open reports."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.urls import NoReverseMatch, reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from wijkwerk.community.categories import categories_defaults_ensure
    from wijkwerk.community.open311_keys import open311_key_create
    from wijkwerk.community.report_models import Report, ServiceCategory
    from wijkwerk.onboarding.services import gemeente_setup

    gemeente = gemeente_setup(slug=SLUG, name="Bench")
    categories_defaults_ensure(gemeente=gemeente)
    category = ServiceCategory.objects.get(gemeente=gemeente, code="zwerfvuil")
    _client, key = open311_key_create(gemeente_slug=SLUG, name="bench")
    year = timezone.localdate().year
    deadline = timezone.localdate()
    for first in range(0, args.reports, 2000):
        Report.objects.bulk_create([
            Report(gemeente=gemeente, number=f"M-{year - 1}-{i + 1:05d}", category=category,
                   description=f"Zwerfvuil {i}", lat=52.0 + (i % 100) / 1000, lon=5.1 + (i // 100) / 1000,
                   source=Report.Source.WEB, deadline=deadline)
            for i in range(first, min(first + 2000, args.reports))
        ])
    map_url = args.map_url.format(slug=SLUG) if args.map_url else ""
    for name in MAP_URL_NAMES if not map_url else []:
        try:
            map_url = reverse(name, kwargs={"slug": SLUG})
            break
        except NoReverseMatch:
            continue
    print(json.dumps({"key": key, "map_url": map_url}))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server stopped: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
        try:
            with urllib.request.urlopen(f"{base}/open311/v2/discovery.json", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.3)
    raise RuntimeError("server did not answer within a minute")


def _post_load(base: str, key: str, seconds: float, threads: int) -> dict:
    url = f"{base}/open311/v2/requests.json"
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    errors: dict[str, int] = {}

    def worker(n: int) -> None:
        i = 0
        while time.monotonic() < stop:
            i += 1
            body = urlencode({"api_key": key, "jurisdiction_id": SLUG, "service_code": "zwerfvuil",
                              "lat": f"{52.05 + (i % 50) / 1000:.5f}", "long": f"{5.10 + n / 100:.5f}",
                              "description": f"Benchmark {n}-{i}", "email": "bench@example.nl"}).encode()
            request = urllib.request.Request(url, data=body, method="POST",
                                             headers={"Content-Type": "application/x-www-form-urlencoded"})
            started = time.perf_counter()
            problem = None
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    answer = json.loads(response.read())
                    if response.status != 200 or not answer[0].get("service_request_id"):
                        problem = f"status {response.status}"
            except urllib.error.HTTPError as exc:
                problem = f"HTTP {exc.code}: {exc.read()[:200].decode(errors='replace')}"
            except (urllib.error.URLError, OSError, ValueError) as exc:
                problem = type(exc).__name__
            elapsed = time.perf_counter() - started
            with lock:
                if problem:
                    errors[problem] = errors.get(problem, 0) + 1
                else:
                    latencies.append(elapsed)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(worker, range(threads)))
    wall = time.perf_counter() - started
    ok = len(latencies)
    latencies.sort()
    return {
        "seconds": round(wall, 1), "ok": ok, "errors": sum(errors.values()), "error_kinds": errors,
        "requests_per_second": round(ok / wall, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(0.95 * (ok - 1))] * 1000, 1) if latencies else None,
    }


def _timed_get(url: str, tries: int = 3) -> dict:
    times, size, status = [], 0, None
    for _ in range(tries):
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                size, status = len(response.read()), response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        times.append(time.perf_counter() - started)
    return {"url": url, "status": status, "bytes": size, "best_ms": round(min(times) * 1000),
            "worst_ms": round(max(times) * 1000)}


def run(args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-open311-"))
    overrides = "from wijkwerk.settings import *  # noqa: F401,F403\nWIJKWERK_OPEN311_POSTS_PER_MINUTE = 0\n"
    if args.conn_max_age is not None:
        overrides += f"DATABASES['default']['CONN_MAX_AGE'] = {args.conn_max_age}\n"
    (folder / "bench_settings.py").write_text(overrides)
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder / "data"), "WIJKWERK_TASKS_INLINE": "1",
           "DJANGO_SETTINGS_MODULE": "bench_settings",
           "PYTHONPATH": os.pathsep.join([str(folder), str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    env.pop("DATABASE_URL", None)
    name = None
    server_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    notes = []
    if args.db == "postgres":
        import psycopg

        name = f"wijkwerk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{server_url}/{name}"
    server = None
    try:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, __file__, "--setup", "--reports", str(args.reports),
                               "--map-url", args.map_url or ""], env=env, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            return {"db": args.db, "error": done.stderr.strip().splitlines()[-3:] or ["setup failed"]}
        made = json.loads(done.stdout.strip().splitlines()[-1])
        setup_seconds = round(time.perf_counter() - started, 1)
        port = _free_port()
        if importlib.util.find_spec("gunicorn") is not None:
            server_kind = f"gunicorn wijkwerk.wsgi, {args.workers} workers"
            command = [sys.executable, "-m", "gunicorn", "wijkwerk.wsgi", "-w", str(args.workers),
                       "-b", f"127.0.0.1:{port}", "--log-level", "warning"]
        else:
            server_kind = "django runserver --noreload (threaded)"
            notes.append("gunicorn is not installed: measured on Django's development server, which is "
                         "slower than the production set-up; install gunicorn for the real figure.")
            command = [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        base = f"http://127.0.0.1:{port}"
        _wait_ready(base, server)
        reads = {"open311_open_requests": _timed_get(
            f"{base}/open311/v2/requests.json?jurisdiction_id={SLUG}&status=open&start_date=2000-01-01")}
        if made["map_url"]:
            reads["public_map"] = _timed_get(base + made["map_url"])
        else:
            notes.append("No public map data endpoint found (tried URL names "
                         f"{', '.join(MAP_URL_NAMES)}; pass --map-url): the map timing is skipped.")
        posts = _post_load(base, made["key"], args.seconds, args.threads)
        if args.conn_max_age is not None:
            notes.append(f"CONN_MAX_AGE set to {args.conn_max_age} for this run (settings.py has 0: a new "
                         "database connection per request).")
        return {"db": args.db, "server": server_kind, "setup_seconds": setup_seconds, "open_reports": args.reports,
                "post_requests_json": posts, "reads": reads, "notes": notes}
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
        if name:
            import psycopg

            with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--workers", type=int, default=min(8, (os.cpu_count() or 2) * 2))
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--map-url", default="", help="Path of the public map data, {slug} for the gemeente.")
    parser.add_argument("--conn-max-age", type=int, default=None,
                        help="Override DATABASES CONN_MAX_AGE for the server (persistent connections).")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.setup:
        setup(args)
        return
    result = run(args)
    print(json.dumps({"benchmark": "open311", "machine": platform.machine(), "cpus": os.cpu_count(),
                      "python": platform.python_version(), "threads": args.threads, **result}, indent=2))


if __name__ == "__main__":
    main()
