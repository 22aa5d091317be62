"""Execution in a real browser on a phone (360 x 740): find the order, complete it with hours,
a material line added by the page's script, a photo and the new condition; the page fits the
screen and axe-core finds no serious or critical accessibility problems. Also the order list,
the catalogue and the dashboard on a desktop screen."""

import io

import pytest
from PIL import Image

from tests.municipalities.factories import PASSWORD
from tests.work.helpers import make_work_town
from wijkwerk.work.models import WorkCompletion, WorkOrder

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 360, "height": 740}


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def fits_the_screen(page) -> bool:
    """Nothing in the page's content reaches past the screen's right edge, except inside a table
    that scrolls on its own (the site header is the layout's, shared by every page)."""
    return page.evaluate("Array.from(document.querySelectorAll('#inhoud *')).filter(e => !e.closest('.table-wrap'))"
                         ".every(e => e.getBoundingClientRect().right <= window.innerWidth + 1)")


def test_completing_an_order_on_a_phone(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    town = make_work_town("telefoonstad")
    photo = tmp_path / "na.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (40, 120, 60)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    page.set_viewport_size(PHONE)
    login(page, "telefoonstad-uitvoerder")
    page.wait_for_url("**/g/telefoonstad/")
    page.goto("/g/telefoonstad/werkorders/")
    assert axe_serious(page) == []
    page.get_by_role("link", name="WO-1").click()
    page.wait_for_url("**/werkorders/WO-1/")
    assert axe_serious(page) == []
    page.get_by_role("link", name="Gereed melden").click()
    page.wait_for_url("**/gereedmelden/")
    assert fits_the_screen(page)
    assert axe_serious(page) == []

    page.get_by_label("Anna de Vries").fill("1,5")
    page.get_by_label("Bram Jansen").fill("1,5")
    page.get_by_label("Materiaal").first.fill("Lak")
    page.get_by_role("button", name="Nog een materiaal").click()
    page.locator("#material-name-3").fill("Schroeven")
    page.locator("#material-quantity-3").fill("8")
    page.get_by_label("Foto's achteraf").set_input_files(str(photo))
    page.get_by_label("Conditie na afloop (NEN 2767)").select_option("2")
    page.get_by_label("Opmerkingen").fill("Bank geschuurd en gelakt")
    page.get_by_role("button", name="Werkorder gereed melden").click()
    page.wait_for_url("**/werkorders/WO-1/")
    page.get_by_text("is gereed gemeld").wait_for()
    assert fits_the_screen(page)
    assert axe_serious(page) == []

    order = WorkOrder.objects.get(code="WO-1")
    assert order.status == WorkOrder.Status.DONE
    assert [m["name"] for m in WorkCompletion.objects.get(order=order).materials] == ["Lak", "Schroeven"]
    assert order.photos.count() == 1
    town.bench.refresh_from_db()
    assert town.bench.condition == 2
    assert page.js_errors == []


def test_bad_hours_on_a_phone_are_told_and_nothing_is_saved(page, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    make_work_town("telefoonstad")
    page.set_viewport_size(PHONE)
    login(page, "telefoonstad-uitvoerder")
    page.wait_for_url("**/g/telefoonstad/")
    page.goto("/g/telefoonstad/werkorders/WO-1/gereedmelden/")
    page.get_by_label("Anna de Vries").fill("-2")
    page.get_by_label("Bram Jansen").fill("")
    page.get_by_role("button", name="Werkorder gereed melden").click()
    page.get_by_role("alert").get_by_text("mogen niet negatief zijn").wait_for()
    assert axe_serious(page) == []
    assert WorkOrder.objects.get(code="WO-1").status == WorkOrder.Status.PLANNED


def test_the_desktop_pages_pass_axe(page):
    make_work_town("bureaustad")
    login(page, "bureaustad-beheerder")
    page.wait_for_url("**/g/bureaustad/")
    for path in ("werkorders/", "werkorders/WO-3/", "werkorders/nieuw/", "uitvoering/catalogus/",
                 "uitvoering/medewerkers/", "uitvoering/teams/", "uitvoering/inzicht/"):
        page.goto(f"/g/bureaustad/{path}")
        assert axe_serious(page) == [], path
    assert page.js_errors == []
