"""What the browser checks share: a headless chromium driven by selenium with console and
network logs enabled, and a `check` that prints each passed assertion."""
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service


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
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            f"--window-size={width},{height}", "--force-device-scale-factor=1",
            "--disable-background-networking", "--disable-component-update", "--no-first-run"]
    if hide_scrollbars:
        args.append("--hide-scrollbars")
    for arg in args:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=service, options=options)
