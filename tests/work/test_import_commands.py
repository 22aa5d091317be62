"""The bulk commands: bad rows refused one by one with row and reason, the rest written; --json
prints read/created/updated/rejected/errors like import-assets."""

import datetime
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.assets.factories import AssetFactory
from tests.municipalities.factories import GemeenteFactory, OrganisationFactory
from wijkwerk.work.catalogue import catalogue_defaults_ensure
from wijkwerk.work.models import Activity, Worker, WorkOrder

pytestmark = pytest.mark.django_db
FUTURE = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()
PAST = (datetime.date.today() - datetime.timedelta(days=3)).isoformat()


def run(command: str, *args) -> dict:
    out = []

    class Sink:
        def write(self, text):
            out.append(text)

        def flush(self):
            pass

    call_command(command, *args, "--json", stdout=Sink())
    return json.loads("".join(out))


@pytest.fixture
def gemeente():
    g = GemeenteFactory(slug="huizen")
    catalogue_defaults_ensure(gemeente=g)
    return g


def write_csv(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def errors_by_row(report: dict) -> dict[int, tuple[str, str]]:
    return {e["row"]: (e["field"], e["message"]) for e in report["errors"]}


def test_import_activities_creates_updates_and_refuses_rows_on_their_own(gemeente, tmp_path):
    path = write_csv(tmp_path, "activiteiten.csv", (
        "code,name,unit,norm_hours,skills,certificates\n"
        "blad-ruimen,Blad ruimen,m2,0.003,groenonderhoud,\n"
        "hagen-knippen,Hagen knippen,m,0.06,snoeien,vca\n"
        "graffiti,Graffiti verwijderen,m2,0.2,schilderen,\n"
        "stobben,Stobben frezen,st,-1,boomverzorging,\n"
        "kap,Boom kappen,st,2,boomverzorging,kettingzaag;hoogwerker\n"))
    report = run("import_activities", "--gemeente", "huizen", path)
    assert (report["read"], report["created"], report["updated"], report["rejected"]) == (5, 1, 1, 3)
    errors = errors_by_row(report)
    assert errors[4] == ("skills", "Onbekende vaardigheid ‘schilderen’.")
    assert errors[5][0] == "norm_hours" and "negatief" in errors[5][1]
    assert errors[6] == ("certificates", "Onbekend certificaat ‘hoogwerker’.")
    hedge = Activity.objects.get(gemeente=gemeente, code="hagen-knippen")
    assert hedge.norm_hours == Decimal("0.060") and [c.code for c in hedge.certificates.all()] == ["vca"]
    assert not Activity.objects.filter(code__in=["graffiti", "stobben", "kap"]).exists()
    again = run("import_activities", "--gemeente", "huizen", path)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 2, 3)


def test_import_workers_reads_certificates_days_and_yes_no(gemeente, tmp_path):
    OrganisationFactory(gemeente=gemeente, name="SW-bedrijf Tomin")
    path = write_csv(tmp_path, "mensen.csv", (
        "name,skills,certificates,learning,hours_per_week,days,protected,supervisor\n"
        f"Anna de Vries,maaien;snoeien,VCA:{FUTURE};bosmaaier:{FUTURE},straatwerk,32,ma;di;wo;do,nee,ja\n"
        f"Bram,maaien,vca:{PAST},,36,ma;di;wo;do;vr,ja,nee\n"
        "Cor,maaien,vca:31-12-2030,,36,ma,nee,nee\n"
        "Dirk,maaien,,,36,ma;xx,nee,nee\n"
        "Eva,vliegen,,,36,ma,nee,nee\n"
        "Fleur,,,,-4,ma,nee,nee\n"
        "Gijs,,,,20,za;zo,misschien,nee\n"
        "Hans,,,,20,vr,ja,nee\n"))
    report = run("import_workers", "--gemeente", "huizen", "--organisation", "SW-bedrijf Tomin", path)
    assert (report["read"], report["created"], report["rejected"]) == (8, 2, 6)
    errors = errors_by_row(report)
    assert errors[3][0] == "certificates" and "verlopen" in errors[3][1]
    assert errors[4][0] == "certificates" and "geen datum" in errors[4][1]
    assert errors[5][0] == "days" and "xx" in errors[5][1]
    assert errors[6] == ("skills", "Onbekende vaardigheid ‘vliegen’.")
    assert errors[7][0] == "hours_per_week" and "negatief" in errors[7][1]
    assert errors[8] == ("protected", "‘misschien’ is geen ja of nee.")
    anna = Worker.objects.get(name="Anna de Vries")
    assert anna.day_codes == ["ma", "di", "wo", "do"] and anna.may_supervise and not anna.protected
    assert {c.certificate_type.code for c in anna.certificates.all()} == {"vca", "bosmaaier"}
    assert [s.code for s in anna.learning.all()] == ["straatwerk"]
    assert Worker.objects.get(name="Hans").protected


def test_import_workers_for_an_unknown_organisation_fails_in_one_line(gemeente, tmp_path):
    path = write_csv(tmp_path, "mensen.csv", "name,skills,certificates,learning,hours_per_week,days,protected,"
                                             "supervisor\nAnna,,,,36,ma,nee,nee\n")
    with pytest.raises(CommandError, match="Organisatie 'Onbekend' bestaat niet"):
        call_command("import_workers", "--gemeente", "huizen", "--organisation", "Onbekend", path)


def test_import_work_orders_from_xlsx_asset_or_position_and_hours_from_the_norm(gemeente, tmp_path):
    bench = AssetFactory(gemeente=gemeente, external_id="BANK-1", type_code="bench", lon=5.2, lat=52.3)
    AssetFactory(gemeente=GemeenteFactory(), external_id="VREEMD-1")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["code", "activity", "asset", "lat", "lon", "quantity", "deadline", "priority"])
    sheet.append(["W-1", "bank-vervangen", "BANK-1", None, None, 1, datetime.date(2026, 9, 1), "hoog"])
    sheet.append(["W-2", "onkruid-verharding", None, 52.09, 5.12, 250, "2026-07-01", 3])
    sheet.append(["W-3", "vliegeren", None, 52.09, 5.12, 1, None, 3])
    sheet.append(["W-4", "bank-herstellen", "VREEMD-1", None, None, 1, None, 3])
    sheet.append(["W-5", "bank-herstellen", None, 52.09, 5.12, -2, None, 3])
    sheet.append(["W-6", "bank-herstellen", None, None, None, 1, None, 3])
    sheet.append(["W-7", "bank-herstellen", None, 52.09, 5.12, 1, "volgende week", 3])
    sheet.append(["W-8", "bank-herstellen", None, 52.09, 5.12, 1, None, 9])
    path = tmp_path / "orders.xlsx"
    book.save(path)
    report = run("import_work_orders", "--gemeente", "huizen", str(path))
    assert (report["read"], report["created"], report["rejected"]) == (8, 2, 6)
    errors = errors_by_row(report)
    assert errors[4] == ("activity", "Onbekende activiteit ‘vliegeren’.")
    assert errors[5] == ("asset", "Het asset ‘VREEMD-1’ hoort bij een andere gemeente.")
    assert errors[6][0] == "quantity" and "negatief" in errors[6][1]
    assert errors[7][0] == "asset"
    assert errors[8][0] == "deadline"
    assert errors[9][0] == "priority"
    first = WorkOrder.objects.get(code="W-1")
    assert list(first.assets.all()) == [bench] and first.hours == Decimal("3.00") and first.priority == 2
    assert WorkOrder.objects.get(code="W-2").hours == Decimal("2.50")  # 250 m2 x 0.01
    assert not WorkOrder.objects.filter(code__in=["W-3", "W-4", "W-5", "W-6", "W-7", "W-8"]).exists()


def test_reimporting_an_order_updates_it_while_new_and_appends_the_change(gemeente, tmp_path):
    text = "code,activity,asset,lat,lon,quantity,deadline,priority\nW-1,bank-herstellen,,52.09,5.12,{q},,3\n"
    run("import_work_orders", "--gemeente", "huizen", write_csv(tmp_path, "a.csv", text.format(q=1)))
    same = run("import_work_orders", "--gemeente", "huizen", write_csv(tmp_path, "b.csv", text.format(q=1)))
    more = run("import_work_orders", "--gemeente", "huizen", write_csv(tmp_path, "c.csv", text.format(q=2)))
    assert same["unchanged"] == 1 and more["updated"] == 1
    order = WorkOrder.objects.get(code="W-1")
    assert order.hours == Decimal("3.00")
    assert order.events.last().detail["changes"]["quantity"] == ["1.00", "2.00"]
    WorkOrder.objects.filter(pk=order.pk).update(status=WorkOrder.Status.PLANNED)
    late = run("import_work_orders", "--gemeente", "huizen", write_csv(tmp_path, "d.csv", text.format(q=5)))
    assert late["rejected"] == 1 and "kan niet meer worden gewijzigd" in late["errors"][0]["message"]


def test_a_file_without_the_columns_or_an_unknown_gemeente_fails_in_one_dutch_line(gemeente, tmp_path):
    path = write_csv(tmp_path, "x.csv", "naam,iets\nA,B\n")
    with pytest.raises(CommandError, match="Kolom\\(men\\) ontbreken"):
        call_command("import_activities", "--gemeente", "huizen", path)
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("import_activities", "--gemeente", "nergens", path)
