"""The execution pages as a user sees them: lists with filters, an order with its history and the
status changes the role allows, orders by hand, completion, catalogue, workers, teams, insight."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import login_verified
from tests.core.http import login
from tests.work.helpers import make_work_town
from tests.work.test_completion import jpeg_with_gps
from wijkwerk.municipalities import roles
from wijkwerk.work.models import Activity, Team, Worker, WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def town(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return make_work_town()


def url(name, town, *args):
    return reverse(name, args=[town.gemeente.slug, *args])


def text(response) -> str:
    return response.content.decode()


def test_the_order_list_filters_on_status_area_activity_origin_and_overdue(town):
    client = login(town.users[roles.RAADPLEGER])
    page = text(client.get(url("work-orders", town)))
    assert "WO-1" in page and "WO-2" in page and "WO-3" in page and "3 werkorders" in page
    assert "Nieuwe werkorder" not in page  # a reader makes no orders
    assert "WO-2" in text(client.get(url("work-orders", town) + "?overdue=on"))
    assert "WO-1" not in text(client.get(url("work-orders", town) + "?overdue=on"))
    only_planned = text(client.get(url("work-orders", town) + "?status=gepland"))
    assert "WO-1" in only_planned and "WO-2" not in only_planned
    in_b2 = text(client.get(url("work-orders", town) + "?area=B2"))
    assert "WO-2" in in_b2 and "WO-1" not in in_b2
    schouw = text(client.get(url("work-orders", town) + "?origin=schouw"))
    assert "WO-3" in schouw and "WO-2" not in schouw
    mowing = text(client.get(url("work-orders", town) + "?activity=gras-maaien"))
    assert "WO-2" in mowing and "WO-1" not in mowing


def test_an_order_shows_its_facts_people_and_only_the_changes_the_role_may_make(town):
    page = text(login(town.users[roles.UITVOERDER]).get(url("work-order", town, "WO-1")))
    assert "Bank herstellen" in page and "Anna de Vries" in page and "leert Straatmeubilair" in page
    assert "Start het werk" in page and "Gereed melden" in page and "Goedkeuren" not in page
    checker = text(login(town.users[roles.INSPECTEUR]).get(url("work-order", town, "WO-3")))
    assert "Goedkeuren" in checker and "Afkeuren" in checker and "Gereed melden" not in checker
    reader = text(login(town.users[roles.RAADPLEGER]).get(url("work-order", town, "WO-1")))
    assert "Status wijzigen" not in reader and "Gereed melden" not in reader


def test_a_status_change_is_appended_to_the_history_and_refused_changes_say_why(town):
    client = login(town.users[roles.INSPECTEUR])
    response = client.post(url("work-order-status", town, "WO-3"), {"to": "afgekeurd", "reason": ""}, follow=True)
    assert "Geef een reden op" in text(response)
    response = client.post(url("work-order-status", town, "WO-3"), {"to": "afgekeurd", "reason": "Randen niet gemaaid"},
                           follow=True)
    page = text(response)
    assert "is nu ‘Afgekeurd’" in page and "Randen niet gemaaid" in page
    # a reader may not, whatever the form says
    reader = login(town.users[roles.RAADPLEGER])
    assert reader.post(url("work-order-status", town, "WO-2"), {"to": "vervallen", "reason": "x"}).status_code == 403
    assert WorkOrder.objects.get(code="WO-2").status == WorkOrder.Status.NEW


def test_an_order_by_hand_gets_hours_from_the_norm_and_bad_input_is_shown(town):
    client = login(town.users[roles.BEHEERDER])
    response = client.post(url("work-order-new", town), {
        "activity": "bank-vervangen", "quantity": "2", "assets": "BANK-7", "priority": "2", "code": ""})
    order = WorkOrder.objects.get(origin="hand", activity__code="bank-vervangen")
    assert response.status_code == 302 and str(order.hours) == "6.00" and order.buurt.code == "B1"
    bad = client.post(url("work-order-new", town), {"activity": "bank-vervangen", "quantity": "1",
                                                    "assets": "BESTAAT-NIET", "priority": "3"})
    assert bad.status_code == 400 and "bestaat niet in deze gemeente" in text(bad)
    negative = client.post(url("work-order-new", town), {"activity": "bank-vervangen", "quantity": "1",
                                                         "hours": "-3", "lat": "52.05", "lon": "5.05", "priority": "3"})
    assert negative.status_code == 400 and "negatief" in text(negative)
    assert login(town.users[roles.RAADPLEGER]).get(url("work-order-new", town)).status_code == 403


def test_completing_on_the_page_records_hours_photos_and_the_benchs_condition(town):
    client = login(town.users[roles.UITVOERDER])
    form = text(client.get(url("work-order-complete", town, "WO-1")))
    assert "Anna de Vries" in form and "Conditie na afloop" in form
    anna, bram = town.workers["anna"], town.workers["bram"]
    response = client.post(url("work-order-complete", town, "WO-1"), {
        f"hours_{anna.pk}": "1,5", f"hours_{bram.pk}": "1.5", "material_name_0": "Lak", "material_quantity_0": "1",
        "material_unit_0": "l", "condition": "2", "remarks": "Geschuurd", "before": [jpeg_with_gps()],
        "after": [jpeg_with_gps("na.jpg")]}, follow=True)
    page = text(response)
    assert "is gereed gemeld" in page and "Lak 1 l" in page and "leeruren Straatmeubilair" in page
    town.bench.refresh_from_db()
    assert town.bench.condition == 2
    photo = WorkOrder.objects.get(code="WO-1").photos.first()
    image = client.get(url("work-order-photo", town, "WO-1", photo.pk))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_completing_with_a_file_that_is_no_photo_saves_nothing(town):
    client = login(town.users[roles.UITVOERDER])
    response = client.post(url("work-order-complete", town, "WO-1"), {
        f"hours_{town.workers['anna'].pk}": "2", "before": [SimpleUploadedFile("x.jpg", b"geen foto")]})
    assert response.status_code == 400 and "is geen foto" in text(response)
    assert WorkOrder.objects.get(code="WO-1").status == WorkOrder.Status.PLANNED


def test_photos_are_only_for_members_who_may_see_the_work(town):
    client = Client()
    login_verified(client, town.users[roles.JOBCOACH])  # the second sign-in step done: refused for the role
    assert client.get(url("work-order", town, "WO-1")).status_code == 403


def test_the_catalogue_page_lists_and_changes_activities(town):
    client = login(town.users[roles.BEHEERDER])
    page = text(client.get(url("work-catalogue", town)))
    assert "Boom snoeien" in page and "Kettingzaag (ECC)" in page
    response = client.post(url("work-catalogue", town), {
        "form": "activity", "code": "graffiti", "name": "Graffiti verwijderen", "unit": "m2", "norm_hours": "0,2",
        "skills": ["meubilair"], "active": "on"})
    assert response.status_code == 302
    assert str(Activity.objects.get(gemeente=town.gemeente, code="graffiti").norm_hours) == "0.200"
    reader = login(town.users[roles.RAADPLEGER])
    assert "Activiteit opslaan" not in text(reader.get(url("work-catalogue", town)))
    assert reader.post(url("work-catalogue", town), {"form": "skill", "skill-code": "x", "skill-name": "X"}
                       ).status_code == 403


def test_workers_page_shows_planning_details_only_to_those_who_plan(town):
    planner = text(login(town.users[roles.UITVOERDER]).get(url("work-workers", town)))
    assert "Bram Jansen" in planner and "beschermd werk" in planner and "verloopt binnenkort" in planner
    reader = text(login(town.users[roles.RAADPLEGER]).get(url("work-workers", town)))
    assert "Bram Jansen" in reader and "beschermd werk" not in reader and "Leerdoelen" not in reader


def test_a_worker_and_a_team_are_made_on_their_pages(town):
    client = login(town.users[roles.BEHEERDER])
    org = town.workers["anna"].organisation
    future = (datetime.date.today() + datetime.timedelta(days=90)).isoformat()
    response = client.post(url("work-workers", town), {
        "name": "Cor", "organisation": str(org.pk), "skills": ["maaien"], "certificates": f"bosmaaier:{future}",
        "hours_per_week": "24", "days": ["ma", "di", "wo"]})
    assert response.status_code == 302
    assert Worker.objects.get(name="Cor").day_codes == ["ma", "di", "wo"]
    expired = client.post(url("work-workers", town), {
        "name": "Dirk", "organisation": str(org.pk), "certificates": "vca:2001-01-01", "hours_per_week": "24",
        "days": ["ma"]})
    assert expired.status_code == 400 and "verlopen" in text(expired)
    response = client.post(url("work-teams", town), {"name": "Team Zuid", "members": [str(town.workers["bram"].pk)]})
    assert response.status_code == 302 and Team.objects.get(name="Team Zuid").workers.get() == town.workers["bram"]


def test_the_dashboard_and_its_excel(town):
    client = login(town.users[roles.BEHEERDER])
    page = text(client.get(url("work-insight", town)))
    assert "Werkvoorraad per gebied en activiteit" in page and "Wijk Een" in page and "WO-2" in page
    response = client.get(url("work-insight-xlsx", town))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert {"Werkvoorraad", "Te laat", "Uren per organisatie", "Leeruren"} <= set(book.sheetnames)
    assert [c.value for c in book["Te laat"][2]][0] == "WO-2"
    reader = login(town.users[roles.RAADPLEGER])
    assert "Leeruren" not in openpyxl.load_workbook(io.BytesIO(reader.get(url("work-insight-xlsx", town)).content)
                                                    ).sheetnames
