"""Areas (wijken and buurten) for the tests, made directly with the ORM (independent of the import
code). An area is an axis-aligned square given by its bounding box in WGS84."""

import factory

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.areas.models import Area

Bbox = tuple[float, float, float, float]  # min_lon, min_lat, max_lon, max_lat


def square(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> dict:
    """A GeoJSON polygon covering the bounding box."""
    return {
        "type": "Polygon",
        "coordinates": [[[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat],
                         [min_lon, min_lat]]],
    }


def box(lon: float, lat: float, size: float) -> Bbox:
    """The bounding box of a square of `size` degrees with its south-west corner at (lon, lat)."""
    return (lon, lat, lon + size, lat + size)


class AreaFactory(factory.django.DjangoModelFactory):
    """A buurt unless `level` says otherwise; `bbox` places it (the geometry and the indexed box)."""

    class Meta:
        model = Area

    class Params:
        bbox: Bbox = (5.0, 52.0, 5.2, 52.2)

    gemeente = factory.SubFactory(GemeenteFactory)
    level = Area.Level.BUURT
    code = factory.Sequence(lambda n: f"G{n:04d}")
    name = factory.LazyAttribute(lambda o: f"{o.level} {o.code}")
    parent = None
    geometry = factory.LazyAttribute(lambda o: square(*o.bbox))
    min_lon = factory.LazyAttribute(lambda o: o.bbox[0])
    min_lat = factory.LazyAttribute(lambda o: o.bbox[1])
    max_lon = factory.LazyAttribute(lambda o: o.bbox[2])
    max_lat = factory.LazyAttribute(lambda o: o.bbox[3])


def make_area(gemeente, level: str, code: str, *, name: str | None = None, parent: Area | None = None,
              bbox: Bbox = (5.0, 52.0, 5.2, 52.2)) -> Area:
    """A wijk or buurt `code` of `gemeente` (named "<level> <code>" unless `name` is given)."""
    named = {"name": name} if name else {}
    return AreaFactory(gemeente=gemeente, level=level, code=code, parent=parent, bbox=bbox, **named)
