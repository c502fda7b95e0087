#!/usr/bin/env python3
"""Checks, in headless chromium, that an explorer page shows tokens by attnviz's one
token-display table: `window.attnviz.display(token)` equals, for every case, what the Swift
library's `TokenDisplay.visible` gives (computed by the Swift test, not here), and the text
view's query tokens read the same; with zero console errors.

    token_display_check.py PAGE.html CASES.json

CASES.json: {"tokens": [...], "expected": [...]}; the page's query tokens are `tokens`.
"""
import json
import sys

from browser_support import check, driver, wait_drawn, run_checks, check_console_clean


def main(page, cases_path):
    cases = json.load(open(cases_path, encoding="utf-8"))
    tokens, expected = cases["tokens"], cases["expected"]
    d = driver(1200, 800)
    try:
        d.get(f"file://{page}#v=text&l=0&h=0")
        wait_drawn(d)
        shown = d.execute_script("return arguments[0].map(t => window.attnviz.display(t))", tokens)
        wrong = [(t, s, e) for t, s, e in zip(tokens, shown, expected) if s != e]
        check(not wrong, f"display() equals TokenDisplay.visible for all {len(tokens)} tokens ({[(ascii(t), ascii(s), ascii(e)) for t, s, e in wrong[:3]]})")
        spans = d.execute_script("return Array.from(document.querySelectorAll('#text-queries span')).map(s => s.textContent)")
        check(len(spans) == len(tokens), f"the text view lists all {len(tokens)} query tokens")
        wrong = [(s, e) for s, e in zip(spans, expected) if s.strip() != e.strip()]
        check(not wrong, f"the text view's tokens read as the table says ({[(ascii(s), ascii(e)) for s, e in wrong[:3]]})")
        check_console_clean(d)
    finally:
        d.quit()


if __name__ == "__main__":
    run_checks(main, sys.argv[1:3], "token display checks passed")
