"""Test data for the page tests, made directly with the ORM (no import code)."""

from dataclasses import dataclass, field

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetHistory, AssetType, ImportJob
from wijkwerk.assets.services import asset_types_sync
from wijkwerk.core.geo import wgs84_to_rd
from wijkwerk.municipalities.models import Gemeente
from wijkwerk.municipalities.roles import BEHEERDER, RAADPLEGER

PASSWORD = "geheim-wachtwoord-123"  # the UserFactory's password


def square(lon: float, lat: float, size: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
    }


def make_area(gemeente: Gemeente, level: str, code: str, name: str, *, lon: float, lat: float, size: float,
              parent: Area | None = None) -> Area:
    return Area.objects.create(
        gemeente=gemeente, level=level, code=code, name=name, parent=parent, geometry=square(lon, lat, size),
        min_lon=lon, min_lat=lat, max_lon=lon + size, max_lat=lat + size,
    )


def asset_type(code: str) -> AssetType:
    """The shipped type; after a flush (transactional tests) the types are loaded again."""
    found = AssetType.objects.filter(code=code).first()
    if found is None:
        asset_types_sync()
        found = AssetType.objects.get(code=code)
    return found


def make_asset(gemeente: Gemeente, type_code: str, external_id: str, *, lon: float, lat: float,
               buurt: Area | None = None, attributes: dict | None = None, **extra) -> Asset:
    x, y = wgs84_to_rd([lon], [lat])
    kind = asset_type(type_code)
    return Asset.objects.create(
        gemeente=gemeente, asset_type=kind, external_id=external_id,
        geometry={"type": "Point", "coordinates": [lon, lat]}, lon=lon, lat=lat, x=float(x[0]), y=float(y[0]),
        min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat,
        buurt=buurt, wijk=buurt.parent if buurt else None, outside_areas=buurt is None,
        unit=kind.default_unit, attributes=attributes or {}, **extra,
    )


def make_assets_bulk(gemeente: Gemeente, type_code: str, points: list[tuple[float, float]], *,
                     buurt: Area | None = None, prefix: str = "A") -> None:
    """Many point assets at once (bulk_create), for the map's clustering."""
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    xs, ys = wgs84_to_rd(lons, lats)
    kind = asset_type(type_code)
    Asset.objects.bulk_create(
        [
            Asset(
                gemeente=gemeente, asset_type=kind, external_id=f"{prefix}{i}",
                geometry={"type": "Point", "coordinates": [lon, lat]}, lon=lon, lat=lat,
                x=float(xs[i]), y=float(ys[i]), min_lon=lon, min_lat=lat, max_lon=lon, max_lat=lat,
                buurt=buurt, wijk=buurt.parent if buurt else None, outside_areas=buurt is None,
                unit=kind.default_unit,
            )
            for i, (lon, lat) in enumerate(points)
        ],
        batch_size=2000,
    )


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

    wijk = make_area(gemeente, "wijk", "W01", "Binnenstad", lon=5.10, lat=52.08, size=0.02)
    buurt_a = make_area(gemeente, "buurt", "B011", "Domplein", lon=5.10, lat=52.08, size=0.01, parent=wijk)
    buurt_b = make_area(gemeente, "buurt", "B012", "Lange Nieuwstraat", lon=5.11, lat=52.08, size=0.01, parent=wijk)
    tree = make_asset(
        gemeente, "tree", "BOOM-1", lon=5.105, lat=52.085, buurt=buurt_a,
        attributes={"species": "Tilia cordata", "planting_year": 1985, "height_class": "12-15 m", "owner": "gemeente"},
        installation_year=1985, condition=2,
    )
    AssetHistory.objects.create(asset=tree, kind=AssetHistory.Kind.CREATED, changes={}, source="import")
    light = make_asset(gemeente, "street_light", "MAST-7", lon=5.115, lat=52.085, buurt=buurt_b,
                       attributes={"mast_height": 6.0, "street": "Lange Nieuwstraat"})
    outside_bench = make_asset(gemeente, "bench", "BANK-9", lon=5.13, lat=52.07)
    other_asset = make_asset(other, "tree", "AMF-1", lon=5.38, lat=52.15)
    other_job = ImportJob.objects.create(gemeente=other, created_by=outsider, file_name="amf.geojson",
                                         file_path="/nonexistent/amf.geojson", options={"asset_type": "tree"})
    job = ImportJob.objects.create(
        gemeente=gemeente, created_by=beheerder, file_name="bomen.geojson", file_path="/nonexistent/bomen.geojson",
        options={"asset_type": "tree", "id_fields": ["id"]}, status=ImportJob.Status.CHECKED,
        dry_run_report={"read": 3, "created": 2, "updated": 0, "unchanged": 0, "rejected": 1, "outside_areas": 1,
                        "errors": [{"row": 3, "field": "geometry", "message": "Geometrie ontbreekt."}],
                        "messages": ["Geen coördinatenstelsel in het bestand: RD New aangenomen."],
                        "report_csv": None},
    )
    return World(gemeente=gemeente, other=other, beheerder=beheerder, raadpleger=raadpleger, outsider=outsider,
                 wijk=wijk, buurt_a=buurt_a, buurt_b=buurt_b, tree=tree, light=light, outside_bench=outside_bench,
                 other_asset=other_asset, other_job=other_job, job=job)
