"""`wijkwerk import-participants`: good rows written (each with its audit record), bad rows refused
with row, column and reason; a second run changes nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.people.helpers import sw_setup
from wijkwerk.core.models import AuditLogEntry
from wijkwerk.people.models import Contract, Participant, SocialReturnTable

pytestmark = pytest.mark.django_db

CSV = """name,target_group,start,end,hours_per_week,contract,birth_year
Anna de Vries,participatiewet,2025-03-01,,36,WIJK-2024,1980
Bert Bakker,banenafspraak,2024-09-01,2025-08-31,25.5,WIJK-2024,1990
Cor Cornelis,onbekend,2025-01-01,,36,WIJK-2024,1985
Dirk Dekker,ww,2025-05-01,2025-04-01,36,WIJK-2024,1975
Els Eerland,wia,2025-02-01,,9000,WIJK-2024,1970
Fien Fransen,ww,2025-02-01,,36,GEEN-CONTRACT,1970
"""


def run(path, slug, organisation="Tomin"):
    out = []

    class Out:
        def write(self, text, *a, **k):
            out.append(text)

        def flush(self):
            pass

    call_command("import_participants", str(path), gemeente=slug, organisation=organisation, as_json=True,
                 stdout=Out())
    return json.loads("".join(out))


def test_import_writes_good_rows_and_refuses_bad_ones_with_reasons(tmp_path):
    gemeente, sw, *_ = sw_setup()
    Contract.objects.create(gemeente=gemeente, code="WIJK-2024", name="Wijkonderhoud", value_per_year=2_000_000,
                            table=SocialReturnTable.objects.get(name="Haaglanden"))
    path = tmp_path / "deelnemers.csv"
    path.write_text(CSV, encoding="utf-8")
    report = run(path, gemeente.slug)
    assert report["created"] == 2 and report["rejected"] == 4
    reasons = {(e["row"], e["field"]): e["message"] for e in report["errors"]}
    assert "Onbekende doelgroep ‘onbekend’" in reasons[(4, "target_group")]
    assert "vóór de startdatum" in reasons[(5, "end")]
    assert "meer dan een jaar" in reasons[(6, "hours_per_week")]
    assert "Onbekend contract ‘GEEN-CONTRACT’" in reasons[(7, "contract")]
    assert "Cor" not in json.dumps(report["errors"])  # no personal data in the report
    anna = Participant.objects.get(name="Anna de Vries")
    bert = Participant.objects.get(name="Bert Bakker")
    assert anna.worker is not None and anna.contract.code == "WIJK-2024" and anna.birth_year == 1980
    assert bert.phase == "uitstroom" and bert.worker is None
    written = AuditLogEntry.objects.filter(action="people.participant.created")
    assert set(written.values_list("object_id", flat=True)) == {anna.public_id, bert.public_id}
    again = run(path, gemeente.slug)
    assert again["created"] == 0 and again["unchanged"] == 2 and Participant.objects.count() == 2


def test_unknown_organisation_is_a_clear_error(tmp_path):
    gemeente, *_ = sw_setup()
    path = tmp_path / "d.csv"
    path.write_text(CSV, encoding="utf-8")
    with pytest.raises(CommandError, match="bestaat niet"):
        run(path, gemeente.slug, organisation="Niemand")
