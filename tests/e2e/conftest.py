"""Playwright driving Debian's Chromium against the live test server."""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@dataclass(frozen=True)
class Device:
    name: str
    width: int
    height: int
    color_scheme: str

    def __str__(self):
        return f"{self.name}-{self.color_scheme}"


PHONE_LIGHT = Device("phone", 390, 844, "light")
PHONE_DARK = Device("phone", 390, 844, "dark")
DESKTOP_LIGHT = Device("desktop", 1280, 800, "light")
DESKTOP_DARK = Device("desktop", 1280, 800, "dark")
ALL_DEVICES = [PHONE_LIGHT, PHONE_DARK, DESKTOP_LIGHT, DESKTOP_DARK]
# Journeys run on a light phone and a dark desktop: both sizes, both schemes.
JOURNEY_DEVICES = [PHONE_LIGHT, DESKTOP_DARK]


# Every browser test module starts with this: the live server reads what the
# test wrote, so tests commit.
BROWSER_TEST = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeded_guide(guide):
    return guide


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = (
            f"Chromium is not at {CHROMIUM}. Install it with "
            "'sudo apt-get install chromium' (or set CHROMIUM_PATH) to run the browser tests."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the test code
    # around it (fixtures that touch the database) is still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def open_page(browser, live_server):
    """Open a page on the live server as a given device; closed after the test.

    A script error, a Content-Security-Policy violation or a stylesheet, script or
    image that fails to load fails the test. Pages themselves may answer 4xx on purpose.
    """
    contexts = []
    console_errors = []

    def open_page(device: Device, *, javascript: bool = True):
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": device.width, "height": device.height},
            color_scheme=device.color_scheme,
            java_script_enabled=javascript,
            reduced_motion="no-preference",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: record_console_error(message, console_errors))
        page.on("pageerror", lambda error: console_errors.append(str(error)))
        page.on("response", lambda response: record_failed_resource(response, console_errors))
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert console_errors == [], console_errors


def record_console_error(message, errors):
    # A failed load is reported by record_failed_resource, with its address.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(f"{message.text} at {message.location}")


def record_failed_resource(response, errors):
    if response.status >= 400 and response.request.resource_type != "document":
        is_htmx = response.request.headers.get("hx-request") == "true"
        if not is_htmx:
            errors.append(f"{response.status} {response.url}")


def save_screenshot(page, screen: str, device: Device) -> None:
    """The whole page, as tall as it is, with the answer bar where the page ends."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": device.width, "height": max(height, device.height)})
    page.screenshot(path=SCREENSHOTS / f"{screen}-{device}.png", full_page=True)
    page.set_viewport_size({"width": device.width, "height": device.height})
