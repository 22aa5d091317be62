"""Benchmark: what the audit record adds to reading one participant.

    python benchmarks/participant_read.py [--participants 2000] [--reads 2000] [--log 200000] [--runs 2]

A fresh SQLite database (own temporary data folder) with a municipality, an SW-bedrijf, its job coach,
`--participants` participants and an audit log of `--log` chained records. Each run reads `--reads`
random participants twice over: with `people.selectors.participant_get` (the page's and the API's read,
which checks the coach and writes the chained audit record) and with the same query and coach check but
no audit record. Prints JSON with the medians and p95 of both and the difference of the medians (the
issue's bound: under 5 ms). Not a test: run it by hand.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup(args):
    import django

    os.environ["WIJKWERK_DATA_DIR"] = tempfile.mkdtemp(prefix="wijkwerk-bench-read-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wijkwerk.core.audit import audit_log_many
    from wijkwerk.municipalities.models import Gemeente, Membership, Organisation
    from wijkwerk.people.models import Participant

    gemeente = Gemeente.objects.create(slug="bench", name="Bench")
    sw = Organisation.objects.create(gemeente=gemeente, name="SW", kind="sw_bedrijf")
    coach = get_user_model().objects.create_user("coach", password="x")
    Membership.objects.create(user=coach, gemeente=gemeente, organisation=sw,
                              role=Group.objects.get_or_create(name="jobcoach")[0])
    Participant.objects.bulk_create([
        Participant(gemeente=gemeente, organisation=sw, name=f"Deelnemer {i}", target_group="ww",
                    start=datetime.date(2025, 1, 1) + datetime.timedelta(days=i % 300)) for i in range(args.participants)])
    for first in range(0, args.log, 10_000):
        audit_log_many([{"action": "bench.fill", "gemeente": gemeente, "object_type": "bench", "object_id": str(i)}
                        for i in range(first, min(first + 10_000, args.log))])
    return gemeente, coach, list(Participant.objects.values_list("public_id", flat=True))


def measure(args, gemeente, coach, ids) -> dict:
    from wijkwerk.people.access import coach_organisation_ids
    from wijkwerk.people.models import Participant
    from wijkwerk.people.selectors import participant_get

    rng = random.Random(1)
    audited, plain = [], []
    for _ in range(args.reads):
        pid = rng.choice(ids)
        started = time.perf_counter()
        participant_get(user=coach, gemeente=gemeente, public_id=pid, origin="api")
        audited.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        p = (Participant.objects.filter(gemeente=gemeente, public_id=pid)
             .select_related("organisation", "contract", "worker", "coach").first())
        assert p.organisation_id in coach_organisation_ids(user=coach, gemeente=gemeente)
        plain.append((time.perf_counter() - started) * 1000)

    def p95(values):
        return sorted(values)[int(len(values) * 0.95)]

    return {"read_with_audit_ms_median": round(statistics.median(audited), 3),
            "read_with_audit_ms_p95": round(p95(audited), 3),
            "read_without_audit_ms_median": round(statistics.median(plain), 3),
            "read_without_audit_ms_p95": round(p95(plain), 3),
            "audit_adds_ms_median": round(statistics.median(audited) - statistics.median(plain), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--log", type=int, default=200_000, help="audit records already in the log")
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    gemeente, coach, ids = setup(args)
    runs = [measure(args, gemeente, coach, ids) for _ in range(args.runs)]
    worst = max(run["audit_adds_ms_median"] for run in runs)
    print(json.dumps({"benchmark": "participant_read", "participants": args.participants, "reads": args.reads,
                      "audit_log_records_before": args.log, "database": "sqlite", "machine": platform.machine(),
                      "cpus": os.cpu_count(), "python": platform.python_version(), "runs": runs,
                      "worst_audit_adds_ms_median": worst, "bound_ms": 5, "within_bound": worst < 5}, indent=2))


if __name__ == "__main__":
    main()
