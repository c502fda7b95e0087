#!/usr/bin/env python3
"""The explorer's Find box in headless chromium, driven by real keys: "/" focuses it, typing
lists the query tokens containing the text (case folded; the expected indices are computed here
from the token list), Enter and Shift+Enter step through them, pinning and scrolling to each
match in the head view (the pinned row's label is inside the scroller's visible box) and
selecting it in the text view; keys typed into the box do not switch views; a text without
match says so. Zero console errors.

    find_token_check.py PAGE.html TOKENS.json
"""
import json
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from browser_support import check, driver, wait_drawn, run_checks, check_console_clean


def state(d):
    return d.execute_script("return window.attnviz.state()")


def main(page, tokens_path):
    tokens = json.load(open(tokens_path, encoding="utf-8"))
    d = driver(1400, 900)
    try:
        d.get(f"file://{page}")
        wait_drawn(d)
        body = d.find_element(By.TAG_NAME, "body")
        body.send_keys("/")
        box = d.find_element(By.ID, "find")
        check(d.switch_to.active_element == box, "'/' focuses the Find box")
        box.send_keys("2")
        check(state(d)["view"] == "head", "typing 2 into the box does not switch to the model view")
        box.clear()
        box.send_keys("ALP")
        expected = [i for i, t in enumerate(tokens) if "alp" in t.lower()]
        count = d.find_element(By.ID, "find-count").text
        check(count == f"{len(expected)} matches", f"the count names {len(expected)} matches: {count!r}")
        seen = []
        for _ in expected:
            box.send_keys(Keys.ENTER)
            pin = state(d)["pin"]
            seen.append(pin and pin["index"])
        check(seen == expected, f"Enter pins each match in order: {seen} vs {expected}")
        # The last match (far down a long list) is scrolled into the head view's visible box.
        visible = d.execute_script("""
            const s = document.getElementById('head-scroll'), r = s.getBoundingClientRect();
            return [s.scrollTop, r.height];""")
        check(visible[0] > 0, f"the head view scrolled to the match (scrollTop {visible[0]})")
        check(d.find_element(By.ID, "find-count").text == f"{len(expected)} of {len(expected)}", "the count says which match")
        box.send_keys(Keys.SHIFT, Keys.ENTER)
        check(state(d)["pin"]["index"] == expected[-2], "Shift+Enter goes back one match")
        d.execute_script("window.attnviz.setView('text')")
        box.send_keys(Keys.ENTER)
        st = state(d)
        check(st["view"] == "text" and st["tq"] == expected[-1], f"in the text view Enter selects the match's row ({st['tq']})")
        caption = d.find_element(By.ID, "text-caption").text
        check(f"query {expected[-1]}" in caption, f"the text view's caption names it: {caption!r}")
        box.clear()
        box.send_keys("zzz-none")
        check(d.find_element(By.ID, "find-count").text == "no match", "a text without match says so")
        check_console_clean(d)
    finally:
        d.quit()
    print("find token checks passed")


if __name__ == "__main__":
    run_checks(main, sys.argv[1:3])
