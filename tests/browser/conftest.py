"""Real-browser fixtures: Debian's Chromium driven by Playwright and the live server.

Never downloads a browser: the system Chromium is used through ``executable_path``. axe-core comes
from the installed ``axe_playwright_python`` package, so the checks run without network access.

Every page opened through these fixtures reports its Content-Security-Policy violations (blocked
inline scripts and styles, sources outside the policy) to the test, and a test during which any
page had one fails (``pytest_runtest_call`` below).
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from asiointi.accounts.demo import load_people
from asiointi.catalogue.demo import load_catalogue

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000
CSP_RECORDER = Path(__file__).with_name("csp_violations.js")

# The contexts opened during the running test and the CSP violations their pages reported.
_contexts: list[BrowserContext] = []
_csp_violations: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _close_live_server_sessions(django_db_setup, django_db_blocker) -> Iterator[None]:
    """End database sessions the live server's request threads leave open.

    Set up right after the test database and before the live server, so its teardown runs after
    the server has stopped and before pytest-django drops the test database, which PostgreSQL
    refuses while any session is still connected.
    """
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


class _SharedChromium:
    """One Chromium for the browser tests that run one after another in this process (each
    pytest-xdist worker has its own), each test in fresh browser contexts of its own.

    Playwright's sync API runs an asyncio loop in this thread for as long as it is started, and
    Django then refuses ORM calls from the thread (loading demo data, checking results). The flag
    DJANGO_ALLOW_ASYNC_UNSAFE relaxes that check only while Chromium runs; the live server's
    requests run in other threads anyway. Chromium is stopped (and the flag restored) after the
    last of a row of browser tests (``pytest_runtest_teardown`` below), so that no other test
    inherits the loop or the flag.
    """

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._previous_flag: str | None = None

    def get(self) -> Browser:
        if self._browser is not None and not self._browser.is_connected():
            self.stop()  # Chromium died in the previous test: a new one for this test
        if self._browser is None:
            self._previous_flag = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            try:
                self._playwright = sync_playwright().start()
                self._browser = self._playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
            except BaseException:
                self.stop()
                raise
        return self._browser

    def close_contexts(self) -> None:
        """Close what a test left open, so that the next test starts with no context."""
        if self._browser is not None and self._browser.is_connected():
            for context in list(self._browser.contexts):
                context.close()

    def stop(self) -> None:
        try:
            if self._browser is not None and self._browser.is_connected():
                self._browser.close()
        finally:
            self._browser = None
            if self._playwright is not None:
                self._playwright.stop()
                self._playwright = None
                if self._previous_flag is None:
                    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
                else:
                    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self._previous_flag


_chromium = _SharedChromium()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """The process's Chromium; every context a test opens is closed after it."""
    yield _chromium.get()
    _chromium.close_contexts()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if nextitem is None or "browser" not in getattr(nextitem, "fixturenames", ()):
            _chromium.stop()


def pytest_sessionfinish(session, exitstatus):
    _chromium.stop()


def pytest_itemcollected(item):
    """Browser tests run once, in the SQLite pass of ./run test (asiointi/testing/
    engine_passes.py): they test what the browser gets (templates, scripts, the Content-Security-
    Policy, accessibility) and the flows through them, none of which depends on the database
    engine; the queries behind each page are tested on both engines by each app's own tests. The
    production-login test starts a production server on PostgreSQL, so it is ``postgres_only``
    and runs in the PostgreSQL pass instead."""
    if item.path.is_relative_to(Path(__file__).parent):
        item.add_marker(pytest.mark.engine_independent)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test if any page it opened reported a Content-Security-Policy violation."""
    _csp_violations.clear()
    result = yield
    for context in _contexts:
        for open_page in context.pages:
            try:
                # A round trip to the page delivers the reports still on their way.
                open_page.evaluate("0")
            except PlaywrightError:
                pass
    if _csp_violations:
        raise AssertionError(
            "Content-Security-Policy violations:\n" + "\n".join(sorted(set(_csp_violations)))
        )
    return result


@pytest.fixture
def csp_violations() -> list[str]:
    """The violations reported so far in this test: the very list the check above reads."""
    return _csp_violations


def _record_csp_violation(source, violation: dict) -> None:
    _csp_violations.append(
        "{page}: {directive} blocked {blocked} ({source}:{line}) {sample}".format(**violation)
    )


@pytest.fixture
def demo_data(transactional_db):
    """The demo catalogue (open calls) and personas, in this test's database."""
    load_catalogue()
    return load_people()


@pytest.fixture
def site(demo_data, live_server) -> str:
    return live_server.url


def _new_context(browser: Browser, site: str, **options) -> BrowserContext:
    context = browser.new_context(
        base_url=site, locale="fi-FI", viewport={"width": 1280, "height": 900}, **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    context.expose_binding("__asiointiCspViolation", _record_csp_violation)
    context.add_init_script(path=str(CSP_RECORDER))
    _contexts.append(context)
    context.on("close", lambda closed: _contexts.remove(closed))
    return context


def _screenshot_on_failure(request, page: Page) -> None:
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture
def page(request, browser, site) -> Iterator[Page]:
    context = _new_context(browser, site)
    page = context.new_page()
    yield page
    _screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def page_without_js(request, browser, site) -> Iterator[Page]:
    context = _new_context(browser, site, java_script_enabled=False)
    page = context.new_page()
    yield page
    _screenshot_on_failure(request, page)
    context.close()


@pytest.fixture
def axe():
    """``axe(page, name)`` asserts that the page as it is now has no WCAG 2.1 A/AA violations."""
    return assert_accessible


def assert_accessible(page: Page, name: str) -> None:
    """Run axe-core's WCAG 2.1 A and AA rules on the page as it is now; fail on any violation."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does
        # not restrict (a <script> tag added to the page would be an inline script it blocks).
        page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        AXE_TAGS,
    )
    violations = result["violations"]
    if violations or os.environ.get("ASIOINTI_SCREENSHOTS"):
        # Set ASIOINTI_SCREENSHOTS=1 to look at every checked page afterwards.
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(
            path=str(ARTIFACTS / f"page-{re.sub(r'[^A-Za-z0-9_-]+', '_', name)}.png"),
            full_page=True,
        )
    lines = [
        f"{violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(
            f"    {node['target']}: {node['failureSummary']}" for node in violation["nodes"]
        )
        for violation in violations
    ]
    assert not violations, f"axe found violations on {name} ({page.url}):\n" + "\n".join(lines)


# Screenshots of the main pages at a wide and a phone width, for people to look at after a run
# (issue 17): test-artifacts/screenshots/<page>-<width>.png. The folder is printed at the end of
# the run (pytest_terminal_summary below).
SCREENSHOTS = ARTIFACTS / "screenshots"
WIDE, PHONE, NARROWEST, STAFF_NARROWEST = 1280, 375, 320, 1024


def save_screenshots(page: Page, name: str, widths=(WIDE, PHONE)) -> None:
    """Save the page as it is now, full length, at each width; the viewport is restored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", name)
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"{slug}-{width}.png"), full_page=True)
    page.set_viewport_size(original)


def assert_reflows(page: Page, name: str, width: int = NARROWEST) -> None:
    """WCAG 2.1 SC 1.4.10 (reflow): at ``width`` CSS pixels the page needs no horizontal
    scrolling, and axe finds nothing at that width either. A table or code block may scroll
    inside its own region (the criterion's exception for two-dimensional content); the page
    itself may not. The viewport is restored afterwards."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 900})
    try:
        overflow = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const wide = [];
                for (const element of document.querySelectorAll('body *')) {
                    const box = element.getBoundingClientRect();
                    if (box.width === 0 || box.right <= width + 1) continue;
                    if (element.closest('.hds-table-container, .table-scroll')) continue;
                    const style = getComputedStyle(element);
                    if (style.visibility === 'hidden' || style.position === 'fixed') continue;
                    if (element.closest('.visually-hidden, .skip-link')) continue;
                    wide.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '')
                              + (element.className && typeof element.className === 'string'
                                 ? '.' + element.className.trim().split(/\\s+/).join('.') : '')
                              + ' right=' + Math.round(box.right));
                    if (wide.length >= 8) break;
                }
                return {scroll: document.documentElement.scrollWidth, width, wide};
            }"""
        )
        assert overflow["scroll"] <= overflow["width"] and not overflow["wide"], (
            f"{name} ({page.url}) needs horizontal scrolling at {width} px: page "
            f"{overflow['scroll']} px wide; elements past the edge: {overflow['wide']}"
        )
        assert_accessible(page, f"{name}-{width}")
    finally:
        page.set_viewport_size(original)


@pytest.fixture
def reflow():
    """``reflow(page, name, width=320)``: no horizontal scrolling at that width, and axe passes."""
    return assert_reflows


@pytest.fixture
def screenshots():
    """``screenshots(page, name)``: save the page at 1,280 and 375 px for people to look at."""
    return save_screenshots
