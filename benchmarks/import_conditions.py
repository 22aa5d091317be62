"""Benchmark of the NEN 2767 condition import (`wijkwerk import_conditions`) at city scale.

    python benchmarks/import_conditions.py --rows 1000000 [--assets 100000] [--db sqlite|postgres]

Before the shared file layer (issue 11) a 1,000,000-row file ended on SQLite in
`OperationalError: too many SQL variables` with nothing written. This creates a fresh database
(SQLite in a temporary data folder, or a fresh PostgreSQL database on BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432, dropped afterwards), N benches, and a CSV of R rows (one row per
defect: R / N measurements per bench on different dates), then imports it through the real service
in a child process and prints JSON: rows, seconds, rows per second, peak memory of the child.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"


def write_file(path: Path, rows: int, assets: int) -> None:
    start = datetime.date(2015, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["asset", "element", "replacement_value", "defect", "severity", "intensity", "extent",
                         "date"])
        for i in range(rows):
            bench, visit = i % assets, i // assets
            day = (start + datetime.timedelta(days=visit)).isoformat()
            if i % 3:
                writer.writerow([f"BANK-{bench}", "zitting", 800, "rot", "serieus", 2, f"{(i % 90) + 5}%", day])
            else:
                writer.writerow([f"BANK-{bench}", "zitting", 800, "", "", "", "", day])


def child(args) -> None:
    """Runs in a fresh process with WIJKWERK_DATA_DIR / DATABASE_URL set: set up, import, report."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wijkwerk.assets.models import Asset, AssetType
    from wijkwerk.inspections.condition.conditions_import import conditions_import
    from wijkwerk.onboarding.services import gemeente_setup

    gemeente = gemeente_setup(slug="bench", name="Bench")
    bench = AssetType.objects.get(code="bench")
    point = {"type": "Point", "coordinates": [5.1, 52.1]}
    for first in range(0, args.assets, 5000):
        Asset.objects.bulk_create([
            Asset(gemeente=gemeente, asset_type=bench, external_id=f"BANK-{i}", geometry=point, lon=5.1, lat=52.1,
                  x=136000, y=455000, min_lon=5.1, min_lat=52.1, max_lon=5.1, max_lat=52.1)
            for i in range(first, min(first + 5000, args.assets))
        ])
    started = time.perf_counter()
    report = conditions_import(gemeente=gemeente, path=args.file, origin="cli")
    seconds = time.perf_counter() - started
    print(json.dumps({"rows": report["rows"], "inspections": report["inspections"], "assets": report["assets"],
                      "import_seconds": round(seconds, 1), "rows_per_second": round(report["rows"] / seconds)}))


def run(args, db: str, folder: Path) -> dict:
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder / f"data-{db}"), "WIJKWERK_TASKS_INLINE": "1"}
    env.pop("DATABASE_URL", None)
    name = None
    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    if db == "postgres":
        name = f"wijkwerk_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{server}/{name}"
    try:
        command = [sys.executable, __file__, "--child", "--file", str(args.file), "--assets", str(args.assets)]
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if done.returncode != 0:
            return {"db": db, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
        result = json.loads(done.stdout.strip().splitlines()[-1])
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        return {"db": db, **result, "wall_seconds_with_setup": round(wall, 1), "peak_memory_mb": round(peak_kb / 1024)}
    finally:
        if name:
            with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="wijkwerk-bench-") as tmp:
        folder = Path(tmp)
        args.file = folder / f"conditions-{args.rows}.csv"
        write_file(args.file, args.rows, args.assets)
        dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
        file_mb = round(args.file.stat().st_size / 1e6, 1)
        results = [run(args, db, folder) for db in dbs]
    print(json.dumps({"benchmark": "import_conditions", "rows": args.rows, "assets": args.assets,
                      "file_mb": file_mb, "machine": platform.machine(), "cpus": os.cpu_count(),
                      "python": platform.python_version(), "results": results}, indent=2))


if __name__ == "__main__":
    main()
