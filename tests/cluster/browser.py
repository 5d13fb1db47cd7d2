"""A real headless browser (Debian's chromium, driven by Selenium through Debian's chromedriver) for
the UI checks: the steps a person takes, a screenshot of each under tests/artifacts/, and the
browser console read after each step."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
def browser(shots: Path, arguments: Sequence[str] = ()) -> Iterator[Browser]:
    """A headless chromium (with extra command-line `arguments`); the caller fails the check on
    any console error its steps collected."""
    binary, chromedriver = executables()
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,900", "--lang=en-US", *arguments):  # fmt: skip
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    shots.mkdir(parents=True, exist_ok=True)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield Browser(driver, shots)
    finally:
        driver.quit()


def walk_the_tutorial_ui(b: Browser, web: str, flower: str, password: str, run: str) -> None:
    """What a person does after the tutorial ran: log in as the admin at `web` (the UI's URL, a
    sub-path or not), find the DAG, see run `run` succeed in its grid, read a task's log (served
    by the worker), then see both workers online in Flower at `flower`. A screenshot per step."""
    path = urlsplit(web).path.rstrip("/")
    b.open(web + "/")
    b.wait("the login form", lambda: b.elements("#username"))
    b.elements("#username")[0].send_keys("admin")
    b.elements("#password")[0].send_keys(password)
    b.elements("input[type=submit], button[type=submit]")[0].click()
    b.wait("the home page after login", lambda: "/auth/login" not in b.driver.current_url)
    b.step("1-logged-in")
    b.open(web + "/dags")
    # The UI's links carry the sub-path it is served below.
    link = f"a[href='{path}/dags/tutorial']"
    b.wait("the DAG list with the tutorial", lambda: b.elements(link))
    b.step("2-dag-list")
    b.open(f"{web}/dags/tutorial/runs/{run}")
    b.wait("the run's state badge", lambda: b.elements("[data-testid='state-badge']"))
    b.wait("the run in the success state", lambda: b.shows("Success"))
    cell = f"[data-testid='grid-{run}-templated']"
    b.wait("the run's tasks in the grid", lambda: b.elements(cell))
    b.step("3-grid")
    b.elements(cell)[0].click()
    # The task's output line, not the command echoing it (`echo "logical date ...`).
    output = re.compile(r"- logical date [\d-]+, seven days later [\d-]+")
    b.wait("the task's log from the worker", lambda: output.search(b.text()))
    b.step("4-task-log")
    b.open(flower + "/")
    workers = ("celery@airflow-worker-0", "celery@airflow-worker-1")
    b.wait("both workers in Flower", lambda: all(w in b.driver.page_source for w in workers))
    b.wait("both workers online", lambda: "Online workers\n2" in b.text())
    b.step("5-flower-workers")


def assert_no_console_errors(b: Browser) -> None:
    for message in b.known:
        print(f"known console error, not ours: {message}")
    assert not b.failing, "JS errors in the browser console:\n" + "\n".join(b.failing)
