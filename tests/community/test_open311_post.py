"""Open311 POST requests: API keys per client, form-encoded and multipart posts in XML and JSON, the
errors a third-party client gets, and the report made being the same as one from the public page."""

import io
import json
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from PIL import Image

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.community.categories import categories_defaults_ensure
from wijkwerk.community.open311_keys import open311_client_for_key, open311_key_create, open311_key_revoke
from wijkwerk.community.report_models import Open311Client, Report, ServiceCategory

pytestmark = pytest.mark.django_db
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def gemeente():
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    categories_defaults_ensure(gemeente=gemeente)
    ServiceCategory.objects.filter(gemeente=gemeente, code="bankje-kapot").update(attributes=[
        {"code": "schade", "datatype": "singlevaluelist", "required": True, "description": "Wat is er kapot?",
         "values": [{"key": "zitting", "name": "Zitting"}, {"key": "poot", "name": "Poot"}]},
        {"code": "kleur", "datatype": "multivaluelist", "required": False, "description": "Kleur",
         "values": [{"key": "groen", "name": "Groen"}, {"key": "rood", "name": "Rood"}]},
    ])
    return gemeente


@pytest.fixture
def key(gemeente):
    return open311_key_create(gemeente_slug="utrecht", name="BuitenBeter")[1]


def post(client, fmt, data, **extra):
    """Posts form-encoded, the way a generic HTTP client (requests.post(data=...)) does."""
    return client.post(f"/open311/v2/requests.{fmt}", urlencode(data, doseq=True), content_type=FORM, **extra)


def base(key, **more):
    return {"api_key": key, "jurisdiction_id": "utrecht", "service_code": "zwerfvuil", "lat": "52.0907",
            "long": "5.1214", "description": "Zakken afval naast de container", "email": "anna@example.nl",
            "first_name": "Anna", "last_name": "de Vries", "phone": "0612345678", **more}


def errors_of(response) -> list[dict]:
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    root = ET.fromstring(response.content)
    assert root.tag == "errors"
    return [{"code": int(e.findtext("code")), "description": e.findtext("description")} for e in root]


def test_post_json_makes_the_same_report_as_the_page(client, gemeente, key):
    response = post(client, "json", base(key))
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    [answer] = response.json()
    assert set(answer) == {"service_request_id", "service_notice", "account_id"}
    report = Report.objects.get(number=answer["service_request_id"])
    assert report.source == Report.Source.OPEN311
    assert report.client == Open311Client.objects.get(name="BuitenBeter")
    assert report.category.code == "zwerfvuil" and report.gemeente == gemeente
    assert (report.lat, report.lon) == (52.0907, 5.1214)
    assert (report.email, report.name, report.phone) == ("anna@example.nl", "Anna de Vries", "0612345678")
    assert report.events.filter(public=True).exists()  # the page's history starts as well


def test_post_xml_with_attributes(client, gemeente, key):
    data = base(key, service_code="bankje-kapot", **{"attribute[schade]": "poot", "attribute[kleur][]": ["groen", "rood"]})
    response = post(client, "xml", data)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/xml")
    root = ET.fromstring(response.content)
    assert root.tag == "service_requests" and [c.tag for c in root] == ["request"]
    number = root.find("request/service_request_id").text
    report = Report.objects.get(number=number)
    assert report.attributes == {"schade": "poot", "kleur": ["groen", "rood"]}


def test_post_without_extension_is_xml_and_multipart_with_media(client, gemeente, key):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "foto.jpg"
    response = client.post("/open311/v2/requests", {**base(key), "media": buffer})
    assert response.status_code == 200, response.content
    number = ET.fromstring(response.content).find("request/service_request_id").text
    assert Report.objects.get(number=number).photo


def test_required_attribute_missing_is_400(client, gemeente, key):
    response = post(client, "json", base(key, service_code="bankje-kapot"))
    assert response.status_code == 400
    assert [e["code"] for e in response.json()] == [400]
    assert response.json()[0]["description"].startswith("attribute[schade]:")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_missing_or_wrong_key_is_403(client, gemeente, key, fmt):
    data = base(key)
    del data["api_key"]
    for attempt in (data, {**data, "api_key": "o311_wrong"}, {**data, "api_key": key + "x"}):
        response = post(client, fmt, attempt)
        assert response.status_code == 403
        assert errors_of(response)[0]["code"] == 403
    assert not Report.objects.exists()


def test_key_of_another_gemeente_or_revoked_is_403(client, gemeente, key):
    GemeenteFactory(slug="amersfoort")
    other = open311_key_create(gemeente_slug="amersfoort", name="Ander")[1]
    assert post(client, "json", base(other)).status_code == 403
    client_row = open311_client_for_key(gemeente=gemeente, key=key)
    open311_key_revoke(prefix=client_row.prefix)
    assert post(client, "json", base(key)).status_code == 403


def test_unknown_service_and_jurisdiction(client, gemeente, key):
    response = post(client, "xml", base(key, service_code="bestaat-niet"))
    assert response.status_code == 400 and errors_of(response)[0]["code"] == 400
    response = post(client, "json", base(key, jurisdiction_id="nergens"))
    assert response.status_code == 404 and errors_of(response)[0]["code"] == 404


@pytest.mark.parametrize("lat,lon", [("abc", "5.12"), ("52.09", ""), ("40.0", "5.12"), ("nan", "5.1")])
def test_bad_lat_long_is_400(client, gemeente, key, lat, lon):
    response = post(client, "json", base(key, lat=lat, long=lon))
    assert response.status_code == 400
    assert all(e["code"] == 400 for e in response.json())
    assert not Report.objects.exists()


def test_one_error_per_message(client, gemeente, key):
    response = post(client, "xml", base(key, description="", email="geen-adres", lat="", long=""))
    assert response.status_code == 400
    descriptions = [e["description"] for e in errors_of(response)]
    assert len(descriptions) == 3
    assert {d.split(":")[0] for d in descriptions} == {"description", "email", "lat"}


def test_posts_are_rate_limited_per_key(client, gemeente, key, settings):
    settings.WIJKWERK_OPEN311_POSTS_PER_MINUTE = 2
    cache.clear()
    assert [post(client, "json", base(key)).status_code for _ in range(3)] == [200, 200, 429]
    assert post(client, "json", base(key)).json()[0]["code"] == 429


def test_guessing_keys_is_rate_limited_per_address(client, gemeente, key, settings):
    settings.WIJKWERK_OPEN311_POSTS_PER_MINUTE = 2
    cache.clear()
    codes = [post(client, "json", base(f"o311_guess{i}")).status_code for i in range(3)]
    assert codes == [403, 403, 429]


def test_post_needs_no_csrf_token(gemeente, key):
    response = post(Client(enforce_csrf_checks=True), "json", base(key))
    assert response.status_code == 200


def test_command_prints_only_the_key(gemeente, capsys):
    call_command("create_open311_key", gemeente="utrecht", client="Fixi")
    out, err = capsys.readouterr()
    key = out.strip()
    assert "\n" not in key and key.startswith("o311_")
    client_row = Open311Client.objects.get(name="Fixi")
    assert client_row.key_hash != key and key not in err
    assert open311_client_for_key(gemeente=gemeente, key=key) == client_row
    call_command("create_open311_key", revoke=client_row.prefix)
    assert open311_client_for_key(gemeente=gemeente, key=key) is None


def test_command_unknown_gemeente(db):
    with pytest.raises(CommandError):
        call_command("create_open311_key", gemeente="nergens", client="Fixi")
    with pytest.raises(CommandError):
        call_command("create_open311_key", gemeente="nergens")


def test_json_answer_is_plain_json(client, gemeente, key):
    response = post(client, "json", base(key))
    assert json.loads(response.content.decode("utf-8"))[0]["service_request_id"].startswith("M-")
