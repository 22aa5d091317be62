"""Pages: the overview of a municipality per wijk and buurt, with counts by asset type."""

from django.http import HttpRequest, HttpResponse

from wijkwerk.municipalities.pages import gemeente_page, render_page

from .overview import area_overview


@gemeente_page()
def overview(request: HttpRequest, gemeente) -> HttpResponse:
    data = area_overview(gemeente=gemeente)
    return render_page(request, "areas/overview.html", {"overview": data, "nav": "overview"}, gemeente=gemeente)
