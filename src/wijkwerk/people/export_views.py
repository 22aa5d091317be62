"""The download of a participant's own data (right of access), for its job coach."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wijkwerk.municipalities.pages import gemeente_page

from .export import participant_export_bytes
from .selectors import participant_get


@never_cache
@gemeente_page(None)
@require_GET
def participant_export(request, gemeente, public_id: str):
    participant = participant_get(user=request.user, gemeente=gemeente, public_id=public_id, origin="web",
                                  purpose="export")
    response = HttpResponse(participant_export_bytes(participant=participant), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="deelnemer-{participant.public_id}.json"'
    return response
