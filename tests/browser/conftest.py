"""Real-browser harness: Debian's Chromium, driven by Playwright, against pytest-django's live
server. Playwright never downloads a browser here; the system one is used or the tests say why not.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import load_reference_geography

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a loaded CI machine; expect() returns as soon as the condition holds.
EXPECT_TIMEOUT_MS = 10_000


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # Playwright keeps an asyncio loop marked as running in the test thread until the session ends
    # (see `browser`); running the browser tests last keeps every other test out of its way.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


def chromium_executable() -> str | None:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = chromium_executable()
    if executable is None:
        # Under CI a missing browser must not turn into a silently green run.
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required under CI: sudo apt-get install chromium")
        pytest.skip("Chromium is missing: sudo apt-get install chromium")

    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API marks an asyncio loop as running in the test thread between its
        # calls, and Django then refuses ORM calls there (loading data, factories, the flush after
        # each test) although nothing runs concurrently.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Opens pages in fresh browser contexts, each with its own cookies, like separate people.

    Every page any browser test opens is watched for Content-Security-Policy violations (an inline
    script or style, a resource from elsewhere): the test fails if the policy blocked anything."""
    contexts, blocked = [], []

    def open_page():
        context = browser.new_context(base_url=live_server.url, locale="fr-FR")
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        watch_csp_violations(page, blocked)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked something"


def watch_csp_violations(page, blocked: list[str]) -> None:
    """Chromium logs every violation on the console, each with the page it happened on."""

    def on_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            blocked.append(f"{page.url}: {message.text}")

    page.on("console", on_console)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def geography(browser, transactional_db):
    """The reference geography, loaded again for each test: the live server's database is flushed
    after every test, so the copy loaded once per session is gone by then.

    It asks for `browser` first so that a missing Chromium skips before seconds of loading."""
    load_reference_geography()
