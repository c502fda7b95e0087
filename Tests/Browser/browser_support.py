"""What the browser checks share: a headless chromium driven by selenium with console and
network logs enabled, and a `check` that prints each passed assertion.

A missing tool (selenium or another module, chromium, chromedriver) exits with MISSING_TOOL (3)
and one "missing tool: ..." line on stderr, never 0: the Swift side (TestSupport's
BrowserScript) turns that into a failure under `make test` and a named skip otherwise.
Import this module before selenium or numpy so the check comes first."""
import importlib
import json
import os
import sys
import time

MISSING_TOOL = 3


def missing(what):
    print(f"missing tool: {what} (scripts/setup --test)", file=sys.stderr)
    sys.exit(MISSING_TOOL)


def require_modules(*names):
    """Exits with MISSING_TOOL naming the first of `names` that cannot be imported."""
    for name in names:
        try:
            importlib.import_module(name)
        except ImportError as error:
            missing(f"python module {name} ({error})")


def require_executable(path, what):
    if not path or not os.access(path, os.X_OK):
        missing(f"{what} at {path}")
    return path


require_modules("selenium")

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)
    print(f"ok   {message}")


def driver(width=1280, height=900, hide_scrollbars=False):
    """Headless chromium ($CHROMIUM, $CHROMEDRIVER override the Debian paths) with browser and
    performance (network) logs, at a fixed window size and device scale 1."""
    options = webdriver.ChromeOptions()
    options.binary_location = require_executable(os.environ.get("CHROMIUM", "/usr/bin/chromium"), "chromium")
    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--window-size={width},{height}", "--force-device-scale-factor=1",
            "--disable-background-networking", "--disable-component-update", "--no-first-run"]
    if hide_scrollbars:
        args.append("--hide-scrollbars")
    for arg in args:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(require_executable(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"), "chromedriver"))
    return webdriver.Chrome(service=service, options=options)


def wait_drawn(d, timeout=60):
    """Waits until the explorer page has drawn its first view (`window.attnviz.firstDrawn`)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if d.execute_script("return !!(window.attnviz && window.attnviz.firstDrawn)"):
            return
        time.sleep(0.05)
    raise CheckFailed("page never drew")


def console_errors(d):
    """The browser console's errors (level SEVERE) since the last call."""
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def check_console_clean(d, what="zero console errors"):
    """Fails the check named `what` when the console has errors since the last call."""
    errors = console_errors(d)
    check(not errors, f"{what} ({errors[:2]})")


def run_checks(main, arguments, passed=None):
    """Runs `main(*arguments)`: on a failed check prints `FAIL ...` and exits 1; otherwise prints
    `passed` (when given)."""
    try:
        main(*arguments)
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        sys.exit(1)
    if passed:
        print(passed)


def foreign_requests(d, origin):
    """URLs the page requested (performance log) outside `origin`, data: and blob:."""
    urls = []
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith(origin) and not url.startswith("data:") and not url.startswith("blob:"):
                urls.append(url)
    return urls


def wait_for(d, script, timeout=60, what="condition"):
    """Polls `script` until it returns something truthy (returned); fails at once when the serve
    page's status turns into an error, or after `timeout` seconds."""
    end = time.time() + timeout
    while time.time() < end:
        value = d.execute_script(script)
        if value:
            return value
        error = d.execute_script("var s=document.getElementById('serve-status'); return s && s.classList.contains('error') ? s.textContent : null")
        if error:
            raise CheckFailed(f"page reported: {error}")
        time.sleep(0.05)
    raise CheckFailed(f"timed out waiting for {what}")
