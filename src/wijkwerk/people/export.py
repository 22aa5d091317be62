"""Right of access (AVG art. 15): everything Wijkwerk holds about one participant, as a JSON file
the job coach hands over. Made only after `participant_get(purpose="export")`, which audits it."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .api import participant_detail_data
from .models import Participant
from .selectors import participant_detail


def participant_export_data(*, participant: Participant) -> dict:
    data = participant_detail_data(participant)
    data["coaching_notes"] = [{"at": n.at, "author": n.author_label, "text": n.text}
                              for n in participant_detail(participant=participant)["notes"]]
    data["contract_type"] = participant.get_contract_type_display()
    return {"exported": timezone.now(), "participant": data,
            "retention": "Persoonsgegevens worden geanonimiseerd na de bewaartermijn na uitstroom."}


def participant_export_bytes(*, participant: Participant) -> bytes:
    return json.dumps(participant_export_data(participant=participant), cls=DjangoJSONEncoder, ensure_ascii=False,
                      indent=2).encode("utf-8")
