"""Assets for the tests, made directly with the ORM (independent of the import code): asset types,
point assets placed by lon/lat (RD coordinates and the bounding box follow), their history and
import jobs."""

import factory

from tests.municipalities.factories import GemeenteFactory, UserFactory
from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetHistory, AssetType, ImportJob
from wijkwerk.assets.search_keys import attributes_address_key, id_key
from wijkwerk.assets.services import asset_types_sync
from wijkwerk.core.geo import wgs84_to_rd


def asset_type(code: str) -> AssetType:
    """A shipped type (tree, street_light, bench, ...); after a flush (transactional tests) the
    shipped types are loaded again."""
    found = AssetType.objects.filter(code=code).first()
    if found is None:
        asset_types_sync()
        found = AssetType.objects.get(code=code)
    return found


def rd(lon: float, lat: float) -> tuple[float, float]:
    x, y = wgs84_to_rd([lon], [lat])
    return float(x[0]), float(y[0])


class AssetTypeFactory(factory.django.DjangoModelFactory):
    """A type of one's own; for the shipped ones use `asset_type(code)`."""

    class Meta:
        model = AssetType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"soort-{n}")
    label = factory.Sequence(lambda n: f"Soort {n}")
    geometry_kind = AssetType.GeometryKind.POINT
    default_unit = "st"
    schema = factory.LazyFunction(list)


class AssetFactory(factory.django.DjangoModelFactory):
    """A point asset at (lon, lat) of the shipped type `type_code`. With a `buurt` its wijk is the
    buurt's parent; without one it lies outside every buurt. Pass `geometry` and the box
    (min_lon ...) for a line or polygon."""

    class Meta:
        model = Asset

    class Params:
        type_code = "tree"

    gemeente = factory.SubFactory(GemeenteFactory)
    asset_type = factory.LazyAttribute(lambda o: asset_type(o.type_code))
    external_id = factory.Sequence(lambda n: f"ext-{n}")
    lon = 5.1
    lat = 52.1
    geometry = factory.LazyAttribute(lambda o: {"type": "Point", "coordinates": [o.lon, o.lat]})
    x = factory.LazyAttribute(lambda o: rd(o.lon, o.lat)[0])
    y = factory.LazyAttribute(lambda o: rd(o.lon, o.lat)[1])
    min_lon = factory.SelfAttribute("lon")
    min_lat = factory.SelfAttribute("lat")
    max_lon = factory.SelfAttribute("lon")
    max_lat = factory.SelfAttribute("lat")
    buurt = None
    wijk = factory.LazyAttribute(lambda o: o.buurt.parent if o.buurt is not None else None)
    outside_areas = factory.LazyAttribute(lambda o: o.buurt is None)
    unit = factory.LazyAttribute(lambda o: o.asset_type.default_unit)
    attributes = factory.LazyFunction(dict)
    # the search keys as every writer of the register fills them
    search_id = factory.LazyAttribute(lambda o: id_key(o.external_id))
    search_address = factory.LazyAttribute(lambda o: attributes_address_key(o.attributes))


class AssetHistoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AssetHistory

    asset = factory.SubFactory(AssetFactory)
    kind = AssetHistory.Kind.CREATED
    changes = factory.LazyFunction(dict)
    source = "import"


class ImportJobFactory(factory.django.DjangoModelFactory):
    """An import job as the upload page leaves it (status uploaded); its file need not exist."""

    class Meta:
        model = ImportJob

    gemeente = factory.SubFactory(GemeenteFactory)
    created_by = factory.SubFactory(UserFactory)
    file_name = factory.Sequence(lambda n: f"import-{n}.geojson")
    file_path = factory.LazyAttribute(lambda o: f"/nonexistent/{o.file_name}")
    options = factory.LazyFunction(lambda: {"asset_type": "tree"})


def make_asset(gemeente, type_code: str = "tree", external_id: str | None = None, *, lon: float = 5.1,
               lat: float = 52.1, buurt: Area | None = None, **fields) -> Asset:
    """One point asset of `gemeente` (see AssetFactory); `fields` sets any other field."""
    if external_id is not None:
        fields["external_id"] = external_id
    return AssetFactory(gemeente=gemeente, type_code=type_code, lon=lon, lat=lat, buurt=buurt, **fields)


def make_assets_bulk(gemeente, type_code: str, points: list[tuple[float, float]], *, buurt: Area | None = None,
                     prefix: str = "A") -> None:
    """Many point assets at once (bulk_create), e.g. for the map's clustering: external ids
    <prefix>0, <prefix>1, ..."""
    kind = asset_type(type_code)
    xs, ys = wgs84_to_rd([p[0] for p in points], [p[1] for p in points])
    Asset.objects.bulk_create(
        [
            AssetFactory.build(gemeente=gemeente, asset_type=kind, external_id=f"{prefix}{i}", lon=lon, lat=lat,
                               x=float(xs[i]), y=float(ys[i]), buurt=buurt)
            for i, (lon, lat) in enumerate(points)
        ],
        batch_size=2000,
    )
