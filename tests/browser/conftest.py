"""Playwright (sync API) against Debian's Chromium. Skipped with a reason where it is absent."""

import os
import re
from pathlib import Path

import pytest

from wijkwerk.assets.services import asset_types_sync

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Only the test server may answer: tiles and anything else from outside fail, like on a machine
# without internet. The pages must work anyway.
EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # sync Playwright runs an event loop


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium ontbreekt (/usr/bin/chromium): installeer het Debian-pakket 'chromium'")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Python-pakket 'playwright' ontbreekt")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The shipped asset types come from a data migration; a transactional test before this one emptied the
    # tables, so the pages would offer no types at all.
    asset_types_sync()
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL",
                                  base_url=live_server.url)
    context.route(EXTERNAL, lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15000)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def axe_serious(page) -> list[str]:
    """Serious or critical axe-core violations on the current page, as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes']][:5]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
