"""Benchmark of the asset import through the real import path (wijkwerk.assets.importing.assets_import).

    python benchmarks/import_assets.py --assets 100000 [--db sqlite|postgres|both] [--format gpkg|csv|geojson]

Generates N street-light masts at random places inside the real Utrecht buurten (seeded), writes
them to a file, and imports that file into a fresh database: SQLite in a new temporary data folder,
and PostgreSQL in a new database (postgres://postgres@127.0.0.1:5432/<fresh name>, dropped after;
override the server with BENCH_POSTGRES_URL). Each run is a child process, so its peak memory
(VmHWM) is the import's own: "peak_memory_first_import_mb" covers migrate, areas and the first
import; "peak_memory_mb" also the second import (which holds the existing assets' keys). The buurten and wijken are imported first, so every asset is located.
A second import of the same file measures the "nothing changed" path. Prints JSON.
"""

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UTRECHT = ROOT / "src" / "wijkwerk" / "demo" / "data" / "utrecht"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"


# --- the file -------------------------------------------------------------------------------------


def generate_file(n: int, folder: Path, fmt: str, seed: int = 2024) -> Path:
    import numpy as np
    import pyogrio.raw
    import shapely

    data = json.loads((UTRECHT / "buurt.geojson").read_text(encoding="utf-8"))
    polygons = shapely.from_geojson([json.dumps(f["geometry"]) for f in data["features"]])
    union = shapely.union_all(polygons)
    shapely.prepare(union)
    minx, miny, maxx, maxy = union.bounds
    rng = np.random.default_rng(seed)
    lon = np.empty(0)
    lat = np.empty(0)
    while len(lon) < n:
        k = int((n - len(lon)) * 1.6) + 1000
        x = rng.uniform(minx, maxx, k)
        y = rng.uniform(miny, maxy, k)
        inside = shapely.contains_xy(union, x, y)
        lon = np.concatenate([lon, x[inside]])
        lat = np.concatenate([lat, y[inside]])
    lon, lat = np.round(lon[:n], 7), np.round(lat[:n], 7)
    streets = np.array([f"Straat {i}" for i in range(2000)], dtype=object)
    ids = np.array([f"M{i:08d}" for i in range(n)], dtype=object)
    heights = rng.choice([4.0, 5.0, 6.0, 7.0, 8.0, 10.0, 12.0], n)
    street = streets[rng.integers(0, len(streets), n)]
    number = rng.integers(1, 500, n)
    path = folder / f"masten-{n}.{fmt}"
    if fmt == "gpkg":
        pyogrio.raw.write(
            str(path), shapely.to_wkb(shapely.points(lon, lat)),
            [ids, heights, street, number.astype(np.int64)], ["mast_id", "mastlengte", "straat", "mastnummer"],
            driver="GPKG", crs="EPSG:4326", geometry_type="Point",
        )
    elif fmt == "csv":
        with path.open("w", encoding="utf-8") as handle:
            handle.write("mast_id,lon,lat,mastlengte,straat,mastnummer\n")
            for mast, x, y, height, name, nr in zip(ids.tolist(), lon.tolist(), lat.tolist(), heights.tolist(),
                                                    street.tolist(), number.tolist(), strict=True):
                handle.write(f"{mast},{x!r},{y!r},{height!r},{name},{nr}\n")
    elif fmt == "geojson":
        with path.open("w", encoding="utf-8") as handle:
            handle.write('{"type":"FeatureCollection","features":[\n')
            for i, row in enumerate(zip(ids.tolist(), lon.tolist(), lat.tolist(), heights.tolist(),
                                        street.tolist(), number.tolist(), strict=True)):
                feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row[1], row[2]]},
                           "properties": {"mast_id": row[0], "mastlengte": row[3], "straat": row[4],
                                          "mastnummer": row[5]}}
                handle.write(("," if i else "") + json.dumps(feature) + "\n")
            handle.write("]}\n")
    else:
        raise SystemExit(f"unknown format {fmt}")
    return path


# --- one run in a child process -------------------------------------------------------------------


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far. Linux: VmHWM of /proc/self/status (ru_maxrss would
    also count the parent's memory at fork time); elsewhere ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(rss / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def child(args) -> None:
    """Runs inside the child: migrate, load areas, import twice, print JSON on the last line."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkwerk.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from wijkwerk.areas.services import areas_import
    from wijkwerk.assets.importing import ImportOptions, assets_import
    from wijkwerk.municipalities.models import Gemeente

    gemeente = Gemeente.objects.create(slug="bench", name="Benchmark")
    areas_import(gemeente=gemeente, path=UTRECHT / "wijk.geojson", level="wijk", code_field="KODE",
                 name_field="NAAM")
    areas_import(gemeente=gemeente, path=UTRECHT / "buurt.geojson", level="buurt", code_field="KODE",
                 name_field="NAAM", parent_field="WIJKKODE")
    options = ImportOptions(asset_type="street_light", id_fields=("mast_id",))
    memory_before = peak_memory_mb()
    start = time.perf_counter()
    report = assets_import(gemeente=gemeente, path=args.file, options=options)
    seconds = time.perf_counter() - start
    memory_first = peak_memory_mb()
    start = time.perf_counter()
    again = assets_import(gemeente=gemeente, path=args.file, options=options)
    reimport_seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": round(seconds, 2),
        "read": report.read,
        "created": report.created,
        "rejected": report.rejected,
        "outside_areas": report.outside_areas,
        "reimport_seconds": round(reimport_seconds, 2),
        "reimport_unchanged": again.unchanged,
        "reimport_created_or_updated": again.created + again.updated,
        "peak_memory_before_import_mb": memory_before,
        "peak_memory_first_import_mb": memory_first,
        "peak_memory_mb": peak_memory_mb(),
    }))


def run_child(db: str, file: Path, env: dict) -> dict:
    command = [sys.executable, __file__, "--child", "--file", str(file)]
    proc = subprocess.run(command, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{db} run failed:\n{proc.stderr[-3000:]}")
    result = {"db": db, **json.loads(proc.stdout.strip().splitlines()[-1])}
    result["assets_per_second"] = round(result["created"] / result["seconds"]) if result["seconds"] else None
    result["reimport_assets_per_second"] = (
        round(result["reimport_unchanged"] / result["reimport_seconds"]) if result["reimport_seconds"] else None)
    return result


def run_sqlite(file: Path) -> dict:
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-"))
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder), "WIJKWERK_SECRET_KEY": "bench"}
    env.pop("DATABASE_URL", None)
    try:
        return run_child("sqlite", file, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def run_postgres(file: Path) -> dict:
    import psycopg

    server = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES).rstrip("/")
    name = f"wijkwerk_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-"))
    env = {**os.environ, "WIJKWERK_DATA_DIR": str(folder), "WIJKWERK_SECRET_KEY": "bench",
           "DATABASE_URL": f"{server}/{name}"}
    try:
        return run_child("postgres", file, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--format", choices=["gpkg", "csv", "geojson"], default="gpkg")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    folder = Path(tempfile.mkdtemp(prefix="wijkwerk-bench-file-"))
    try:
        start = time.perf_counter()
        file = generate_file(args.assets, folder, args.format)
        generate_seconds = time.perf_counter() - start
        results = []
        if args.db in ("sqlite", "both"):
            results.append(run_sqlite(file))
        if args.db in ("postgres", "both"):
            results.append(run_postgres(file))
        print(json.dumps({
            "benchmark": "import_assets",
            "assets": args.assets,
            "file": {"format": args.format, "size_mb": round(file.stat().st_size / 1e6, 1),
                     "generate_seconds": round(generate_seconds, 1)},
            "goal": {"assets_per_second": 20000, "peak_memory_mb": 2048},
            "results": results,
            "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        }, indent=2))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
