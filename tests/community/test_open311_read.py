"""Open311 GET endpoints: discovery, services and their definitions, the request list with the
specification's filters, one request, tokens, errors, escaping and the reporter's privacy."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from tests.municipalities.factories import GemeenteFactory
from wijkwerk.community.categories import categories_defaults_ensure
from wijkwerk.community.report_models import Report, ReportStatus, ServiceCategory
from wijkwerk.community.reports import report_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def gemeente():
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    categories_defaults_ensure(gemeente=gemeente)
    ServiceCategory.objects.filter(gemeente=gemeente, code="bankje-kapot").update(attributes=[
        {"code": "schade", "datatype": "singlevaluelist", "required": True, "description": "Wat is er kapot?",
         "values": [{"key": "zitting", "name": "Zitting <hout>"}, {"key": "poot", "name": "Poot"}]},
        {"code": "toelichting", "datatype": "text", "required": False, "description": "Toelichting"},
    ])
    return gemeente


def make(gemeente, code="zwerfvuil", description="Afval op straat", status=None, days_ago=0):
    report = report_create(gemeente=gemeente, category=ServiceCategory.objects.get(gemeente=gemeente, code=code),
                           description=description, lat=52.09, lon=5.12, address="Oudegracht 1",
                           email="geheim@example.nl", name="Geheime Melder", phone="0699999999",
                           attributes={"schade": "poot"} if code == "bankje-kapot" else None)
    changes = {}
    if status:
        changes["status"] = status
    if days_ago:
        changes["created"] = timezone.now() - datetime.timedelta(days=days_ago)
    if changes:
        Report.objects.filter(pk=report.pk).update(**changes)
    return Report.objects.get(pk=report.pk)


def xml(response):
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def test_discovery(client, gemeente):
    data = client.get("/open311/v2/discovery.json").json()
    assert set(data) == {"changeset", "contact", "key_service", "endpoints"}
    [endpoint] = data["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/") and endpoint["type"] == "production"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = xml(client.get("/open311/v2/discovery.xml"))
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["text/xml", "application/json"]


def test_services_json_and_xml(client, gemeente):
    response = client.get("/open311/v2/services.json", {"jurisdiction_id": "utrecht"})
    assert response["Access-Control-Allow-Origin"] == "*"
    services = {s["service_code"]: s for s in response.json()}
    assert set(services["bankje-kapot"]) == {"service_code", "service_name", "description", "metadata", "type",
                                              "keywords", "group"}
    assert services["bankje-kapot"]["metadata"] is True and services["zwerfvuil"]["metadata"] is False
    assert services["zwerfvuil"]["type"] == "realtime"
    root = xml(client.get("/open311/v2/services.xml", {"jurisdiction_id": "utrecht"}))
    assert root.tag == "services" and {c.tag for c in root} == {"service"}
    bench = next(s for s in root if s.findtext("service_code") == "bankje-kapot")
    assert bench.findtext("metadata") == "true" and bench.findtext("group") == "Straatmeubilair"


def test_services_made_for_a_gemeente_without_categories(client, db):
    GemeenteFactory(slug="leeg")
    assert client.get("/open311/v2/services.json").json()  # the only gemeente: jurisdiction_id may be left out


def test_jurisdiction_required_with_several_and_unknown_is_404(client, gemeente):
    GemeenteFactory(slug="amersfoort")
    response = client.get("/open311/v2/services.json")
    assert response.status_code == 400 and response.json()[0]["code"] == 400
    response = client.get("/open311/v2/services.xml", {"jurisdiction_id": "nergens"})
    assert response.status_code == 404
    root = xml(response)
    assert root.tag == "errors" and root.findtext("error/code") == "404" and root.findtext("error/description")


def test_service_definition(client, gemeente):
    data = client.get("/open311/v2/services/bankje-kapot.json", {"jurisdiction_id": "utrecht"}).json()
    assert data["service_code"] == "bankje-kapot"
    first, second = data["attributes"]
    assert first == {"variable": True, "code": "schade", "datatype": "singlevaluelist", "required": True,
                     "datatype_description": "", "order": 1, "description": "Wat is er kapot?",
                     "values": [{"key": "zitting", "name": "Zitting <hout>"}, {"key": "poot", "name": "Poot"}]}
    assert second["datatype"] == "text" and "values" not in second
    root = xml(client.get("/open311/v2/services/bankje-kapot.xml"))
    assert root.tag == "service_definition"
    assert [v.findtext("name") for v in root.findall("attributes/attribute/values/value")] == ["Zitting <hout>", "Poot"]
    assert b"Zitting &lt;hout&gt;" in client.get("/open311/v2/services/bankje-kapot").content
    assert client.get("/open311/v2/services/bestaat-niet.json").status_code == 404


def test_request_list_fields_and_privacy(client, gemeente):
    report = make(gemeente)
    response = client.get("/open311/v2/requests.json", {"jurisdiction_id": "utrecht"})
    assert response["Access-Control-Allow-Origin"] == "*"
    [item] = response.json()
    assert set(item) == {"service_request_id", "status", "status_notes", "service_name", "service_code",
                         "description", "agency_responsible", "service_notice", "requested_datetime",
                         "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat",
                         "long", "media_url"}
    assert item["service_request_id"] == report.number and item["status"] == "open"
    assert item["lat"] == 52.09 and item["long"] == 5.12 and item["agency_responsible"] == "Utrecht"
    for stamp in ("requested_datetime", "updated_datetime", "expected_datetime"):
        moment = datetime.datetime.fromisoformat(item[stamp])
        assert moment.tzinfo is not None and item[stamp][-6] in "+-"
    for body in (response.content, client.get("/open311/v2/requests.xml").content,
                 client.get(f"/open311/v2/requests/{report.number}.xml").content):
        for secret in (b"geheim@example.nl", b"Geheime Melder", b"0699999999", report.token.encode()):
            assert secret not in body


def test_request_list_xml(client, gemeente):
    report = make(gemeente)
    root = xml(client.get("/open311/v2/requests.xml"))
    assert root.tag == "service_requests" and [c.tag for c in root] == ["request"]
    assert root.findtext("request/service_request_id") == report.number
    assert root.findtext("request/long") == "5.12"


def test_status_filter_and_mapping(client, gemeente):
    numbers = {status: make(gemeente, status=status).number for status in ReportStatus.values}
    def ids(**params):
        return {r["service_request_id"]: r["status"] for r in client.get("/open311/v2/requests.json", params).json()}
    closed = {numbers["opgelost"], numbers["niet_opgelost"]}
    assert set(ids(status="closed")) == closed and set(ids(status="closed").values()) == {"closed"}
    assert set(ids(status="open")) == set(numbers.values()) - closed
    assert set(ids(status="open").values()) == {"open"}
    assert client.get("/open311/v2/requests.json", {"status": "kapot"}).status_code == 400


def test_service_code_dates_and_ids(client, gemeente):
    litter = make(gemeente)
    bench = make(gemeente, code="bankje-kapot")
    old = make(gemeente, days_ago=120)
    def ids(**params):
        return {r["service_request_id"] for r in client.get("/open311/v2/requests.json", params).json()}
    assert ids() == {litter.number, bench.number}  # default: the last 90 days
    assert ids(service_code="bankje-kapot") == {bench.number}
    assert ids(service_code="bankje-kapot,zwerfvuil") == {litter.number, bench.number}
    start = (timezone.now() - datetime.timedelta(days=200)).isoformat()
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    assert ids(start_date=start, end_date=end) == {old.number}
    assert ids(start_date=start) == {litter.number, bench.number, old.number}
    assert ids(service_request_id=f"{old.number},{bench.number}", service_code="zwerfvuil") == {old.number, bench.number}
    response = client.get("/open311/v2/requests.json", {"start_date": "gisteren"})
    assert response.status_code == 400 and "start_date" in response.json()[0]["description"]
    assert client.get("/open311/v2/requests.json", {"start_date": end, "end_date": start}).status_code == 400


def test_one_request_and_token(client, gemeente):
    report = make(gemeente, status=ReportStatus.RESOLVED)
    [item] = client.get(f"/open311/v2/requests/{report.number}.json").json()
    assert item["service_request_id"] == report.number and item["status"] == "closed"
    root = xml(client.get(f"/open311/v2/requests/{report.number}.xml"))
    assert len(root) == 1 and root.findtext("request/status") == "closed"
    response = client.get("/open311/v2/requests/M-1999-00001.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404
    assert client.get(f"/open311/v2/tokens/{report.number}.json").json() == [
        {"service_request_id": report.number, "token": report.number}]
    root = xml(client.get(f"/open311/v2/tokens/{report.number}.xml"))
    assert root.findtext("request/token") == report.number
    assert client.get("/open311/v2/tokens/onbekend.xml").status_code == 404
    assert client.get(f"/open311/v2/tokens/{report.token}.json").status_code == 404  # the tracking secret is no token


def test_status_notes_are_the_public_history(client, gemeente):
    report = make(gemeente)
    assert client.get(f"/open311/v2/requests/{report.number}.json").json()[0]["status_notes"] == "Melding ontvangen."
    assert client.get("/open311/v2/requests.json").json()[0]["status_notes"] == "Melding ontvangen."


def test_script_in_description_escaped_in_xml_plain_in_json(client, gemeente):
    report = make(gemeente, description='<script>alert("x")</script> & meer')
    body = client.get(f"/open311/v2/requests/{report.number}.xml").content
    assert b"<script>" not in body and b"&lt;script&gt;" in body
    assert ET.fromstring(body).findtext("request/description") == '<script>alert("x")</script> & meer'
    assert client.get(f"/open311/v2/requests/{report.number}.json").json()[0]["description"] == (
        '<script>alert("x")</script> & meer')


def test_unknown_extension_and_method(client, gemeente):
    assert client.get("/open311/v2/services.html").status_code == 404
    assert client.delete("/open311/v2/requests.json").status_code == 405
    assert client.post("/open311/v2/services.json").status_code == 405
