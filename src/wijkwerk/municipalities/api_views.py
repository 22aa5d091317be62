"""The base of every API view of one municipality's data (`/gemeenten/<slug>/...`): the
municipality of the URL, checked against the role action the view declares for the method."""

from django.core.exceptions import ImproperlyConfigured

from wijkwerk.core.api import ApiView, GeoApiView

from .selectors import gemeente_get_for_action


class GemeenteApiView(ApiView):
    """An API view under `/gemeenten/<slug>/`: `self.gemeente(request, slug)` gives the
    municipality (404 for a non-member, 403 without the action of `required_actions`)."""

    # Per HTTP method (lower case) the role action it needs, as in ROLE_PERMISSIONS: the same
    # action as the page showing or changing the same data. None: membership is enough.
    required_actions: dict[str, str | None] = {}

    def gemeente(self, request, slug: str):
        """The municipality of the URL, through `gemeente_get_for_action` with the action this
        view declares for the request's method: 404 for a non-member, 403 without the action."""
        method = "get" if request.method.lower() in ("head", "options") else request.method.lower()
        if method not in self.required_actions:
            raise ImproperlyConfigured(f"{type(self).__name__}.required_actions has no entry for '{method}'.")
        return gemeente_get_for_action(user=request.user, slug=slug, action=self.required_actions[method])


class GemeenteGeoApiView(GemeenteApiView, GeoApiView):
    """A municipality's API view that answers GeoJSON (application/geo+json; plain JSON when asked)."""
