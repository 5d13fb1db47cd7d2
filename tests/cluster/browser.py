"""A real headless browser (Debian's chromium, driven by Selenium through Debian's chromedriver) for
the UI checks: the steps a person takes, a screenshot of each under tests/artifacts/, and the
browser console read after each step."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM, CHROMEDRIVER = "chromium", "chromedriver"
# Console errors of Airflow itself, not of the deployment, that a person sees too. Each is matched
# on its message; any other JS error fails the check.
KNOWN_CONSOLE_ERRORS = {
    # The FAB auth manager's login page (Airflow 3.3.2, FAB provider) runs a script that reads a
    # timezone setting the page does not define: an uncaught TypeError on every visit.
    "reading 'tz'": "the FAB login page's script (upstream)",
}


def console_errors(entries: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(errors that fail the check, known ones) among the browser's log entries: uncaught
    exceptions, console.error calls and server errors (5xx). A 401 for /ui/config before login is
    how the UI finds out it must log in, and warnings are not errors."""
    failing, known = [], []
    for entry in entries:
        message, source = str(entry.get("message", "")), entry.get("source")
        server_error = source == "network" and " status of 5" in message
        if not (source == "javascript" or server_error) and not (
            source == "console-api" and entry.get("level") == "SEVERE"
        ):
            continue
        if any(pattern in message for pattern in KNOWN_CONSOLE_ERRORS):
            known.append(message)
        else:
            failing.append(message)
    return failing, known


@dataclass
class Browser:
    driver: Any
    shots: Path
    failing: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        self.driver.get(url)

    def wait(self, what: str, found: Callable[[], Any], timeout: float = 60) -> Any:
        """Until `found()` is truthy; a timeout names what was awaited and saves the page."""
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.5).until(lambda _: found())
        except TimeoutException:
            self.screenshot(f"timeout-{what.replace(' ', '-')}")
            text = self.text()[-1500:]
            raise AssertionError(
                f"the browser did not show {what} within {timeout:.0f} s at "
                f"{self.driver.current_url}; the page said:\n{text}"
            ) from None

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)

    def shows(self, text: str) -> bool:
        return text in self.text()

    def elements(self, css: str) -> list[WebElement]:
        return list(self.driver.find_elements(By.CSS_SELECTOR, css))

    def screenshot(self, name: str) -> Path:
        path = self.shots / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    def step(self, name: str) -> Path:
        """A screenshot of the step, and the console since the last step."""
        failing, known = console_errors(self.driver.get_log("browser"))
        self.failing += [f"{name}: {m}" for m in failing]
        self.known += [f"{name}: {m}" for m in known]
        return self.screenshot(name)


def executables() -> tuple[str, str]:
    found = shutil.which(CHROMIUM), shutil.which(CHROMEDRIVER)
    if not all(found):
        raise AssertionError(
            "the UI checks need Debian's chromium and chromedriver: "
            "apt-get install chromium chromium-driver (.ci/run installs them)"
        )
    return found[0] or "", found[1] or ""


@contextmanager
def browser(shots: Path) -> Iterator[Browser]:
    """A headless chromium; on the way out, the check fails on any console error of a step."""
    binary, chromedriver = executables()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--lang=en-US"):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    shots.mkdir(parents=True, exist_ok=True)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield Browser(driver, shots)
    finally:
        driver.quit()
