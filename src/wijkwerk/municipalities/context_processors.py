"""What the page layout needs from this app on every page: the user's municipalities for the
switcher in the header (also on pages that know no municipality, such as the password change)."""

from django.utils.functional import SimpleLazyObject

from .selectors import gemeente_list_for_user


def gemeenten(request) -> dict:
    """`user_gemeenten`, read from the database only when the page shows the header's switcher;
    `render_page` passes its own list, which takes precedence."""
    return {"user_gemeenten": SimpleLazyObject(lambda: list(gemeente_list_for_user(user=request.user)))}
