"""Benchmark of the yearly social-return report (wijkwerk.people: social_selectors, social_return,
social_report) at the scale of a large cooperation.

    python benchmarks/social_return.py [--participants 10000] [--year 2025] [--runs 2] [--seed 1]

Creates a fresh SQLite database in a temporary data folder (migrated, dropped afterwards) with one
municipality, a main contract and four subcontracts (Haaglanden 2023), N participants with starts
spread over 2022-2026 (every target group of the table, about a third part-time, about 40 % with an
end, some with a birth year of 55+ or the IPS bonus), about one training per two participants and
purchases from an SW-bedrijf in every year. Then times the yearly report of the main contract (its
subcontracts rolled up) for one year: the computation (loading the records included), the Excel
workbook and the PDF, `--runs` times. Prints JSON: seconds per part and in all, the queries made,
the figures. Not a test: run it by hand. The bar is under 10 s for 10,000 participants over 5 years.
"""

import argparse
import datetime
import json
import os
import platform
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

GROUPS = ["geen_uitkering", "jongere_zonder_startkwalificatie", "stagiair_mbo_hbo", "stagiair_vso_pro",
          "bbl_niveau_1_2", "bbl_niveau_3_plus", "ww", "wia", "participatiewet", "banenafspraak"]


def populate(n: int, seed: int) -> dict:
    from wijkwerk.municipalities.models import Gemeente, Organisation
    from wijkwerk.people.models import Participant, Training
    from wijkwerk.people.social_services import contract_create, purchase_add

    rng = random.Random(seed)
    gemeente = Gemeente.objects.create(slug="bench", name="Bench")
    sw = Organisation.objects.create(gemeente=gemeente, name="SW-bedrijf", kind=Organisation.Kind.SW_BEDRIJF)
    orgs = [sw] + [Organisation.objects.create(gemeente=gemeente, name=f"Aannemer {i}",
                                               kind=Organisation.Kind.CONTRACTOR) for i in range(4)]
    main = contract_create(gemeente=gemeente, code="BENCH", name="Brede samenwerking",
                           value_per_year=Decimal("25000000"), organisation=orgs[1])
    contracts = [main] + [contract_create(gemeente=gemeente, code=f"BENCH-SUB-{i}", name=f"Perceel {i}",
                                          value_per_year=Decimal("2000000"), parent=main, organisation=orgs[i])
                          for i in range(1, 5)]
    first = datetime.date(2022, 1, 1)
    people = []
    for i in range(n):
        start = first + datetime.timedelta(days=rng.randrange(5 * 365))
        end = start + datetime.timedelta(days=rng.randrange(30, 900)) if rng.random() < 0.4 else None
        hours = Decimal(rng.choice([36, 36, 32, 24, 18, 25.5, 20]))
        flags = ["ips"] if rng.random() < 0.05 else (["hire_after_vso_pro_internship"] if rng.random() < 0.02 else [])
        people.append(Participant(
            gemeente=gemeente, organisation=rng.choice(orgs), name=f"Deelnemer {i}", target_group=rng.choice(GROUPS),
            start=start, end=end, hours_per_week=hours, birth_year=rng.randrange(1960, 2007), bonuses=flags,
            contract=contracts[0] if rng.random() < 0.6 else rng.choice(contracts[1:])))
    Participant.objects.bulk_create(people, batch_size=2000)
    ids = list(Participant.objects.filter(gemeente=gemeente).values_list("pk", "start"))
    trainings = []
    for pk, start in rng.sample(ids, len(ids) // 2):
        begin = start + datetime.timedelta(days=rng.randrange(0, 300))
        trainings.append(Training(participant_id=pk, name="VCA", start=begin,
                                  end=begin + datetime.timedelta(days=rng.randrange(1, 120)) if rng.random() < 0.8
                                  else None, cost=Decimal(rng.randrange(100, 5000))))
    Training.objects.bulk_create(trainings, batch_size=2000)
    for year in range(2022, 2027):
        for contract in contracts:
            purchase_add(contract=contract, year=year, supplier=sw, invoice_value=Decimal(rng.randrange(1000, 90000)))
    return {"gemeente": gemeente, "contract": main, "trainings": len(trainings)}


def report_once(contract, year: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from wijkwerk.people.social_report import report_data, report_pdf, report_xlsx
    from wijkwerk.people.social_selectors import contract_year

    with CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        result = contract_year(contract=contract, year=year)
        data = report_data(result=result, threshold=5)
        t1 = time.perf_counter()
        xlsx = report_xlsx(data)
        t2 = time.perf_counter()
        pdf = report_pdf(data, gemeente_name="Bench")
        t3 = time.perf_counter()
    figures = result.as_json()
    return {"seconds": round(t3 - t0, 3), "compute_seconds": round(t1 - t0, 3), "xlsx_seconds": round(t2 - t1, 3),
            "pdf_seconds": round(t3 - t2, 3), "queries": len(queries), "xlsx_bytes": len(xlsx), "pdf_bytes": len(pdf),
            "persons_counted": figures["persons"], "realised": figures["realised"],
            "obligation": figures["obligation"], "by_contract": figures["by_contract"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--participants", type=int, default=10_000)
    ap.add_argument("--year", type=int, default=2025)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wijkwerk-bench-sr-") as tmp:
        os.environ["WIJKWERK_DATA_DIR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
        import django

        django.setup()
        from django.core.management import call_command
        from django.utils import translation

        translation.activate("nl")
        call_command("migrate", verbosity=0)
        t = time.perf_counter()
        made = populate(args.participants, args.seed)
        setup_seconds = time.perf_counter() - t
        runs = [report_once(made["contract"], args.year) for _ in range(args.runs)]
    print(json.dumps({
        "benchmark": "social_return", "participants": args.participants, "years_of_starts": "2022-2026",
        "trainings": made["trainings"], "year": args.year, "setup_seconds": round(setup_seconds, 1),
        "runs": runs, "worst_seconds": max(r["seconds"] for r in runs), "bar_seconds": 10,
        "cpu_count": os.cpu_count(), "load_average": os.getloadavg(), "python": platform.python_version(),
        "machine": platform.machine(),
    }, indent=2))


if __name__ == "__main__":
    main()
