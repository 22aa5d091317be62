"""Rendering for Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): the same data as XML or
JSON, with exactly the element names of the specification.

The views build plain Python data (dicts, lists, strings, numbers, booleans, None); this module turns
it into a response. XML is written with ElementTree, which escapes text (a `<script>` in a
description comes out as `&lt;script&gt;`); JSON carries the same text as a plain string. A list in
XML becomes a wrapper element with one child per item, named by ITEM_TAGS (`services` -> `service`,
`service_requests` -> `request`, ...), as in the specification's examples.
"""

import json
import xml.etree.ElementTree as ET
from datetime import date, datetime, time

from django.http import HttpResponse
from django.utils import timezone

XML = "xml"
JSON = "json"
FORMATS = (XML, JSON)
CONTENT_TYPES = {XML: "text/xml; charset=utf-8", JSON: "application/json; charset=utf-8"}

# The child element of each list in the specification's XML.
ITEM_TAGS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}

# The root of the XML document for each kind of answer (the JSON is the list or object itself).
ROOT_SERVICES = "services"
ROOT_DEFINITION = "service_definition"
ROOT_REQUESTS = "service_requests"
ROOT_ERRORS = "errors"
ROOT_DISCOVERY = "discovery"


def timestamp(value: datetime | date | None) -> str:
    """ISO 8601 with the zone offset (2026-12-03T20:15:00+01:00), in the site's time zone. A date
    (a deadline) means the end of that day."""
    if value is None:
        return ""
    if not isinstance(value, datetime):
        value = timezone.make_aware(datetime.combine(value, time(23, 59, 59)))
    return timezone.localtime(value).isoformat(timespec="seconds")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        tag = ITEM_TAGS.get(element.tag, "item")
        for item in value:
            _fill(ET.SubElement(element, tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def to_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def render(data, *, fmt: str, root: str, status: int = 200, cors: bool = True) -> HttpResponse:
    """The answer in the format asked for (`xml` unless `json`)."""
    fmt = JSON if fmt == JSON else XML
    body = to_json(data) if fmt == JSON else to_xml(root, data)
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])
    if cors:
        response["Access-Control-Allow-Origin"] = "*"
    return response


def render_errors(errors: list[tuple[int, str]], *, fmt: str, status: int | None = None) -> HttpResponse:
    """The specification's error list: [{code, description}], the HTTP status that of the first
    error unless given."""
    data = [{"code": code, "description": description} for code, description in errors]
    return render(data, fmt=fmt, root=ROOT_ERRORS, status=status or errors[0][0])
