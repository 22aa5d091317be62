"""Two ready-made test worlds, each two municipalities with areas, assets and members (made with
the factories of municipalities, areas and assets; no import code):

- `make_world()`: Utrecht and Amersfoort, for the pages, import jobs, planning and the browser.
- `make_aadorp_bedum()`: Aadorp and Bedum, for the API (also tenant isolation over every route).
"""

from dataclasses import dataclass, field

from tests.areas.factories import box, make_area
from tests.municipalities.factories import GemeenteFactory, OrganisationFactory, UserFactory, make_member
from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, ImportJob
from wijkwerk.municipalities.models import Gemeente
from wijkwerk.municipalities.roles import BEHEERDER, RAADPLEGER

from .factories import AssetHistoryFactory, ImportJobFactory, make_asset


@dataclass
class World:
    gemeente: Gemeente
    other: Gemeente
    beheerder: object
    raadpleger: object
    outsider: object
    wijk: Area
    buurt_a: Area
    buurt_b: Area
    tree: Asset
    light: Asset
    outside_bench: Asset
    other_asset: Asset
    other_job: ImportJob
    job: ImportJob
    extra: dict = field(default_factory=dict)


def make_world() -> World:
    """Two municipalities. `gemeente` (Utrecht-like) has one wijk with two buurten, a tree, a
    street light and a bench outside every buurt; `other` has its own asset and import job.
    `beheerder` and `raadpleger` are members of `gemeente` only; `outsider` is a member of `other`."""
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    other = GemeenteFactory(slug="amersfoort", name="Amersfoort")
    beheerder = UserFactory(username="anna", first_name="Anna", last_name="de Vries")
    raadpleger = UserFactory(username="rob")
    outsider = UserFactory(username="olga")
    make_member(beheerder, gemeente, BEHEERDER)
    make_member(raadpleger, gemeente, RAADPLEGER)
    make_member(outsider, other, BEHEERDER)

    wijk = make_area(gemeente, "wijk", "W01", name="Binnenstad", bbox=box(5.10, 52.08, 0.02))
    buurt_a = make_area(gemeente, "buurt", "B011", name="Domplein", parent=wijk, bbox=box(5.10, 52.08, 0.01))
    buurt_b = make_area(gemeente, "buurt", "B012", name="Lange Nieuwstraat", parent=wijk,
                        bbox=box(5.11, 52.08, 0.01))
    tree = make_asset(
        gemeente, "tree", "BOOM-1", lon=5.105, lat=52.085, buurt=buurt_a,
        attributes={"species": "Tilia cordata", "planting_year": 1985, "height_class": "12-15 m", "owner": "gemeente"},
        installation_year=1985, condition=2,
    )
    AssetHistoryFactory(asset=tree)
    light = make_asset(gemeente, "street_light", "MAST-7", lon=5.115, lat=52.085, buurt=buurt_b,
                       attributes={"mast_height": 6.0, "street": "Lange Nieuwstraat"})
    outside_bench = make_asset(gemeente, "bench", "BANK-9", lon=5.13, lat=52.07)
    other_asset = make_asset(other, "tree", "AMF-1", lon=5.38, lat=52.15)
    other_job = ImportJobFactory(gemeente=other, created_by=outsider, file_name="amf.geojson")
    job = ImportJobFactory(
        gemeente=gemeente, created_by=beheerder, file_name="bomen.geojson",
        options={"asset_type": "tree", "id_fields": ["id"]}, status=ImportJob.Status.CHECKED,
        dry_run_report={"read": 3, "created": 2, "updated": 0, "unchanged": 0, "rejected": 1, "outside_areas": 1,
                        "errors": [{"row": 3, "field": "geometry", "message": "Geometrie ontbreekt."}],
                        "messages": ["Geen coördinatenstelsel in het bestand: RD New aangenomen."],
                        "report_csv": None},
    )
    return World(gemeente=gemeente, other=other, beheerder=beheerder, raadpleger=raadpleger, outsider=outsider,
                 wijk=wijk, buurt_a=buurt_a, buurt_b=buurt_b, tree=tree, light=light, outside_bench=outside_bench,
                 other_asset=other_asset, other_job=other_job, job=job)


@dataclass
class AadorpBedum:
    a: Gemeente
    b: Gemeente
    beheerder: object  # member of A (may change assets)
    raadpleger: object  # member of A, read only
    outsider: object  # member of B only
    superuser: object
    wijk_a: Area
    buurt_a: Area
    buurt_a2: Area
    wijk_b: Area
    buurt_b: Area
    tree_a: Asset
    light_a: Asset
    outside_a: Asset
    tree_b: Asset


def make_aadorp_bedum() -> AadorpBedum:
    """Aadorp (A: wijk A1 with buurten A1-01 and A1-02, a tree, a street light, a bench outside
    every buurt, a contractor) and Bedum (B: wijk B1, buurt B1-01, a tree with the same external id
    as A's). `beheerder` and `raadpleger` are members of A, `outsider` of B; and a superuser."""
    a = GemeenteFactory(slug="aadorp", name="Aadorp")
    b = GemeenteFactory(slug="bedum", name="Bedum")
    OrganisationFactory(gemeente=a, name="Groen BV", kind="contractor")
    beheerder = UserFactory(username="beheerder-a")
    raadpleger = UserFactory(username="raadpleger-a")
    outsider = UserFactory(username="beheerder-b")
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    make_member(beheerder, a, BEHEERDER)
    make_member(raadpleger, a, RAADPLEGER)
    make_member(outsider, b, BEHEERDER)

    wijk_a = make_area(a, "wijk", "A1", name="Noord", bbox=(5.0, 52.0, 5.2, 52.2))
    buurt_a = make_area(a, "buurt", "A1-01", name="Noord-West", parent=wijk_a, bbox=(5.0, 52.0, 5.1, 52.2))
    buurt_a2 = make_area(a, "buurt", "A1-02", name="Noord-Oost", parent=wijk_a, bbox=(5.1, 52.0, 5.2, 52.2))
    wijk_b = make_area(b, "wijk", "B1", name="Zuid", bbox=(6.0, 53.0, 6.2, 53.2))
    buurt_b = make_area(b, "buurt", "B1-01", name="Zuid-West", parent=wijk_b, bbox=(6.0, 53.0, 6.2, 53.2))

    tree_a = make_asset(a, "tree", "boom-1", lon=5.05, lat=52.05, buurt=buurt_a,
                        attributes={"species": "Quercus robur", "planting_year": 1980}, installation_year=1980)
    light_a = make_asset(a, "street_light", "mast-1", lon=5.15, lat=52.15, buurt=buurt_a2,
                         attributes={"mast_height": 6.0})
    outside_a = make_asset(a, "bench", "bank-1", lon=5.5, lat=52.5)
    tree_b = make_asset(b, "tree", "boom-1", lon=6.1, lat=53.1, buurt=buurt_b)
    return AadorpBedum(a, b, beheerder, raadpleger, outsider, superuser, wijk_a, buurt_a, buurt_a2, wijk_b, buurt_b,
                       tree_a, light_a, outside_a, tree_b)
