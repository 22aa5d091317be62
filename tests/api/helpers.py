"""Test data for the API tests, made directly with the ORM (independent of the import code)."""

import itertools

from rest_framework.test import APIClient

from wijkwerk.areas.models import Area
from wijkwerk.assets.models import Asset, AssetType
from wijkwerk.core.geo import wgs84_to_rd

_ids = itertools.count(1)


def square(min_lon: float, min_lat: float, max_lon: float, max_lat: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[min_lon, min_lat], [max_lon, min_lat], [max_lon, max_lat], [min_lon, max_lat],
                         [min_lon, min_lat]]],
    }


def make_area(gemeente, level: str, code: str, *, name: str | None = None, parent: Area | None = None,
              bbox: tuple[float, float, float, float] = (5.0, 52.0, 5.2, 52.2)) -> Area:
    return Area.objects.create(
        gemeente=gemeente, level=level, code=code, name=name or f"{level} {code}", parent=parent,
        geometry=square(*bbox), min_lon=bbox[0], min_lat=bbox[1], max_lon=bbox[2], max_lat=bbox[3],
    )


def make_asset(gemeente, *, type_code: str = "tree", lon: float = 5.1, lat: float = 52.1,
               external_id: str | None = None, buurt: Area | None = None, wijk: Area | None = None,
               **fields) -> Asset:
    x, y = wgs84_to_rd(lon, lat)
    values = {
        "geometry": {"type": "Point", "coordinates": [lon, lat]}, "lon": lon, "lat": lat,
        "x": float(x), "y": float(y), "min_lon": lon, "min_lat": lat, "max_lon": lon, "max_lat": lat,
        "buurt": buurt, "wijk": wijk if wijk is not None else (buurt.parent if buurt is not None else None),
        "outside_areas": buurt is None,
    }
    values.update(fields)
    return Asset.objects.create(
        gemeente=gemeente, asset_type=AssetType.objects.get(code=type_code),
        external_id=external_id or f"ext-{next(_ids)}", **values,
    )


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/problem+json"), response["Content-Type"]
    assert response["API-Version"]
    body = response.json()
    assert body["status"] == status
    assert body["title"]
    return body
