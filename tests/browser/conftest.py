"""Browser tests: Playwright for Python drives Debian's Chromium against the live server.

They skip, with the reason, where /usr/bin/chromium is missing (a fresh laptop); CI installs it and
refuses skips. Screenshots are written to test-artifacts/ for people to look at.

Every page of every browser context is watched: a Content-Security-Policy violation reported in
the console (a blocked inline script, handler, style or connection) fails the test.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("ROUNDTABLE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the live server's ORM calls happen in
# another thread, but Django's guard sees the loop and would refuse the test's own ORM calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch) -> Iterator[list[str]]:
    """The Content-Security-Policy errors the console reported during the test; any fails it."""
    violations: list[str] = []
    new_context = browser.new_context

    def watched_context(*args: object, **kwargs: object) -> object:
        context = new_context(*args, **kwargs)

        def collect(message) -> None:
            if "Content Security Policy" in message.text:
                violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

        context.on("console", collect)
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    yield violations
    if violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(violations))


@pytest.fixture(autouse=True)
def _forms_filled_at_machine_speed(settings) -> None:
    """Playwright fills a public form in milliseconds, which the bot trap takes for a script;
    the pages still carry and check their signed moment. The time itself is tested in
    tests/web/test_bot_trap.py."""
    settings.BOT_TRAP_MIN_SECONDS = 0


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, timezone_id="Europe/Paris"
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser, live_server) -> Iterator[object]:
    """A page on a small phone (375 px, touch) in Manila's time zone."""
    context = browser.new_context(
        viewport=PHONE, timezone_id="Asia/Manila", is_mobile=True, has_touch=True
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width}px wide on a {PHONE['width']}px phone"


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def log_in(page, email: str, password: str = "correct horse battery") -> None:
    page.goto(page.base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)
