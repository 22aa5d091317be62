"""Benchmark of the tamper-evident audit log (wijkwerk.core.audit, wijkwerk.core.audit_chain).

    python benchmarks/audit_log.py [--rows 1000000] [--batch 10000] [--calls 2000] [--db sqlite|postgres|both]
                                   [--python-path] [--migration]

In a fresh database (SQLite in a new temporary data folder; PostgreSQL in a new database on
postgres://postgres@127.0.0.1:5432, dropped after, or BENCH_POSTGRES_URL): writes N chained entries
with `audit_log_many` in batches (the write rate of bulk writers), verifies the whole chain as
`wijkwerk verify-audit-log` does (goal: at least 200,000 entries per second), then times single
`audit_log` calls, each one entry in its own transaction, as a page that reads a participant writes
it (goal: under 5 ms at the median). --python-path also verifies with the canonical text made in
Python (the PostgreSQL way) on SQLite. --migration measures migration core 0006 (chaining entries
written before the chain) on N such entries. Each database runs in a child process. Prints JSON.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
ACTIONS = ("participant.read", "participant.update", "asset.update", "work.order.status", "auth.login")


def _record(i: int, gemeente) -> dict:
    return {"action": ACTIONS[i % len(ACTIONS)], "actor": f"gebruiker{i % 250}", "gemeente": gemeente,
            "object_type": "people.participant", "object_id": i % 5000, "origin": "web",
            "detail": {"fields": ["name", "birth_date"], "ip": "192.0.2.10", "n": i}}


def _file_size_mb(connection) -> float | None:
    if connection.vendor != "sqlite":
        return None
    path = Path(connection.settings_dict["NAME"])
    return round(sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6, 1)


def _migration(args, connection) -> dict:
    """Entries as written before the chain (core 0004), then migrate to 0007 and time it."""
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    from wijkwerk.core.audit_chain import chain_verify

    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0004_hash_plain_text_tokens")])
    sql = ("INSERT INTO core_auditlogentry (at, actor_label, action, object_type, object_id, result, origin, detail)"
           " VALUES (%s, %s, %s, %s, %s, 'ok', 'web', %s)")
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        for start in range(0, args.rows, args.batch):
            cursor.executemany(sql, [(now, f"gebruiker{i % 250}", ACTIONS[i % len(ACTIONS)], "people.participant",
                                      str(i), json.dumps({"n": i, "fields": ["name"]}))
                                     for i in range(start, min(args.rows, start + args.batch))])
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    start = time.perf_counter()
    executor.migrate([("core", "0007_audit_chain_required")])
    seconds = time.perf_counter() - start
    return {"migration_rows": args.rows, "migration_seconds": round(seconds, 2),
            "migration_verified": chain_verify().ok}


def child(args) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wijkwerk.core.audit import audit_log, audit_log_many
    from wijkwerk.core.audit_chain import chain_verify
    from wijkwerk.municipalities.models import Gemeente

    call_command("migrate", "core", verbosity=0)
    if args.migration:
        print(json.dumps(_migration(args, connection)))
        return
    gemeente = Gemeente.objects.create(slug="bench", name="Benchmark")
    start = time.perf_counter()
    for first in range(0, args.rows, args.batch):
        audit_log_many([_record(i, gemeente) for i in range(first, min(args.rows, first + args.batch))])
    write_seconds = time.perf_counter() - start

    result = {"rows": args.rows, "batch": args.batch, "write_seconds": round(write_seconds, 2),
              "write_per_second": round(args.rows / write_seconds)}
    # Twice: right after writing, and again. Wall clock and CPU time of this process (the machine may
    # be busy with other work: the CPU figure is what verifying itself costs).
    for suffix in ("", "_again"):
        start, cpu = time.perf_counter(), time.process_time()
        report = chain_verify()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        result.update({f"verify_seconds{suffix}": round(seconds, 2),
                       f"verify_per_second{suffix}": round(report.checked / seconds),
                       f"verify_cpu_seconds{suffix}": round(cpu, 2),
                       f"verify_cpu_per_second{suffix}": round(report.checked / cpu)})
    result.update({"verified": report.checked, "verify_ok": report.ok})
    if args.python_path:
        start = time.perf_counter()
        slow = chain_verify(fast=False)
        seconds = time.perf_counter() - start
        result.update({"verify_python_path_seconds": round(seconds, 2),
                       "verify_python_path_per_second": round(slow.checked / seconds), "verify_python_path_ok": slow.ok})

    timings = []
    for i in range(args.calls):
        record = _record(args.rows + i, gemeente)
        t = time.perf_counter()
        audit_log(**record)
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    result.update({
        "audit_log_calls": args.calls,
        "audit_log_call_ms_median": round(statistics.median(timings), 3),
        "audit_log_call_ms_p95": round(timings[int(len(timings) * 0.95) - 1], 3),
        "audit_log_call_ms_max": round(timings[-1], 3),
        "verify_after_calls_ok": chain_verify().ok,
        "database_mb": _file_size_mb(connection),
    })
    print(json.dumps(result))


def run_child(db: str, args, env: dict) -> dict:
    command = [sys.executable, __file__, "--child", "--rows", str(args.rows), "--batch", str(args.batch),
               "--calls", str(args.calls)]
    command += ["--python-path"] if args.python_path else []
    command += ["--migration"] if args.migration else []
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{db} run failed:\n{proc.stderr[-3000:]}")
    return {"db": db, **json.loads(proc.stdout.strip().splitlines()[-1])}


def run_sqlite(args) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-"))
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder), "WIJKWERK_SECRET_KEY": "bench"}
    env.pop("DATABASE_URL", None)
    try:
        return run_child("sqlite", args, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_postgres(args) -> dict:
    import psycopg

    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES).rstrip("/")
    name = f"wijkwerk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-"))
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder), "WIJKWERK_SECRET_KEY": "bench",
           "DATABASE_URL": f"{server}/{name}"}
    try:
        return run_child("postgres", args, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--calls", type=int, default=2_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--python-path", action="store_true", help="also verify with the canonical text made in Python")
    parser.add_argument("--migration", action="store_true", help="time the migration that chains existing entries")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    results = []
    if args.db in ("sqlite", "both"):
        results.append(run_sqlite(args))
    if args.db in ("postgres", "both"):
        results.append(run_postgres(args))
    print(json.dumps({
        "benchmark": "audit_log",
        "goal": {"verify_per_second": 200_000, "audit_log_call_ms_median": 5},
        "results": results,
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
    }, indent=2))


if __name__ == "__main__":
    main()
