#!/usr/bin/env python3
"""Drives attnviz explorer pages in real headless Chromium and checks what a user would see.

    explorer_check.py CASE_DIR [--screenshots DIR]

CASE_DIR holds pages written by the Swift test `AttentionExplorerTests/BrowserTests`, each
`NAME.html` with `NAME.f32` (the input weights, little-endian float32, C order) and `NAME.json`
({"shape", "precision", "queryTokens", "keyTokens", "pairSplit"}). For every page it checks: loads
from file:// with zero console errors and zero network requests (Resource Timing and the CDP
network log), the decoded weights equal the input to the quantisation step, selecting a layer or
head changes the pixels drawn, the tooltip over a cell found from the drawn pixels names that
cell and shows its weight, and the colour drawn there is that weight's, keyboard
arrows move layer/head, the URL fragment restores the view, sentence-pair filters restrict the
matrix, tokens stay text. Prints one line per check; exits 1 on the first failure.
"""
import argparse, hashlib, json, os, pathlib, re, sys, time

import browser_support  # first: a missing selenium/numpy exits 3 (missing tool), not a traceback
browser_support.require_modules("numpy")

import numpy as np
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_support import CheckFailed, check, console_errors, driver as _driver
import explorer_geometry as geo


def driver(width=1280, height=900):
    return _driver(width, height, hide_scrollbars=True)


def wait_ready(d, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        ready = d.execute_script("return !!(window.attnviz && window.attnviz.firstDrawn)")
        if ready:
            return
        error = d.execute_script("var s=document.getElementById('status'); return s && s.classList.contains('error') ? s.textContent : null")
        if error:
            raise CheckFailed(f"page reported: {error}")
        time.sleep(0.05)
    raise CheckFailed("page did not draw within %ss" % timeout)


def go(d, fragment, timeout=10):
    """Sets the URL fragment and waits (polling, with a deadline) until the page shows it."""
    want = dict(part.split("=") for part in fragment.split("&"))
    d.execute_script("location.hash = arguments[0]", fragment)
    end = time.time() + timeout
    while True:
        st = d.execute_script("return [window.attnviz.state(), document.documentElement.dataset.theme, "
                              "document.querySelector('.view.active') && document.querySelector('.view.active').id]")
        state, theme, active = st
        if (state["view"] == want.get("v", state["view"]) and active == f"view-{state['view']}"
                and theme == want.get("t", theme) and str(state["layer"]) == want.get("l", str(state["layer"]))):
            return state
        if time.time() > end:
            raise CheckFailed(f"the page did not show #{fragment} within {timeout} s ({st})")
        time.sleep(0.02)



def network_requests(d, page_url):
    urls = []
    for entry in d.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [u for u in urls if u.split("#")[0] != page_url.split("#")[0]]


def move_to(d, x, y):
    """Moves the mouse to viewport coordinates (x, y)."""
    builder = ActionBuilder(d)
    builder.pointer_action.move_to_location(int(round(x)), int(round(y)))
    builder.perform()


def canvas_hash(d, selector):
    data = d.execute_script(f"return document.querySelector('{selector}').toDataURL('image/png')")
    return hashlib.sha1(data.encode()).hexdigest()


def quantisation_tolerance(values, precision):
    """Largest decoding error allowed per element, computed from the input alone."""
    L, H = values.shape[:2]
    if precision == "u8":
        heads = values.reshape(L, H, -1)
        low = np.minimum(heads.min(axis=2), 0)
        high = np.maximum(heads.max(axis=2), 0)
        step = (high - low) / 255
        return np.broadcast_to((step / 2 * 1.001 + 1e-7)[:, :, None, None], values.shape)
    return np.maximum(np.abs(values), 6.1e-5) * 2.0 ** -11 * 1.001


def note_intensities(weights):
    """The note's createHTML: sum over the 3-window, / 2 at both ends and / 3 inside, min-max."""
    n = len(weights)
    out = np.zeros(n)
    for i in range(n):
        for j in (-1, 0, 1):
            if 0 <= i + j < n:
                out[i] += weights[i + j]
        out[i] /= 2.0 if (i == 0 or i == n - 1) else 3.0
    span = out.max() - out.min()
    return (out - out.min()) / span if span > 0 else np.zeros(n), span


def check_page(d, case, shots):
    name = case.stem
    meta = json.loads(case.with_suffix(".json").read_text())
    shape = meta["shape"]
    values = np.fromfile(case.with_suffix(".f32"), dtype="<f4").reshape(shape)
    L, H, Q, K = shape
    url = case.with_suffix(".html").resolve().as_uri()
    print(f"--- {name} {shape} {meta['precision']}")
    d.get_log("performance"); d.get_log("browser")
    d.get(url)
    wait_ready(d)
    first = d.execute_script("return window.attnviz.firstDrawn")
    print(f"info first view drawn at {first:.0f} ms")
    check(d.execute_script("return window.attnviz.shape()") == shape, f"{name}: page decodes shape {shape}")

    # Decoded weights vs input, every element for small pages, a strided sample for large ones.
    total = values.size
    stride = 1 if total <= 200_000 else 97
    decoded = d.execute_script("""
        const [L, H, Q, K] = window.attnviz.shape(), stride = arguments[0], out = [];
        for (let i = 0; i < L * H * Q * K; i += stride) {
          const k = i % K, q = Math.floor(i / K) % Q, h = Math.floor(i / (K * Q)) % H, l = Math.floor(i / (K * Q * H));
          out.push(window.attnviz.weight(l, h, q, k));
        }
        return out;""", stride)
    flat = values.reshape(-1)[::stride]
    tol = quantisation_tolerance(values, meta["precision"]).reshape(-1)[::stride]
    error = np.abs(np.array(decoded, dtype=np.float64) - flat)
    worst = float((error / tol).max())
    check(len(decoded) == len(flat) and worst <= 1.0,
          f"{name}: {len(decoded)} decoded weights within the quantisation step (worst {worst:.2f} of allowed)")

    # Matrix view: layer/head changes the pixels; tooltip shows the known cell.
    d.find_element(By.CSS_SELECTOR, '#views button[data-view="matrix"]').click()
    h0 = canvas_hash(d, "#matrix-host canvas")
    if L > 1:
        Select(d.find_element(By.ID, "layer")).select_by_value("1")
        h1 = canvas_hash(d, "#matrix-host canvas")
        check(h1 != h0 and d.execute_script("return window.attnviz.state().layer") == 1, f"{name}: choosing layer 1 redraws the matrix")
        h0 = h1
    if H > 1:
        Select(d.find_element(By.ID, "head")).select_by_value("2" if H > 2 else "1")
        h2 = canvas_hash(d, "#matrix-host canvas")
        check(h2 != h0, f"{name}: choosing another head redraws the matrix")
    state = d.execute_script("return window.attnviz.state()")
    l, h = state["layer"], state["head"]
    # Where each cell is comes from the drawn pixels (the heatmap's rectangle on the YlOrRd ramp)
    # and the cell count, not from the page's own cellCenter, so a drawing and a hit test that
    # were both transposed (or both shifted) would fail here.
    pixels = geo.canvas_pixels(d, "#matrix-host canvas")
    rect = geo.heatmap_rect(pixels)
    check(rect is not None, f"{name}: the matrix is drawn ({rect})")
    ox, oy = geo.canvas_origin(d, "#matrix-host canvas")
    cell = (rect[2] - rect[0]) / K
    slack = 0 if cell >= 6 else int(np.ceil(1.5 / cell))   # cells smaller than a pixel: a neighbour may be hit
    tol = quantisation_tolerance(values, meta["precision"])
    head = values[l, h]
    for (q, k) in [(Q - 1, K - 1), (Q // 3, (2 * K) // 3), (0, K - 1), (Q - 1, 0)]:
        cx, cy = geo.cell_centre(rect, Q, K, q, k)
        cx, cy = min(max(cx, rect[0]), rect[2] - 1), min(max(cy, rect[1]), rect[3] - 1)  # on a drawn pixel
        move_to(d, 2, 2)
        move_to(d, ox + cx, oy + cy)
        tip = d.find_element(By.ID, "tooltip")
        text = tip.text
        m = re.search(r"query (\d+) .*\nkey +(\d+) .*\nweight (\S+)", text, re.S)
        check(tip.is_displayed() and m is not None, f"{name}: tooltip appears over cell ({q}, {k})")
        tq, tk, shown = int(m.group(1)), int(m.group(2)), float(m.group(3))
        expected = float(head[tq, tk]) if 0 <= tq < Q and 0 <= tk < K else float("nan")
        allowed = float(tol[l, h, min(tq, Q - 1), min(tk, K - 1)]) + 5e-5 + abs(expected) * 5e-4
        drawn = geo.ramp_index(pixels[int(cy), int(cx)])
        colour = geo.lut_index(float(head[q, k]), float(head.min()), float(head.max()))
        check(abs(tq - q) <= slack and abs(tk - k) <= slack and abs(shown - expected) <= allowed
              and (slack > 0 or abs(drawn - colour) <= 2),
              f"{name}: tooltip at L{l} H{h} over the drawn cell ({q},{k}) names ({tq},{tk}) and says {shown}, input is {expected:.6f}"
              + (f"; drawn colour entry {drawn}, NumPy {colour}" if slack == 0 else f" (cells are {cell:.2f} px: within {slack})"))
        check(d.execute_script("return document.getElementById('tooltip').textContent").count(meta["keyTokens"][tk]) >= 1,
              f"{name}: tooltip names key token {meta['keyTokens'][tk]!r} as text")

    # Keyboard: arrows move layer and head.
    body = d.find_element(By.TAG_NAME, "body")
    d.execute_script("document.activeElement && document.activeElement.blur()")
    before = d.execute_script("return window.attnviz.state()")
    body.send_keys(Keys.ARROW_LEFT)
    after = d.execute_script("return window.attnviz.state()")
    check(after["head"] == max(0, before["head"] - 1) and after["layer"] == before["layer"], f"{name}: left arrow moves to the previous head")
    body.send_keys(Keys.ARROW_UP)
    after = d.execute_script("return window.attnviz.state()")
    check(after["layer"] == max(0, before["layer"] - 1), f"{name}: up arrow moves to the previous layer")

    # Head view: toggling heads and choosing a head change the drawing.
    d.find_element(By.CSS_SELECTOR, '#views button[data-view="head"]').click()
    d.find_element(By.ID, "heads-all").click()
    a = canvas_hash(d, "#head-canvas")
    if H > 1:
        d.find_element(By.CSS_SELECTOR, '#head-chips .chip[data-head="0"]').click()
        b = canvas_hash(d, "#head-canvas")
        check(a != b and 0 not in d.execute_script("return window.attnviz.state().heads"), f"{name}: toggling head 0 off redraws the head view")
    Select(d.find_element(By.ID, "head")).select_by_value(str(H - 1))
    c = canvas_hash(d, "#head-canvas")
    if H > 1:
        check(d.execute_script("return window.attnviz.state().heads") == [H - 1] and c != a, f"{name}: choosing head {H-1} shows only it")
    if L > 1:
        Select(d.find_element(By.ID, "layer")).select_by_value(str(L - 1))
        check(canvas_hash(d, "#head-canvas") != c, f"{name}: choosing layer {L-1} redraws the head view")
    # Hover focuses a token's lines.
    unfocused = canvas_hash(d, "#head-canvas")
    d.execute_script("window.scrollTo(0, 0); document.getElementById('head-scroll').scrollTop = 0")
    r = d.execute_script("const r = document.getElementById('head-canvas').getBoundingClientRect(); return [r.left, r.top]")
    move_to(d, r[0] + 30, r[1] + 34 + 5)
    check(canvas_hash(d, "#head-canvas") != unfocused, f"{name}: hovering the first query token focuses its lines")
    ActionChains(d).click().perform()
    check(d.execute_script("return window.attnviz.state().pin") is not None, f"{name}: clicking pins the token")

    # URL fragment restores a view.
    d.get(url.split("#")[0] + f"#v=matrix&l={L-1}&h={H-1}&t=dark")
    d.refresh()
    wait_ready(d)
    st = d.execute_script("return window.attnviz.state()")
    check(st["view"] == "matrix" and st["layer"] == L - 1 and st["head"] == H - 1 and st["theme"] == "dark",
          f"{name}: URL fragment restores view, layer, head and theme")
    check(d.execute_script("return document.documentElement.dataset.theme") == "dark", f"{name}: dark theme applied")

    # Sentence pairs.
    split = meta.get("pairSplit")
    if split:
        Select(d.find_element(By.ID, "pair")).select_by_value("AB")
        point = d.execute_script("return window.attnviz.cellCenter(0, arguments[0])", split)
        check(point is not None, f"{name}: A→B shows queries of A against keys of B")
        hidden = d.execute_script("const p = document.getElementById('matrix-host'); return window.attnviz.state().pair")
        check(hidden == "AB", f"{name}: pair filter recorded in state")
        d.find_element(By.CSS_SELECTOR, '#views button[data-view="head"]').click()
        labels = d.execute_script("return window.attnviz.state().pair")
        check(labels == "AB", f"{name}: pair filter applies to the head view")
        Select(d.find_element(By.ID, "pair")).select_by_value("all")

    # Every view draws, exports a PNG, and shows tokens as text, never markup.
    for view in ("head", "model", "matrix", "text", "agg"):
        for theme in ("light", "dark"):
            go(d, f"v={view}&l=0&h=0&t={theme}")
            size = d.execute_script("""
                const c = window.attnviz.exportCanvas(), px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let ink = 0;
                for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - px[0]) + Math.abs(px[i + 1] - px[1]) + Math.abs(px[i + 2] - px[2]) > 60) ink++;
                return [c.width, c.height, c.toDataURL('image/png').length, [px[0], px[1], px[2]], ink / (px.length / 4)];""")
            background = [255, 255, 255] if theme == "light" else [0x14, 0x17, 0x1c]
            check(size[0] > 100 and size[1] > 100 and size[2] > 2000 and size[3] == background and size[4] > 0.002,
                  f"{name}: {view} view ({theme}) exports a {size[0]}x{size[1]} PNG on the theme's background {size[3]}, "
                  f"{size[4]:.1%} of it drawn")
            if shots:
                d.save_screenshot(str(pathlib.Path(shots) / f"{name}-{view}-{theme}.png"))
    check(d.execute_script("return document.querySelectorAll('img, iframe, object, embed').length") == 0, f"{name}: no token became markup")
    if any("<" in t for t in meta["queryTokens"]):
        go(d, "v=text&l=0&h=0")
        text = d.find_element(By.ID, "text-heat").text
        check(any(t in text for t in meta["keyTokens"] if "<" in t), f"{name}: tokens with markup show as literal text")

    # Model view: double-clicking a thumbnail opens that head in the matrix view (a click locks
    # its preview; matrix_view_check.py checks the preview).
    go(d, "v=model&l=0&h=0")
    ActionChains(d).double_click(d.find_element(By.CSS_SELECTOR, f'#model-grid canvas[data-layer="{L - 1}"][data-head="{H - 1}"]')).perform()
    st = d.execute_script("return window.attnviz.state()")
    check(st["view"] == "matrix" and st["layer"] == L - 1 and st["head"] == H - 1, f"{name}: model view thumbnail opens layer {L-1} head {H-1} in the matrix view")
    # Copy link puts the URL with the view state somewhere the user can take it; Save PNG runs.
    d.find_element(By.ID, "link").click()
    end = time.time() + 10
    while True:
        shown = d.execute_script("const i = document.querySelector('#status input'); return i ? i.value : document.getElementById('status').textContent")
        if f"v=matrix&l={L-1}&h={H-1}" in shown or time.time() > end:
            break
        time.sleep(0.02)
    check(f"v=matrix&l={L-1}&h={H-1}" in shown, f"{name}: copy link offers the view's URL ({shown[-40:]!r})")
    d.find_element(By.ID, "png").click()

    # Text view by default: each key's own weight, one scale (min..max) over every query of the
    # head, and a legend saying so.
    go(d, "v=text&l=0&h=0&tq=0")
    shown = np.array(d.execute_script("return [...document.querySelectorAll('#text-heat span')].map(s => Number(s.dataset.intensity))"))
    head = values[0, 0].astype(np.float64)
    lo, hi = head.min(), head.max()
    expected = (head[0] - lo) / (hi - lo) if hi > lo else np.zeros(K)
    allowed = 2 * float(quantisation_tolerance(values, meta["precision"])[0, 0].max()) / max(hi - lo, 1e-12) + 1e-6
    check(len(shown) == K and np.max(np.abs(shown - expected)) <= allowed,
          f"{name}: text view shows raw weights on one scale for all queries by default (max diff {np.max(np.abs(shown - expected)):.2e})")
    legend = d.execute_script("return document.getElementById('text-legend').textContent")
    check("one scale for every query" in legend, f"{name}: the text view's legend states its scale ({legend!r})")
    # The note's trigram smoothing + min-max per example, when asked for, for query 0.
    go(d, "v=text&l=0&h=0&tq=0&sm=3&rg=row")
    shown = d.execute_script("return [...document.querySelectorAll('#text-heat span')].map(s => Number(s.dataset.intensity))")
    expected, span = note_intensities(values[0, 0, 0].astype(np.float64))
    # Each weight is off by at most the quantisation step, so each window mean too; min-max
    # can at most quadruple that relative to the span.
    allowed = 4 * float(quantisation_tolerance(values, meta["precision"])[0, 0, 0].max()) / max(span, 1e-12) + 1e-6
    check(len(shown) == K and np.max(np.abs(np.array(shown) - expected)) <= max(allowed, 1e-6),
          f"{name}: text view intensities match the note's createHTML for query 0 (max diff {np.max(np.abs(np.array(shown) - expected)):.2e})")

    # Aggregates: the Heads table's scores (attnviz's HeadScore, from the exact weights) against
    # the same definitions computed here: first A[q,0], self A[q,q], previous A[q,q-1], next
    # A[q,q+1] (means over the q where the key exists), entropy -sum A ln A (nats).
    go(d, "v=agg&l=0&h=0")
    header = d.execute_script("return [...document.querySelectorAll('#stats thead th')].map(t => t.textContent.replace(/[ ▲▼]+$/, ''))")
    rows = d.execute_script("return [...document.querySelectorAll('#stats tbody tr')].map(r => [...r.cells].map(c => c.textContent))")
    a = values.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(a > 0, a * np.log(np.where(a > 0, a, 1)), 0.0)
    expected = {
        "first": a[:, :, :, 0].mean(axis=2),
        "self": np.stack([a[:, :, q, q] for q in range(min(Q, K))], axis=2).mean(axis=2),
        "previous": np.stack([a[:, :, q, q - 1] for q in range(1, min(Q, K + 1))], axis=2).mean(axis=2) if Q > 1 else None,
        "next": np.stack([a[:, :, q, q + 1] for q in range(0, min(Q - 1, K - 1))], axis=2).mean(axis=2) if min(Q - 1, K - 1) > 0 else None,
        "entropy": (-plogp.sum(axis=3)).mean(axis=2),
    }
    check(header[:2] == ["layer", "head"] and all(n in header for n in expected if expected[n] is not None),
          f"{name}: the Heads table lists layer, head and the scores ({header})")
    worst, compared = 0.0, 0
    for row in rows:
        l, h = int(row[0]), int(row[1])
        for n, table in expected.items():
            if table is None:
                continue
            worst = max(worst, abs(float(row[header.index(n)]) - table[l, h]))
            compared += 1
    tol = 0.0011  # the table shows 3 decimals of scores computed by attnviz from the exact weights
    check(len(rows) == L * H and compared > 0 and worst <= tol,
          f"{name}: per-head first / self / previous / next / entropy match NumPy (worst diff {worst:.4f})")
    # Sorting: a click on "first" orders the heads by it, highest first.
    d.execute_script("[...document.querySelectorAll('#stats thead th')].find(t => t.textContent.startsWith('first')).click()")
    column = header.index("first")
    firsts = d.execute_script("return [...document.querySelectorAll('#stats tbody tr')].map(r => Number(r.cells[arguments[0]].textContent))", column)
    check(firsts == sorted(firsts, reverse=True), f"{name}: clicking 'first' sorts the heads by it")

    errors = console_errors(d)
    check(not errors, f"{name}: zero console errors ({errors[:2]})")
    requests = network_requests(d, url)
    resources = d.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    check(not requests and not resources, f"{name}: zero network requests (CDP: {requests[:3]}, resource timing: {resources[:3]})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    if args.screenshots:
        os.makedirs(args.screenshots, exist_ok=True)
    cases = sorted(pathlib.Path(args.cases).glob("*.html"))
    if not cases:
        print(f"no pages in {args.cases}", file=sys.stderr)
        return 1
    d = driver()
    try:
        for case in cases:
            check_page(d, case, args.screenshots)
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        return 1
    finally:
        d.quit()
    print("all browser checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
