"""Schouw and condition pages in a real browser: the rounds page fits a 360 px phone; a done round
says so on every page and offers no "Schouwen"; a manager marks a round done; condition files are
uploaded on the page (check, refused rows, confirm); the levels are explained; no English codes;
axe finds nothing serious and no duplicate landmark names at 360 and 1280 px."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.assets.factories import make_asset
from tests.inspections.helpers import make_town
from tests.municipalities.factories import PASSWORD, UserFactory, make_member
from wijkwerk.inspections.models import ConditionInspection, InspectionRound
from wijkwerk.inspections.quality.plots import plot_record
from wijkwerk.inspections.quality.services import round_plan, round_set_status

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
HEADER = "bronsleutel,element,vervangingswaarde,gebrek,ernst,intensiteit,omvang,datum\n"


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/g/**")


def make_schouw():
    """A town with a manager, an open round with scores (long name) and a done round; a tree and a
    street light with a condition."""
    gemeente, _wijk, b1, _b2 = make_town()
    beheer = UserFactory(username="beheer", password=PASSWORD)
    make_member(beheer, gemeente, "beheerder")
    open_round = round_plan(gemeente=gemeente, name="Voorjaar 2026, hele gemeente inclusief parken",
                            plots_per_buurt=3, seed=1, aspects=["gras", "onkruid-verharding"])
    for plot in open_round.plots.order_by("code")[:3]:
        plot_record(plot=plot, scores={"gras": "B", "onkruid-verharding": {"value": "3"}})
    done = round_plan(gemeente=gemeente, name="Najaar 2025", plots_per_buurt=1, seed=2, aspects=["gras"])
    for plot in done.plots.all():
        plot_record(plot=plot, scores={"gras": "A"})
    round_set_status(round=done, status=InspectionRound.Status.DONE)
    tree = make_asset(gemeente, type_code="tree", external_id="BOOM-1", lon=5.05, lat=52.05, buurt=b1, condition=2)
    make_asset(gemeente, type_code="street_light", external_id="MAST-7", lon=5.06, lat=52.05, buurt=b1, condition=4)
    return gemeente, open_round, done, tree


def fits(page, width: int) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width


def landmark_problems(page) -> list[str]:
    """Serious axe violations, and duplicate landmark names (moderate) too."""
    violations = Axe().run(page).response["violations"]
    duplicates = [f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in violations if v["id"] == "landmark-unique"]
    return duplicates + axe_serious(page)


def open_page(page, url: str) -> None:
    page.goto(url)
    if page.locator("#inspections-map").count():
        page.wait_for_function("document.getElementById('inspections-map').dataset.ready === 'true'")


def test_rounds_fit_a_phone_and_a_done_round_says_so_everywhere(page):
    gemeente, open_round, done, _tree = make_schouw()
    login(page, "beheer")
    page.set_viewport_size(PHONE)
    base = f"/g/{gemeente.slug}/schouw"
    open_page(page, f"{base}/")
    assert fits(page, 360)
    rows = page.locator(".rounds-table tbody tr")
    open_row = rows.filter(has_text="Voorjaar 2026")
    done_row = rows.filter(has_text="Najaar 2025")
    for row in (open_row, done_row):  # nothing cut off: every column is on screen
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert "3 van 6 geschouwd" in open_row.inner_text() and "Bezig" in open_row.inner_text()
    assert "Afgerond" in done_row.inner_text()
    assert open_row.get_by_role("link", name="Schouwen").is_visible()
    assert done_row.get_by_role("link", name="Schouwen").count() == 0
    assert done_row.get_by_role("link", name="Uitslag").is_visible()

    for url in (f"{base}/{done.pk}/", f"{base}/{done.pk}/uitslag/", f"{base}/{done.pk}/lijst/"):
        open_page(page, url)
        assert page.get_by_text("Deze schouwronde is afgerond: de uitslag ligt vast en er kan niet meer worden "
                                "geschouwd.").is_visible(), url
        assert page.get_by_role("link", name="Schouwen").count() == 0, url
        assert fits(page, 360), url
    open_page(page, f"{base}/{done.pk}/lijst/")
    assert "A" in page.locator(".print-table tbody td").last.inner_text()  # a done round's list shows its scores
    page.goto(f"{base}/{done.pk}/invoer/")
    page.wait_for_url(f"**{base}/{done.pk}/")
    assert page.get_by_text("U kunt niet meer schouwen in deze ronde.").is_visible()

    # a manager marks the open round done, after confirming
    page.set_viewport_size(DESKTOP)
    open_page(page, f"{base}/{open_round.pk}/")
    assert page.get_by_role("link", name="Schouwen").is_visible()
    page.get_by_text("Is de schouw klaar? Rond de ronde dan af.").click()
    assert page.get_by_text("Er zijn nog 3 open meetlocaties").is_visible()
    page.get_by_role("button", name="Ja, ronde afronden").click()
    page.get_by_text("is afgerond. De uitslag ligt nu vast.").wait_for()
    assert page.get_by_role("link", name="Schouwen").count() == 0
    assert InspectionRound.objects.get(pk=open_round.pk).status == InspectionRound.Status.DONE
    assert page.js_errors == []


def test_condition_files_are_uploaded_on_a_phone(page, tmp_path):
    gemeente, *_ = make_schouw()
    login(page, "beheer")
    page.set_viewport_size(PHONE)
    page.goto(f"/g/{gemeente.slug}/conditie/")
    assert page.get_by_text("wijkwerk import-conditions").count() == 0  # no command on the condition page
    page.get_by_role("link", name="Conditiemetingen inlezen").click()
    assert page.get_by_text("wijkwerk import-conditions").is_visible()  # a hint for large files, further down
    bad = tmp_path / "metingen.csv"
    bad.write_text(HEADER + "MAST-7,mast,1000,roest,serieus,3,75%,2025-06-01\n"
                            "BOOM-9,stam,500,,,,,2025-06-01\n", encoding="utf-8")
    page.get_by_label("Bestand met conditiemetingen").set_input_files(str(bad))
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.get_by_text("1 regel is geweigerd; er is niets opgeslagen.").wait_for()
    refused = page.locator(".refused-table tbody tr")
    assert refused.count() == 1
    assert refused.first.inner_text().split("\t")[:2] == ["3", "asset (bronsleutel)"]
    assert "Asset 'BOOM-9' bestaat niet in deze gemeente." in refused.first.inner_text()
    assert fits(page, 360)
    assert landmark_problems(page) == []

    good = tmp_path / "metingen-goed.csv"
    good.write_text(HEADER + "MAST-7,mast,1000,roest,serieus,3,75%,2025-06-01\n"
                             "BOOM-1,stam,500,,,,,2025-06-02\n", encoding="utf-8")
    page.get_by_label("Bestand met conditiemetingen").set_input_files(str(good))
    page.get_by_role("button", name="Uploaden en controleren").click()
    page.get_by_text("Controle van metingen-goed.csv: alles in orde").wait_for()
    assert not ConditionInspection.objects.exists()
    assert fits(page, 360)
    assert landmark_problems(page) == []
    page.get_by_role("button", name="Bevestigen en inlezen").click()
    page.wait_for_url(f"**/g/{gemeente.slug}/conditie/")
    page.get_by_text("2 conditiemeting(en) van 2 asset(s) ingelezen uit metingen-goed.csv").wait_for()
    assert ConditionInspection.objects.count() == 2
    assert page.js_errors == []


def test_every_schouw_and_condition_page_passes_axe_at_360_and_1280(page):
    gemeente, open_round, done, tree = make_schouw()
    login(page, "beheer")
    base = f"/g/{gemeente.slug}"
    urls = [f"{base}/schouw/", f"{base}/schouw/{open_round.pk}/", f"{base}/schouw/{open_round.pk}/invoer/",
            f"{base}/schouw/{open_round.pk}/uitslag/", f"{base}/schouw/{done.pk}/", f"{base}/schouw/{done.pk}/uitslag/",
            f"{base}/schouw/{open_round.pk}/lijst/", f"{base}/schouw/catalogus/", f"{base}/conditie/",
            f"{base}/conditie/inlezen/", f"{base}/assets/{tree.pk}/conditie/"]
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for url in urls:
            open_page(page, url)
            assert landmark_problems(page) == [], (size["width"], url)
            assert fits(page, size["width"]), (size["width"], url)
            text = page.locator("main").inner_text()
            for code in ("street_light", "tree", "bench"):  # asset types by their Dutch names, not codes
                assert not re.search(rf"\b{code}\b", text), (url, code)
    open_page(page, f"{base}/conditie/")
    counts = page.get_by_role("region", name="Tabel met de aantallen per soort").inner_text()
    assert "Boom" in counts and "Lichtmast" in counts
    assert page.js_errors == []


def test_the_levels_are_explained_where_they_are_used(page):
    gemeente, open_round, _done, _tree = make_schouw()
    login(page, "beheer")
    page.set_viewport_size(PHONE)
    for url in (f"/g/{gemeente.slug}/schouw/{open_round.pk}/invoer/", f"/g/{gemeente.slug}/schouw/{open_round.pk}/uitslag/",
                f"/g/{gemeente.slug}/schouw/catalogus/"):
        open_page(page, url)
        legend = page.locator("details.level-legend")
        assert not legend.get_by_text("Verwaarloosd").is_visible()
        legend.get_by_text("Wat betekenen de niveaus A+, A, B, C en D?").click()
        assert legend.get_by_text("Verwaarloosd: hinder, onveilige plekken").is_visible(), url
        assert legend.get_by_text("CROW", exact=False).first.is_visible(), url
        assert fits(page, 360), url
    open_page(page, f"/g/{gemeente.slug}/schouw/{open_round.pk}/invoer/")
    option = page.locator(".level-choice__option").filter(has_text="zeer laag").first
    assert option.is_visible() and option.get_by_text("D", exact=True).is_visible()
