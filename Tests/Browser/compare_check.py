#!/usr/bin/env python3
"""Checks, in headless chromium, an explorer page of `attnviz compare A B --explore`: the Heads
table's divergence column equals the NumPy goldens (head_scores.json's "divergence"); the matrix
view in A - B mode paints cells where A is larger red and cells where B is larger blue (RdBu_r);
the tooltip gives A, B and A - B of the hovered cell as the inputs say (within the 8-bit step);
with zero console errors.

    compare_check.py PAGE.html GOLDENS.json
"""
import json
import sys
import time

from browser_support import check, driver, wait_drawn, run_checks, check_console_clean

import numpy as np
from selenium.webdriver.common.actions.action_builder import ActionBuilder



def main(page, goldens):
    g = json.load(open(goldens, encoding="utf-8"))["divergence"]
    a, b = np.array(g["a"], dtype=np.float32), np.array(g["b"], dtype=np.float32)
    want = np.array(g["divergence"], dtype=np.float64)
    L, H, Q, K = a.shape
    d = driver(1300, 900)
    try:
        d.get(f"file://{page}#v=agg&l=0&h=0")
        wait_drawn(d)
        header = d.execute_script("return [...document.querySelectorAll('#stats thead th')].map(t => t.textContent.replace(/[ ▲▼]+$/, ''))")
        check("divergence" in header, f"the Heads table has a divergence column ({header})")
        rows = d.execute_script("return [...document.querySelectorAll('#stats tbody tr')].map(r => [...r.cells].map(c => c.textContent))")
        column = header.index("divergence")
        worst = max(abs(float(r[column]) - want[int(r[0]), int(r[1])]) for r in rows)
        check(len(rows) == L * H and worst <= 0.0011, f"per-head divergence equals NumPy's (worst {worst:.4f})")
        # A - B of the most changed head, cell by cell: sign by colour.
        l, h = np.unravel_index(np.argmax(want), want.shape)
        d.get(f"file://{page}#v=matrix&l={l}&h={h}&c=diff")
        wait_drawn(d)
        time.sleep(0.2)
        diff = a[l, h].astype(np.float64) - b[l, h]
        red = blue = 0
        for q in range(Q):
            for k in range(K):
                if abs(diff[q, k]) < 0.1:
                    continue
                p = d.execute_script("return window.attnviz.cellCenter(arguments[0], arguments[1])", q, k)
                rgb = d.execute_script("""
                    const c = document.querySelector('#matrix-host canvas'), r = c.getBoundingClientRect();
                    return Array.from(c.getContext('2d').getImageData(Math.round(arguments[0] - r.left), Math.round(arguments[1] - r.top), 1, 1).data);""",
                    p["x"], p["y"])
                if diff[q, k] > 0:
                    check(rgb[0] > rgb[2] + 30, f"A - B = {diff[q, k]:+.3f} at ({q},{k}) is red: {rgb[:3]}")
                    red += 1
                else:
                    check(rgb[2] > rgb[0] + 30, f"A - B = {diff[q, k]:+.3f} at ({q},{k}) is blue: {rgb[:3]}")
                    blue += 1
        check(red > 0 and blue > 0, f"both signs checked ({red} red, {blue} blue cells)")
        # The tooltip over one cell: A, B and A - B.
        q, k = np.unravel_index(np.argmax(np.abs(diff)), diff.shape)
        p = d.execute_script("return window.attnviz.cellCenter(arguments[0], arguments[1])", int(q), int(k))
        builder = ActionBuilder(d)
        builder.pointer_action.move_to_location(int(round(p["x"])), int(round(p["y"])))
        builder.perform()
        time.sleep(0.2)
        tip = d.execute_script("return document.getElementById('tooltip').textContent").split("\n")[-1]
        parts = tip.replace("A − B", "D").split()
        values = dict(zip(parts[0::2], map(float, parts[1::2])))
        step = 1 / 255 + 1e-6
        check(abs(values["A"] - a[l, h, q, k]) <= step and abs(values["B"] - b[l, h, q, k]) <= step
              and abs(values["D"] - diff[q, k]) <= 2 * step, f"tooltip at ({q},{k}) gives A, B and A - B: {tip!r}")
        # Switching to B shows B's own weights.
        d.execute_script("const s = document.getElementById('side'); s.value = 'b'; s.dispatchEvent(new Event('change'))")
        state = d.execute_script("return location.hash")
        check("c=b" in state, f"the A/B/A-B choice is in the link ({state})")
        check_console_clean(d)
    finally:
        d.quit()


if __name__ == "__main__":
    run_checks(main, sys.argv[1:3], "compare checks passed")
