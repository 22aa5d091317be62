"""Finding an asset: the results page (`/g/<slug>/zoeken/?q=...`, also the target of the search box in
the header) and the page-internal JSON the map's search box asks while the user types."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from wijkwerk.municipalities.pages import gemeente_page, render_page

from .models import Asset
from .search_keys import address_text
from .selectors import asset_search

MAP_RESULTS = 10  # suggestions under the map's search box
MAX_QUERY = 200


def asset_address(asset: Asset) -> str:
    return address_text(asset.attributes)


def _query(request: HttpRequest) -> str:
    return (request.GET.get("q") or "").strip()[:MAX_QUERY]


@gemeente_page()
@require_GET
def asset_search_page(request: HttpRequest, gemeente) -> HttpResponse:
    query = _query(request)
    assets, more = asset_search(gemeente=gemeente, query=query)
    rows = [
        {
            "asset": asset,
            "type_label": gettext(asset.asset_type.label),
            "address": asset_address(asset),
            "map_url": f"{reverse('asset-map', args=[gemeente.slug])}?asset={asset.pk}",
        }
        for asset in assets
    ]
    context = {"nav": "search", "query": query, "rows": rows, "more": more}
    return render_page(request, "assets/search.html", context, gemeente=gemeente)


@gemeente_page()
@require_GET
def asset_search_data(request: HttpRequest, gemeente) -> JsonResponse:
    """The first matches for the map's search box: id, type (code and label), source key, address,
    buurt, location and the asset page."""
    assets, more = asset_search(gemeente=gemeente, query=_query(request), limit=MAP_RESULTS)
    detail = reverse("asset-detail", args=[gemeente.slug, 0]).replace("/0/", "/{id}/")
    results = [
        {
            "id": asset.pk,
            "type": asset.asset_type.code,
            "label": gettext(asset.asset_type.label),
            "external_id": asset.external_id,
            "address": asset_address(asset),
            "buurt": asset.buurt.name if asset.buurt else "",
            "lon": asset.lon,
            "lat": asset.lat,
            "url": detail.replace("{id}", str(asset.pk)),
        }
        for asset in assets
    ]
    return JsonResponse({"results": results, "more": more})
