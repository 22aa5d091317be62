"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) under /open311/v2/: discovery, services,
service definitions, service requests (GET a list or one; POST with a client's API key) and tokens,
each as `.xml` or `.json` (no extension: XML).

`jurisdiction_id` is the municipality's slug; it may be left out while there is only one. A posted
request goes through the same service as the public page (reports.report_create), marked as source
Open311 with the posting client. Requests are made at once, so the answer to a POST carries the
service_request_id (the report's public number); the token of a request is that number too. The
reporter's contact details are never in an answer. Errors are the specification's list of
{code, description} with the HTTP status of the first one.
"""

import datetime
import functools

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from wijkwerk.core.auth import client_ip
from wijkwerk.core.tokens import hash_key
from wijkwerk.municipalities.models import Gemeente

from . import selectors
from .categories import categories_defaults_ensure
from .open311_keys import open311_client_for_key
from .open311_render import (
    ROOT_DEFINITION,
    ROOT_DISCOVERY,
    ROOT_REQUESTS,
    ROOT_SERVICES,
    render,
    render_errors,
    timestamp,
)
from .report_models import CLOSED_STATUSES, Report, ReportEvent, ReportStatus, ServiceCategory
from .reports import report_create

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-03T00:00:00+01:00"  # the date this implementation last changed
DEFAULT_DAYS = 90  # GET requests without dates: the last 90 days (the specification's default)
MAX_RESULTS = 1000
OPEN_STATUSES = [s for s in ReportStatus.values if s not in CLOSED_STATUSES]
# report_create's field names -> the names an Open311 client posted.
FIELD_NAMES = {"category": "service_code", "lon": "long", "address": "address_string", "photo": "media",
               "name": "first_name"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def _gemeente(params) -> Gemeente:
    slug = (params.get("jurisdiction_id") or "").strip()
    if slug:
        gemeente = Gemeente.objects.filter(slug=slug).first()
        if gemeente is None:
            raise Open311Error(404, _("Onbekende jurisdiction_id '%(slug)s'.") % {"slug": slug[:60]})
        return gemeente
    only = list(Gemeente.objects.all()[:2])
    if len(only) != 1:
        raise Open311Error(400, _("Geef jurisdiction_id (de code van de gemeente)."))
    return only[0]


def _categories(gemeente) -> list[ServiceCategory]:
    if not ServiceCategory.objects.filter(gemeente=gemeente).exists():
        categories_defaults_ensure(gemeente=gemeente)
    return list(selectors.category_list(gemeente=gemeente, active_only=True))


def _endpoint(view):
    """Turns Open311Error into the error list in the format asked for."""
    @functools.wraps(view)
    def wrapped(request, fmt=None, **kwargs):
        fmt = fmt or "xml"
        try:
            return view(request, fmt, **kwargs)
        except Open311Error as exc:
            return render_errors([(exc.status, exc.description)], fmt=fmt)
    return wrapped


# --- Data in the specification's fields -----------------------------------------------------------

def service_data(category: ServiceCategory) -> dict:
    return {"service_code": category.code, "service_name": category.name, "description": category.description,
            "metadata": bool(category.attributes), "type": "realtime", "keywords": "", "group": category.group}


def definition_data(category: ServiceCategory) -> dict:
    attributes = []
    for order, spec in enumerate(category.attributes or [], start=1):
        datatype = spec.get("datatype") or "string"
        attribute = {
            "variable": True, "code": str(spec.get("code", "")), "datatype": datatype,
            "required": bool(spec.get("required")), "datatype_description": spec.get("datatype_description", ""),
            "order": spec.get("order", order), "description": spec.get("description", ""),
        }
        if datatype in ("singlevaluelist", "multivaluelist"):
            attribute["values"] = [{"key": str(v.get("key", "")), "name": v.get("name", "")}
                                   for v in spec.get("values") or []]
        attributes.append(attribute)
    return {"service_code": category.code, "attributes": attributes}


def status_notes(reports: list[Report]) -> dict[int, str]:
    """The latest public note of each report in one query (selectors.public_status_note per list)."""
    notes: dict[int, str] = {}
    events = (ReportEvent.objects.filter(report__in=[r.pk for r in reports], public=True).exclude(text="")
              .order_by("report_id", "at", "id").values_list("report_id", "text"))
    for report_id, text in events:
        notes[report_id] = text  # the last one wins
    return notes


def request_data(report: Report, note: str | None = None) -> dict:
    """One service request as the public sees it: never the reporter's contact details."""
    return {
        "service_request_id": report.number,
        "status": "closed" if report.status in CLOSED_STATUSES else "open",
        "status_notes": selectors.public_status_note(report) if note is None else note,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.gemeente.name,
        "service_notice": "",
        "requested_datetime": timestamp(report.created),
        "updated_datetime": timestamp(report.updated),
        "expected_datetime": timestamp(report.deadline),
        "address": report.address,
        "address_id": "",
        "zipcode": "",
        "lat": report.lat,
        "long": report.lon,
        "media_url": "",
    }


# --- Views ----------------------------------------------------------------------------------------

@require_GET
@_endpoint
def discovery(request, fmt):
    """Where the endpoints are and what they speak."""
    data = {
        "changeset": CHANGESET,
        "contact": _("Neem contact op met uw gemeente."),
        "key_service": _("Een API-sleutel om meldingen te versturen vraagt u aan bij de gemeente."),
        "endpoints": [{
            "specification": SPECIFICATION, "url": request.build_absolute_uri("/open311/v2/"),
            "changeset": CHANGESET, "type": "production", "formats": ["text/xml", "application/json"],
        }],
    }
    return render(data, fmt=fmt, root=ROOT_DISCOVERY)


@require_GET
@_endpoint
def services(request, fmt):
    gemeente = _gemeente(request.GET)
    return render([service_data(c) for c in _categories(gemeente)], fmt=fmt, root=ROOT_SERVICES)


@require_GET
@_endpoint
def service_definition(request, fmt, code):
    gemeente = _gemeente(request.GET)
    _categories(gemeente)
    category = selectors.category_get(gemeente=gemeente, code=code)
    if category is None or not category.active:
        raise Open311Error(404, _("Onbekende service_code '%(code)s'.") % {"code": code[:60]})
    return render(definition_data(category), fmt=fmt, root=ROOT_DEFINITION)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@_endpoint
def requests(request, fmt):
    if request.method == "POST":
        return _post(request, fmt)
    gemeente = _gemeente(request.GET)
    reports = selectors.report_list(gemeente=gemeente, **_filters(request.GET))
    reports = list(reports.select_related("category", "gemeente")[:MAX_RESULTS])
    notes = status_notes(reports)
    return render([request_data(r, notes.get(r.pk, "")) for r in reports], fmt=fmt, root=ROOT_REQUESTS)


@require_GET
@_endpoint
def request_detail(request, fmt, number):
    report = _report(_gemeente(request.GET), number)
    return render([request_data(report)], fmt=fmt, root=ROOT_REQUESTS)


@require_GET
@_endpoint
def token(request, fmt, token_id):
    """A request's token is its number: the request was made at once, so the id is known."""
    report = _report(_gemeente(request.GET), token_id)
    return render([{"service_request_id": report.number, "token": report.number}], fmt=fmt, root=ROOT_REQUESTS)


def _report(gemeente, number: str) -> Report:
    try:
        report = selectors.report_get(gemeente=gemeente, number=number)
    except (Report.DoesNotExist, Http404):
        report = None
    if report is None:
        raise Open311Error(404, _("Onbekende service_request_id '%(id)s'.") % {"id": number[:40]})
    return report


def _when(value: str, name: str, *, end: bool = False) -> datetime.datetime | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value.replace(" ", "+"))  # a '+' in a query string arrives as a space
        if moment is None:
            day = parse_date(value)
            if day is not None:
                moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(name)s is geen datum en tijd volgens ISO 8601.") % {"name": name})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _codes(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def _filters(params) -> dict:
    """The specification's filters. With service_request_id the others are ignored (as it says);
    without dates the last 90 days."""
    numbers = _codes(params.get("service_request_id", ""))
    if numbers:
        return {"numbers": numbers[:MAX_RESULTS]}
    filters: dict = {}
    status = (params.get("status") or "").strip().lower()
    if status:
        chosen = {s.strip() for s in status.split(",") if s.strip()}
        if not chosen <= {"open", "closed"}:
            raise Open311Error(400, _("status is 'open' of 'closed'."))
        filters["statuses"] = ((OPEN_STATUSES if "open" in chosen else [])
                               + (list(CLOSED_STATUSES) if "closed" in chosen else []))
    codes = _codes(params.get("service_code", ""))
    if codes:
        filters["category_codes"] = codes
    start = _when(params.get("start_date", ""), "start_date")
    end = _when(params.get("end_date", ""), "end_date", end=True)
    if start is None and end is None:
        start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
    elif start is not None and end is not None and start > end:
        raise Open311Error(400, _("start_date ligt na end_date."))
    filters.update(start=start, end=end)
    return filters


# --- POST -----------------------------------------------------------------------------------------

def _throttle(who: str) -> None:
    """At most WIJKWERK_OPEN311_POSTS_PER_MINUTE posts a minute per `who` (an API key's hash, or an
    address), counted in the cache."""
    limit = getattr(settings, "WIJKWERK_OPEN311_POSTS_PER_MINUTE", 60)
    if not limit:
        return
    bucket = f"open311:posts:{who}:{int(timezone.now().timestamp() // 60)}"
    cache.add(bucket, 0, timeout=120)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=120)
        count = 1
    if count > limit:
        raise Open311Error(429, _("Te veel meldingen in korte tijd. Probeer het over een minuut opnieuw."))


def _number(value: str, name: str) -> float | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise Open311Error(400, _("%(name)s is geen getal.") % {"name": name}) from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Open311Error(400, _("%(name)s is geen getal.") % {"name": name})
    return number


def _attributes(params) -> dict:
    """attribute[CODE]=value, and for a multivaluelist attribute[CODE][]=value (repeated)."""
    answers: dict = {}
    for name in params:
        if not name.startswith("attribute[") or "]" not in name:
            continue
        code = name[len("attribute["):name.index("]")]
        if name.endswith("[]"):
            answers[code] = [v for v in params.getlist(name) if v != ""]
        else:
            values = params.getlist(name)
            answers[code] = values if len(values) > 1 else (values[0] if values else "")
    return answers


def _post(request, fmt):
    params = request.POST
    # Some clients put jurisdiction_id in the query string of the POST.
    gemeente = _gemeente(params if params.get("jurisdiction_id") else request.GET)
    key = (params.get("api_key") or "").strip()
    _throttle(f"key:{hash_key(key)[:32]}" if key else f"ip:{client_ip(request)}")
    client = open311_client_for_key(gemeente=gemeente, key=key) if key else None
    if client is None:
        if key:  # guessing keys: each guess is a new key, so count the failures per address too
            _throttle(f"failed:{client_ip(request)}")
        raise Open311Error(403, _("api_key ontbreekt.") if not key else _("api_key is ongeldig."))
    code = (params.get("service_code") or "").strip()
    if not code:
        raise Open311Error(400, _("service_code ontbreekt."))
    category = selectors.category_get(gemeente=gemeente, code=code)
    if category is None or not category.active:
        raise Open311Error(400, _("Onbekende service_code '%(code)s'.") % {"code": code[:60]})
    lat, lon = _number(params.get("lat", ""), "lat"), _number(params.get("long", ""), "long")
    name = " ".join(p for p in ((params.get("first_name") or "").strip(), (params.get("last_name") or "").strip()) if p)
    try:
        report = report_create(
            gemeente=gemeente, category=category, description=params.get("description", ""), lat=lat, lon=lon,
            address=params.get("address_string", ""), email=params.get("email", ""), name=name,
            phone=params.get("phone", ""), attributes=_attributes(params), photo=request.FILES.get("media"),
            source=Report.Source.OPEN311, client=client, actor=f"open311:{client.name}"[:150], origin="api",
        )
    except ValidationError as exc:
        return render_errors(_validation_errors(exc), fmt=fmt, status=400)
    data = [{"service_request_id": report.number, "service_notice": "", "account_id": ""}]
    return render(data, fmt=fmt, root=ROOT_REQUESTS, cors=False)


def _validation_errors(exc: ValidationError) -> list[tuple[int, str]]:
    if not hasattr(exc, "error_dict"):
        return [(400, str(message)) for message in exc.messages]
    errors = []
    for field, messages in exc.message_dict.items():
        for message in messages:
            errors.append((400, f"{FIELD_NAMES.get(field, field)}: {message}"))
    return errors
