"""The tender method as a form at 1280 px: the inkoper fills in fields and choices instead of YAML,
saves, and sees the method summarised in words with Dutch amounts; a wrong entry gets a clear
message next to the field and keeps what was typed; the YAML text is still there for experts."""

import pytest

from tests.municipalities.factories import GemeenteFactory, UserFactory, make_member
from wijkwerk.municipalities.roles import INKOPER
from wijkwerk.tendering.models import Tender
from wijkwerk.tendering.selectors import tender_method

from .conftest import axe_serious
from .test_pages_browser import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _inkoper(page):
    gemeente = GemeenteFactory(slug="utrecht", name="Utrecht")
    make_member(UserFactory(username="ingrid"), gemeente, INKOPER)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, "ingrid")


def test_the_inkoper_fills_in_the_method_as_a_form_and_sees_the_summary(page):
    _inkoper(page)
    page.goto("/g/utrecht/aanbestedingen/")
    page.get_by_role("link", name="Nieuwe aanbesteding").click()
    # fields and choices, no YAML in sight
    assert page.get_by_label("Naam van de aanbesteding").is_visible()
    assert not page.get_by_label("Methode (YAML)").is_visible()
    assert axe_serious(page) == []
    page.get_by_label("Naam van de aanbesteding").fill("Groenonderhoud Noordwest 2027")
    page.get_by_label("Aantal inschrijvers op de shortlist").fill("3")
    page.get_by_label("Grens abnormaal lage inschrijving", exact=False).fill("75 %")
    page.get_by_label("Gemiddelde: het gemiddelde van de scores", exact=False).check()
    # a third bid-sheet line in the empty row, a second criterion with a Dutch amount
    page.get_by_label("Code, regel 3").first.fill("E01")
    page.get_by_label("Omschrijving, regel 3").fill("Maaien gazon per 100 m²")
    page.get_by_label("Eenheid, regel 3").fill("100 m²")
    page.get_by_label("Fictieve hoeveelheid, regel 3").fill("1.250,5")
    criteria = page.get_by_role("group", name="Gunningscriteria")
    criteria.get_by_label("Maximale waarde (euro), regel 1").fill("€ 1.200.000")
    criteria.get_by_label("Code, regel 2").fill("K2")
    criteria.get_by_label("Gunningscriterium, regel 2").fill("Social return")
    criteria.get_by_label("Maximale waarde (euro), regel 2").fill("€300.000,-")
    shot(page, "aanbesteding-methode-formulier")
    page.get_by_role("button", name="Controleren en opslaan").click()

    assert page.get_by_text("Aanbesteding aangemaakt (concept)", exact=False).is_visible()
    tender = Tender.objects.get()
    method = tender_method(tender)
    assert method.title == "Groenonderhoud Noordwest 2027" and method.shortlist == 3 and method.mode == "average"
    assert str(method.abnormally_low) == "0.75"
    assert [str(c.max_value) for c in method.criteria] == ["1200000", "300000"]
    assert str(method.price_items[2].fictive_quantity) == "1250.5"

    page.get_by_role("link", name="Methode bewerken").click()
    summary = page.get_by_role("region", name="De methode in het kort")
    text = summary.inner_text()
    for expected in ("Groenonderhoud Noordwest 2027", "De 3 inschrijvers met de laagste fictieve prijs",
                     "onder 75 % van de mediaan", "Gemiddelde van de scores van de beoordelaars",
                     "€ 1.200.000", "€ 300.000", "€ 1.500.000", "80 %", "20 %", "1.250,5", "12.000",
                     "Uitstekend", "aftrek van 50 % van de maximale waarde", "Loting beslist"):
        assert expected in text, expected
    for english in ("price_items", "fictive_quantity", "abnormally_low", "consensus", "average", "tie_break"):
        assert english not in text
    # the form shows the saved method in Dutch numbers
    assert page.get_by_label("Maximale waarde (euro), regel 1").input_value() == "1.200.000"
    assert axe_serious(page) == []
    shot(page, "aanbesteding-methode-samenvatting")
    assert page.js_errors == []


def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(page):
    _inkoper(page)
    page.goto("/g/utrecht/aanbestedingen/nieuw")
    page.get_by_label("Naam van de aanbesteding").fill("Bankjes en bakken")
    criteria = page.get_by_role("group", name="Gunningscriteria")
    criteria.get_by_label("Maximale waarde (euro), regel 1").fill("veel geld")
    page.get_by_label("Grens abnormaal lage inschrijving", exact=False).fill("150")
    page.get_by_label("Code, regel 2").first.fill("U01")  # the same code as the first line
    page.get_by_role("button", name="Controleren en opslaan").click()

    assert page.get_by_role("alert").filter(has_text="niet opgeslagen").is_visible()
    assert page.get_by_text("'veel geld' is geen bedrag", exact=False).is_visible()
    assert not Tender.objects.exists()
    # typed values stay; the title too
    assert criteria.get_by_label("Maximale waarde (euro), regel 1").input_value() == "veel geld"
    assert page.get_by_label("Naam van de aanbesteding").input_value() == "Bankjes en bakken"
    assert axe_serious(page) == []

    # the amount corrected: now the method's own rules speak, next to their fields
    criteria.get_by_label("Maximale waarde (euro), regel 1").fill("€ 400.000")
    page.get_by_role("button", name="Controleren en opslaan").click()
    assert page.get_by_text("Kies een percentage van 0 tot en met 100.").is_visible()
    assert page.get_by_text("De code 'U01' komt vaker voor.").is_visible()
    assert page.get_by_label("Grens abnormaal lage inschrijving", exact=False).input_value() == "150"
    assert not Tender.objects.exists()
    shot(page, "aanbesteding-methode-fout")
    assert axe_serious(page) == []

    page.get_by_label("Grens abnormaal lage inschrijving", exact=False).fill("80")
    page.get_by_label("Code, regel 2").first.fill("U02")
    page.get_by_role("button", name="Controleren en opslaan").click()
    assert page.get_by_text("Aanbesteding aangemaakt (concept)", exact=False).is_visible()
    assert Tender.objects.get().title == "Bankjes en bakken"


def test_the_yaml_text_stays_for_experts_with_the_same_checks(page):
    _inkoper(page)
    page.goto("/g/utrecht/aanbestedingen/nieuw")
    page.get_by_text("Geavanceerd: de methode als YAML-tekst").click()
    yaml_box = page.get_by_label("Methode (YAML)")
    text = yaml_box.input_value().replace("shortlist: 4", "shortlist: nul")
    yaml_box.fill(text)
    page.get_by_role("button", name="YAML-tekst controleren en opslaan").click()
    # the advanced part stays open with the message and the text as typed
    assert page.get_by_text("shortlist moet een geheel getal van 1 of meer zijn", exact=False).is_visible()
    assert "shortlist: nul" in page.get_by_label("Methode (YAML)").input_value()
    assert axe_serious(page) == []
    page.get_by_label("Methode (YAML)").fill(text.replace("shortlist: nul", "shortlist: 2"))
    page.get_by_role("button", name="YAML-tekst controleren en opslaan").click()
    assert page.get_by_text("Aanbesteding aangemaakt (concept)", exact=False).is_visible()
    assert tender_method(Tender.objects.get()).shortlist == 2
