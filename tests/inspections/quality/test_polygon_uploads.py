"""The area-type polygon upload (schouw) reads through the file layer like the asset import: a GDAL
virtual file named .gpkg and a file above the limit are refused with a Dutch message, and no
polygon is stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.assets.hostile_files import SECRET_TOKEN, secret_database, vrt
from tests.assets.worlds import make_world
from wijkwerk.inspections.quality.services import area_types_ensure_default

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


@pytest.fixture
def area_type_page(world, client):
    area_type = area_types_ensure_default(gemeente=world.gemeente)
    client.force_login(world.beheerder)
    return area_type, reverse("inspections-area-type", args=[world.gemeente.slug, area_type.pk])


def polygon_errors(response) -> str:
    assert response.status_code == 200
    return " ".join(response.context["polygon_form"].errors.get("file", []))


def test_area_type_polygons_refuse_a_vrt_named_gpkg(client, area_type_page, tmp_path):
    area_type, url = area_type_page
    database = secret_database(tmp_path)
    response = client.post(url, {"form": "polygons", "replace": "on",
                                 "file": SimpleUploadedFile("vlakken.gpkg", vrt(str(database)))})
    assert "geen echt GeoPackage-bestand" in polygon_errors(response)
    assert SECRET_TOKEN not in response.content.decode()
    assert not area_type.polygons.exists()


def test_area_type_polygons_refuse_a_file_above_the_limit(client, area_type_page, settings):
    settings.WIJKWERK_IMPORT_MAX_MB = 0.01
    area_type, url = area_type_page
    content = json.dumps({"type": "FeatureCollection", "features": [], "pad": "x" * 50_000}).encode()
    response = client.post(url, {"form": "polygons", "replace": "on",
                                 "file": SimpleUploadedFile("vlakken.geojson", content)})
    assert "te groot" in polygon_errors(response)
    assert not area_type.polygons.exists()
