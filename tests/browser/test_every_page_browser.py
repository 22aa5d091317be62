"""Every page of every role, on the demo municipality (a computed plan, a done and an open schouw round, a
tender at every stage): each role signs in, opens every page in its menu and the pages those link to, and axe
finds no serious or critical violation on any of them; every menu link opens (no menu item answers 403); on a
phone the menu pages do not scroll sideways."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import totp_code, verified_device
from wijkwerk.assets.services import asset_types_sync
from wijkwerk.demo import plans as demo_plans
from wijkwerk.demo.services import DEMO_SLUG, demo_load, demo_username
from wijkwerk.municipalities.roles import ROLES

from .conftest import axe_serious

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "groen-onderhoud-2026"
# Files, not pages; and links that change something or leave the session.
NOT_A_PAGE = re.compile(r"\.(pdf|xlsx|csv|docx|json|geojson|zip)(\?|$)|/(export|download|uitloggen|logout)\b|[?&]format=")
# Roles whose pages are followed one level deeper than the menu (the others see subsets of these pages).
DEEP_ROLES = ("beheerder", "inspecteur", "inkoper", "beoordelaar", "opdrachtnemer")
DETAILS_PER_ROLE = 14


def _pattern(path: str) -> str:
    """One visit per kind of page: ids in the path are alike."""
    return re.sub(r"/\d+(?=/|$)", "/N", path.split("?")[0])


def _sign_in(page, role: str) -> None:
    page.context.clear_cookies()
    # The roles with personal data give a code from their authenticator app after the password.
    device = (verified_device(get_user_model().objects.get(username=demo_username(role)))
              if role in settings.WIJKWERK_TWO_FACTOR_ROLES else None)
    page.goto("/login/")
    page.locator("#id_username").fill(demo_username(role))
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form[action$='/login/'] button[type=submit]").click()
    page.wait_for_load_state()
    if device is not None:
        page.get_by_label("Code uit de app").fill(totp_code(device))
        page.get_by_role("button", name="Doorgaan").click()
        page.wait_for_load_state()


def _visit(page, path: str, problems: list[str], role: str) -> None:
    response = page.goto(path)
    try:  # maps and charts load their data after the page; pages that poll a task never go idle
        page.wait_for_load_state("networkidle", timeout=4000)
    except PlaywrightTimeout:
        pass
    status = response.status if response else 0
    if status != 200:
        problems.append(f"{role} {path}: HTTP {status}")
        return
    for line in axe_serious(page):
        problems.append(f"{role} {path}: {line}")


def _links(page, selector: str) -> list[str]:
    hrefs = page.eval_on_selector_all(selector, "els => els.map(e => e.getAttribute('href'))")
    out = []
    for href in hrefs:
        if href and href.startswith(f"/g/{DEMO_SLUG}/") and not NOT_A_PAGE.search(href) and href not in out:
            out.append(href.split("#")[0])
    return out


def test_every_page_of_every_role_passes_axe(page, settings, monkeypatch):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(demo_plans, "MAIN_TIME_LIMIT", 1.0)
    monkeypatch.setattr(demo_plans, "FRONTIER_TIME_LIMIT", 0.3)
    monkeypatch.setattr(demo_plans, "SCENARIO_TIME_LIMIT", 0.5)
    asset_types_sync()  # a transactional test before this one may have emptied the migrations' data
    demo_load(password=PASSWORD)

    problems: list[str] = []
    seen_details: set[str] = set()
    visited = 0
    for role in ROLES:
        _sign_in(page, role)
        assert f"/g/{DEMO_SLUG}/" in page.url, (role, page.url)
        menu = _links(page, "nav[aria-label='Hoofdmenu'] a")
        assert menu, f"{role}: no menu"
        details: list[str] = []
        for path in menu:
            _visit(page, path, problems, role)
            visited += 1
            if role in DEEP_ROLES:
                for link in _links(page, "main a[href]"):
                    key = f"{role}:{_pattern(link)}"
                    if link not in menu and key not in seen_details:
                        seen_details.add(key)
                        details.append(link)
        for path in details[:DETAILS_PER_ROLE]:
            _visit(page, path, problems, role)
            visited += 1
        if role in ("beheerder", "inspecteur"):
            page.set_viewport_size({"width": 360, "height": 740})
            for path in menu:
                _visit(page, path, problems, f"{role}@360")
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > 362:
                    problems.append(f"{role}@360 {path}: page is {wide} px wide")
            page.set_viewport_size({"width": 1366, "height": 900})
    assert visited > 40
    assert problems == [], "\n".join(problems)
