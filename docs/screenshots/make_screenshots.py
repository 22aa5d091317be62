"""Remake the README tour screenshots (docs/screenshots/*.png).

Not a test and not part of the app. Start the demo first, in a throw-away data folder:

    WIJKWERK_DATA_DIR=/tmp/wijkwerk-shots wijkwerk quickstart --port 8765 &
    python docs/screenshots/make_screenshots.py [--base-url http://127.0.0.1:8765] [--chromium /usr/bin/chromium]

Needs the Python package `playwright` (in `.[test]`) and Chromium (Debian: `apt-get install
chromium`; or `--chromium ""` for Playwright's own browser), and Pillow to shrink the files.
Requests to other hosts are blocked, so the base map stays empty, as on a machine without internet.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1[:/]|localhost[:/])")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
MAX_BYTES = 250_000
SLUG = "utrecht"
problems: list[str] = []


def save(page, name: str, full_page: bool = False, max_height: int = 2400) -> None:
    """Screenshot to docs/screenshots/<name>.png, made small with Pillow when it is installed."""
    raw = page.screenshot(type="png", full_page=full_page)
    path = OUT / f"{name}.png"
    try:
        from PIL import Image
    except ImportError:
        path.write_bytes(raw)
    else:
        img = Image.open(io.BytesIO(raw)).convert("RGB")
        if img.height > max_height:  # keep very long pages readable and small
            img = img.crop((0, 0, img.width, max_height))
        for colours in (256, 128, 64):
            small = img.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            buf = io.BytesIO()
            small.save(buf, format="PNG", optimize=True)
            if buf.tell() <= MAX_BYTES:
                break
        path.write_bytes(buf.getvalue())
    size = path.stat().st_size
    print(f"{path.name:32} {size / 1000:7.1f} kB  {page.url}")
    if size > MAX_BYTES:
        problems.append(f"{path.name} is {size} bytes")


def login(context, base: str, user: str, password: str):
    page = context.new_page()
    page.set_default_timeout(20000)
    page.on("pageerror", lambda exc: problems.append(f"JS error on {page.url}: {exc}"))
    page.goto(base + "/login/")
    page.fill("#id_username", user)
    page.fill("#id_password", password)
    page.click("form[action$='/login/'] button[type=submit]")  # not the language switch
    page.wait_for_load_state("networkidle")
    if "/login/" in page.url:
        sys.exit(f"Inloggen als {user} mislukt; draait de demo op {base}?")
    return page


def visit(page, url: str, *, wait_for: str | None = None) -> int:
    resp = page.goto(url, timeout=60000)
    try:
        page.wait_for_load_state("networkidle", timeout=30000)
    except PlaywrightTimeout:
        print(f"  (still loading after 30 s: {url})")
    if wait_for:
        page.wait_for_selector(wait_for, timeout=20000)
        page.wait_for_timeout(500)  # let the canvas paint
    status = resp.status if resp else 0
    if status != 200:
        problems.append(f"{url} answered {status}")
    return status


def new_context(browser, base: str, viewport: dict):
    context = browser.new_context(viewport=viewport, locale="nl-NL", base_url=base,
                                  device_scale_factor=1)
    context.route(EXTERNAL, lambda route: route.abort())
    return context


def first_link(page, pattern: str) -> str | None:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for href in hrefs:
        if re.search(pattern, href):
            return href
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8765")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--password", default=os.environ.get("WIJKWERK_DEMO_PASSWORD", "wijkwerk-demo-2026"))
    parser.add_argument("--plan-timeout", type=int, default=600, help="seconds to wait for the demo plan")
    opts = parser.parse_args()
    base = opts.base_url.rstrip("/")
    g = f"{base}/g/{SLUG}"

    with sync_playwright() as pw:
        launch = {"args": ARGS}
        if opts.chromium:
            launch["executable_path"] = opts.chromium
        browser = pw.chromium.launch(**launch)

        # Login page (not logged in)
        ctx = new_context(browser, base, DESKTOP)
        page = ctx.new_page()
        visit(page, base + "/login/")
        save(page, "login")
        ctx.close()

        # Beheerder: overview, map, asset, import, schouw, condition, planning
        ctx = new_context(browser, base, DESKTOP)
        page = login(ctx, base, "demo-beheerder", opts.password)
        visit(page, g + "/")
        save(page, "overview")

        visit(page, g + "/kaart/", wait_for="#asset-map[data-mode]")
        save(page, "map")  # opens on the whole city, assets grouped
        page.evaluate("() => { window.wijkwerkMap.setView([52.0908, 5.1200], 17); }")  # around the Dom
        page.wait_for_function("document.getElementById('asset-map').dataset.mode === 'points'", timeout=20000)
        page.wait_for_timeout(1000)
        save(page, "map-detail")

        # An asset: a tree, found through the API with the session login
        data = page.request.get(f"{base}/api/v1/gemeenten/{SLUG}/assets?type=tree&buurt=0311").json()
        items = data.get("features") or data.get("results") or data.get("items") or []
        asset_id = items[0]["id"] if items else 1
        visit(page, f"{g}/assets/{asset_id}/")
        page.wait_for_timeout(1000)
        save(page, "asset")

        visit(page, g + "/import/")
        save(page, "import")

        visit(page, g + "/schouw/")
        save(page, "schouw-list")
        results = first_link(page, r"/schouw/\d+/uitslag/$")
        round_url = first_link(page, r"/schouw/\d+/$")
        if not results and round_url:
            results = round_url + "uitslag/"
        if results:
            visit(page, base + results if results.startswith("/") else results)
            page.wait_for_timeout(1000)
            save(page, "schouw-results", full_page=True, max_height=1300)  # down to the map
        else:
            problems.append("no schouw round found on the schouw list")

        visit(page, g + "/conditie/")
        page.wait_for_timeout(1500)
        save(page, "condition")

        if visit(page, g + "/planning/") == 200:
            if "nog geen plannen" in page.content():
                # The demo has no plan: compute one, as a beheerder would (only in this demo database)
                page.fill("#id_name", "Voorbeeldplan 10 jaar")
                page.click("button:has-text('Berekenen')")
                page.wait_for_load_state("networkidle")
                visit(page, g + "/planning/")
            save(page, "planning")
            visit(page, g + "/planning/risicomodel/")
            save(page, "risk-model")
            visit(page, g + "/planning/")
            plan_url = first_link(page, r"/planning/\d+/$")
            if plan_url:
                # Wait for the computation, reloading now and then
                waited = 0
                while True:
                    visit(page, base + plan_url)
                    status = page.get_attribute("#plan-status", "data-status")
                    if status in ("done", "failed") or waited >= opts.plan_timeout:
                        break
                    page.wait_for_timeout(10000)
                    waited += 10
                if status == "done":
                    save(page, "plan")
                else:
                    problems.append(f"plan {plan_url}: status {status} after {waited} s (no plan.png)")
        ctx.close()

        # Inkoper: tenders
        ctx = new_context(browser, base, DESKTOP)
        page = login(ctx, base, "demo-inkoper", opts.password)
        if visit(page, g + "/aanbestedingen/") == 200:
            if "Geen aanbestedingen" in page.content():
                # The demo has no tender: make a concept from the example method (only in this demo database)
                page.click("text=Nieuwe aanbesteding")
                page.wait_for_load_state("networkidle")
                save(page, "tender-method")
                page.click("button:has-text('Controleren en opslaan')")
                page.wait_for_load_state("networkidle")
                save(page, "tender")
                visit(page, g + "/aanbestedingen/")
            save(page, "tenders")
        ctx.close()

        # Inspecteur on a phone: entering scores for the plots of the demo round
        ctx = new_context(browser, base, PHONE)
        page = login(ctx, base, "demo-inspecteur", opts.password)
        visit(page, g + "/schouw/")
        entry = first_link(page, r"/schouw/\d+/invoer/$")
        if not entry:
            round_url = first_link(page, r"/schouw/\d+/$")
            entry = round_url + "invoer/" if round_url else None
        if entry:
            visit(page, base + entry if entry.startswith("/") else entry)
            save(page, "schouw-entry-phone")
        else:
            problems.append("no schouw entry page found for demo-inspecteur")
        ctx.close()
        browser.close()

    if problems:
        print("\nLet op:", *problems, sep="\n  ")
        sys.exit(1)


if __name__ == "__main__":
    main()
