"""Schouw entry on a 360 px phone, with and without JavaScript: the result of Opslaan or Overslaan
stands next to the button just pressed (in a live region), the round's counter follows, the page
moves on to the next open plot (and at the end of the buurt to the next buurt), and a refusal
keeps what was entered."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.inspections.helpers import make_town
from tests.municipalities.factories import PASSWORD, UserFactory, make_member
from wijkwerk.inspections.models import Plot, PlotScore
from wijkwerk.inspections.quality.services import round_plan

from .conftest import EXTERNAL, axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def login(page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/g/**")


def make_round():
    """A town with two buurten of two plots each, scoring gras (a level) and weeds (measured)."""
    gemeente, *_ = make_town()
    anna = UserFactory(username="anna", password=PASSWORD)
    make_member(anna, gemeente, "inspecteur")
    rnd = round_plan(gemeente=gemeente, name="Voorjaar", plots_per_buurt=2, seed=4,
                     aspects=["gras", "onkruid-verharding"])
    b1 = list(rnd.plots.filter(buurt__code="B1").order_by("code"))
    return gemeente, rnd, b1


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def gap_below(locator_above, locator_below) -> float:
    above, below = locator_above.bounding_box(), locator_below.bounding_box()
    return below["y"] - (above["y"] + above["height"])


def no_landmark_problems(page) -> list[str]:
    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["id"] == "landmark-unique"] + axe_serious(page)


def test_entry_on_a_phone_with_javascript(page):
    gemeente, rnd, (first, second) = make_round()
    login(page, "anna")
    page.set_viewport_size(PHONE)
    page.goto(f"/g/{gemeente.slug}/schouw/{rnd.pk}/invoer/")
    assert page.locator("#entry-progress").inner_text().startswith("0 van 4 geschouwd")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert no_landmark_problems(page) == []

    card = page.locator(f"#plot-{first.pk}")
    card.get_by_label("B basis").check()
    card.get_by_label("onkruid op verharding").fill("1,5")
    button = card.get_by_role("button", name="Opslaan")
    button.click()
    feedback = page.locator(f"#plot-{first.pk}-feedback")
    feedback.get_by_text("Opgeslagen.").wait_for()
    assert feedback.get_attribute("aria-live") == "polite"
    assert "Verder met meetlocatie B1-02" in feedback.inner_text()
    # on to the next open plot: its heading has the focus and is in view, with the result above it
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'plot-{second.pk}-kop'")
    assert in_view(page, page.locator(f"#plot-{second.pk}-kop"))
    assert in_view(page, feedback)
    assert 0 <= gap_below(card.get_by_role("button", name="Opslaan"), feedback) < 60  # right below the buttons
    assert page.locator("#entry-progress").inner_text().startswith("1 van 4 geschouwd")
    assert "nog 1 open" in page.locator("#entry-buurt-progress").inner_text()
    assert {s.aspect_code: s.level for s in PlotScore.objects.filter(plot=first)} == {"gras": "B",
                                                                                     "onkruid-verharding": "A"}

    # a refusal: told next to the button, what was entered stays, nothing moves on
    card = page.locator(f"#plot-{second.pk}")
    card.get_by_label("C laag").check()
    card.get_by_label("onkruid op verharding").fill("veel")
    card.get_by_role("button", name="Opslaan").click()
    feedback = page.locator(f"#plot-{second.pk}-feedback")
    feedback.get_by_text("is geen getal").wait_for()
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'plot-{second.pk}-feedback'")
    assert in_view(page, feedback)
    assert card.get_by_label("onkruid op verharding").input_value() == "veel"
    assert card.get_by_label("C laag").is_checked()
    assert page.locator("#entry-progress").inner_text().startswith("1 van 4 geschouwd")

    # skipping without a reason is refused; with one it is saved, and the buurt is done
    card.get_by_role("button", name="Overslaan").click()
    feedback.get_by_text("Geef een reden").wait_for()
    card.get_by_label("Reden om over te slaan").fill("Bouwhek")
    card.get_by_role("button", name="Overslaan").click()
    feedback.get_by_text("Overgeslagen en opgeslagen.").wait_for()
    assert "Volgende buurt met open meetlocaties: Buurt Twee" in feedback.inner_text()
    page.wait_for_function("document.activeElement && document.activeElement.id === 'entry-next'")
    next_buurt = page.get_by_role("link", name="Volgende buurt met open meetlocaties: Buurt Twee")
    assert in_view(page, next_buurt)
    assert page.locator("#entry-progress").inner_text().startswith("1 van 4 geschouwd, 1 overgeslagen")
    assert Plot.objects.get(pk=second.pk).status == Plot.Status.SKIPPED
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert no_landmark_problems(page) == []
    next_buurt.click()
    page.wait_for_url("**?buurt=B2")
    assert page.locator(".plot-card").count() == 2
    assert page.js_errors == []


@pytest.fixture
def page_without_js(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    context = browser.new_context(viewport=PHONE, locale="nl-NL", base_url=live_server.url,
                                  java_script_enabled=False)
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def test_entry_on_a_phone_without_javascript(page_without_js):
    page = page_without_js
    gemeente, rnd, (first, second) = make_round()
    login(page, "anna")
    page.goto(f"/g/{gemeente.slug}/schouw/{rnd.pk}/invoer/")

    card = page.locator(f"#plot-{first.pk}")
    card.get_by_label("A hoog", exact=True).check()
    card.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**?buurt=B1#plot-{second.pk}")
    feedback = page.locator(f"#plot-{first.pk}-feedback")
    assert "Opgeslagen." in feedback.inner_text()
    assert in_view(page, feedback) and in_view(page, page.locator(f"#plot-{second.pk}-kop"))
    assert page.locator("#entry-progress").inner_text().startswith("1 van 4 geschouwd")

    card = page.locator(f"#plot-{second.pk}")
    card.get_by_label("D zeer laag").check()
    card.get_by_label("onkruid op verharding").fill("veel")
    card.get_by_role("button", name="Opslaan").click()
    page.wait_for_url(f"**?buurt=B1#plot-{second.pk}-feedback")
    feedback = page.locator(f"#plot-{second.pk}-feedback")
    assert "is geen getal" in feedback.inner_text()
    assert in_view(page, feedback)
    assert card.get_by_label("onkruid op verharding").input_value() == "veel"
    assert card.get_by_label("D zeer laag").is_checked()
    assert not PlotScore.objects.filter(plot=second).exists()
    # one page view only: loaded again, the card shows what is stored
    page.reload()
    assert page.locator(f"#plot-{second.pk}-feedback").inner_text().strip() == ""
    assert page.locator(f"#plot-{second.pk}").get_by_label("onkruid op verharding").input_value() == ""
