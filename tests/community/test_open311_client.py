"""Open311 from outside: a generic HTTP client (urllib, as a third-party Open311 app would use) posts
and reads requests over a real server, in JSON and in XML."""

import json
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.community.categories import categories_defaults_ensure
from wijkwerk.community.open311_keys import open311_key_create
from wijkwerk.community.report_models import Report


@pytest.fixture
def key(transactional_db):
    categories_defaults_ensure(gemeente=GemeenteFactory(slug="utrecht", name="Utrecht"))
    return open311_key_create(gemeente_slug="utrecht", name="Externe app")[1]


def fetch(url, data=None):
    body = urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers={"User-Agent": "Open311-test-client/1.0"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers.get("Content-Type"), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type"), exc.read()


def test_third_party_client_posts_and_reads(live_server, key):
    base = f"{live_server.url}/open311/v2"
    status, _type, body = fetch(f"{base}/discovery.xml")
    assert status == 200 and ET.fromstring(body).findtext("endpoints/endpoint/specification")
    status, _type, body = fetch(f"{base}/services.json?jurisdiction_id=utrecht")
    code = json.loads(body)[0]["service_code"]
    form = {"api_key": key, "jurisdiction_id": "utrecht", "service_code": code, "lat": "52.09", "long": "5.12",
            "description": "Losliggende stoeptegel", "first_name": "Piet", "email": "piet@example.nl"}
    status, content_type, body = fetch(f"{base}/requests.json", form)
    assert status == 200 and content_type.startswith("application/json")
    number = json.loads(body)[0]["service_request_id"]
    status, content_type, body = fetch(f"{base}/requests.xml", form)
    assert status == 200 and content_type.startswith("text/xml")
    other = ET.fromstring(body).findtext("request/service_request_id")
    assert Report.objects.filter(number__in=[number, other], source="open311").count() == 2
    status, _type, body = fetch(f"{base}/requests/{number}.xml?jurisdiction_id=utrecht")
    root = ET.fromstring(body)
    assert root.findtext("request/description") == "Losliggende stoeptegel"
    assert b"piet@example.nl" not in body and b"Piet" not in body
    status, _type, body = fetch(f"{base}/requests.json?jurisdiction_id=utrecht&service_request_id={number},{other}")
    assert {r["service_request_id"] for r in json.loads(body)} == {number, other}
    status, _type, body = fetch(f"{base}/requests.json", {**form, "api_key": "o311_nope"})
    assert status == 403 and json.loads(body)[0]["code"] == 403
