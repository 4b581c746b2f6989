"""The dashboard in a real browser (Playwright with Debian's Chromium): pages, clicks, login, language.

Screenshots go to artifacts/web/ (git-ignored) for people to look at. Skipped, saying why, where
/usr/bin/chromium is missing; CI installs it (.ci/run). Never `playwright install`.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, PASSWORD, XSS_TITLE, make_core, seed

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install chromium)"
)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]
PAGES = ("/", "/timeline", "/map", "/institutions", "/events", "/alerts", "/agenda", "/sources")


@pytest.fixture(scope="module")
def server(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    from centinela.web import serve_in_background

    db = tmp_path_factory.mktemp("browser") / "c.db"
    shutil.copy(template_db, db)
    core = make_core(db, login_attempts=20)
    ids = seed(core)
    url, stop = serve_in_background(core, "127.0.0.1", 0)
    yield url.rstrip("/"), ids
    stop()
    core.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: tab.problems.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: tab.problems.append(str(e)))
    tab.on("dialog", lambda d: (tab.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield tab
    context.close()


def shot(tab: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_opens_cleanly(server: tuple[str, Any], page: Any, path: str) -> None:
    base, _ = server
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.is_visible()
    name = path.strip("/") or "overview"
    shot(page, name)
    assert page.problems == [], page.problems  # no CSP violation, no script error, no alert()


def test_timeline_draws_its_chart_from_the_bundled_plotly(server: tuple[str, Any], page: Any) -> None:
    base, _ = server
    page.goto(base + "/timeline")
    page.wait_for_selector("#timeline-chart .main-svg")
    assert page.evaluate("typeof window.Plotly") == "object"


def test_map_to_events_to_evidence(server: tuple[str, Any], page: Any) -> None:
    base, _ = server
    page.goto(base + "/map")
    page.locator('a.area[data-code="PE-LIM"]').click()
    page.wait_for_url(re.compile(r"/events\?department=PE-LIM"))
    assert page.locator("li.event").count() == 2
    shot(page, "events-lima")
    page.locator("li.event a.more").first.click()
    page.wait_for_url(re.compile(r"/events/\d+$"))
    assert page.get_by_text("Outlets that carried it").is_visible()
    assert page.locator('ul.outlets a[href^="https://"]').count() >= 1
    shot(page, "evidence")


def test_stored_xss_in_a_title_renders_as_text(server: tuple[str, Any], page: Any) -> None:
    base, ids = server
    page.goto(f"{base}/events/{ids['protest']}")
    page.wait_for_load_state("networkidle")
    assert page.locator("p.doc a").first.inner_text() == XSS_TITLE  # shown literally, as the link text
    assert page.locator("p.doc img, p.doc script").count() == 0
    assert (
        page.evaluate('document.querySelectorAll(\'a[href^="javascript:"], a[href^="data:"]\').length') == 0
    )
    assert page.problems == []  # no alert() dialog


def test_log_in_and_add_a_subscription(server: tuple[str, Any], page: Any) -> None:
    base, _ = server
    page.goto(base + "/admin")
    page.wait_for_url(re.compile(r"/login"))
    page.get_by_label("Name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/admin$"))
    page.get_by_label("Channel (Apprise URL").fill("json://hooks:secret@127.0.0.1:9/centinela")
    page.get_by_label("Alert codes or kinds").fill("vacancy_passed")
    page.get_by_label("Countries (ISO codes").fill("PE")
    page.get_by_role("button", name="Subscribe").click()
    page.wait_for_url(re.compile(r"/admin\?added=subscription-\d+"))
    row = page.locator("#subscriptions table tbody tr").first
    assert "vacancy_passed" in row.inner_text() and "secret" not in page.content()
    shot(page, "admin")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")


def test_switch_language(server: tuple[str, Any], page: Any) -> None:
    base, _ = server
    page.goto(base + "/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Español").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "es"
    assert page.get_by_role("heading", name="Perú: la situación ahora").is_visible()
    shot(page, "overview-es")
    page.get_by_role("link", name="Eventos", exact=True).click()  # the choice sticks across pages
    assert page.get_by_role("heading", name="Eventos", exact=True).is_visible()


def test_keyboard_and_phone(server: tuple[str, Any], browser: Any) -> None:
    base, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-PE", is_mobile=True)
    tab = context.new_page()
    tab.goto(base + "/")
    tab.keyboard.press("Tab")
    assert tab.evaluate("document.activeElement.className") == "skip"  # first stop: skip to content
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the overview scrolls sideways on a phone ({width}px)"
    tab.locator("main").focus()  # the skip link hides again once focus moves on
    tab.screenshot(path=str(ARTIFACTS / "overview-phone.png"))
    tab.goto(base + "/events")
    tab.screenshot(path=str(ARTIFACTS / "events-phone.png"))
    context.close()
