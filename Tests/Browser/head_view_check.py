"""The explorer's head view as a researcher meets it (issue #17 item 1), in headless chromium.

    head_view_check.py ATTNVIZ DIR

DIR holds MiniLM runs written by `attnviz run ... -o NAME.npy --explore NAME.html`:
s24 (one sentence), t311 (a 311-token text) and pair (a sentence pair), and cases.json with
the model folder and the texts ({"model", "s24", "t311", "pair": [a, b]}); the tokens and the
pair's split come from the `tokenizers` library. This script adds synthetic pages made with
`ATTNVIZ explore` from NumPy arrays: `known` (heads with one-hot rows, for opacity) and
`long` (2,048 tokens).

Every expected number comes from NumPy or from the drawn pixels (label ink, line ink, bar ink),
never from the page's own geometry code: line lengths 150-250 px at 1400 and 1920 px windows,
opacity shared among the selected heads, per-head bars on hover (each head's colour, height in
proportion to its weight), the top-targets list equal to NumPy's, a visible pinned state that
differs from hover, the Head control's text and the arrow keys, sticky headings, no blank strip,
sentence B marked, full-length PNG and SVG exports, and no console errors."""
import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

from browser_support import check, console_errors, driver, require_modules, wait_drawn

require_modules("numpy")
import numpy as np  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

import explorer_geometry as geo  # noqa: E402

BACKGROUND = np.array([255, 255, 255])


def poll(condition, what, timeout=10):
    end = time.time() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.time() > end:
            check(False, f"timed out waiting for: {what}")
        time.sleep(0.05)


def state(d):
    return d.execute_script("return window.attnviz.state()")


def open_page(d, path, fragment=""):
    d.get("file://" + os.path.abspath(path) + ("#" + fragment if fragment else ""))
    d.refresh()  # a new fragment on the same file is a hashchange, not a load
    wait_drawn(d)
    time.sleep(0.1)


def pixels(d):
    return geo.canvas_pixels(d, "#head-canvas")


def dark(p):
    """Token labels' ink: the foreground colour (#1d2330) and its antialiasing, darker than any
    head colour, the muted headings or the accent."""
    return p.max(axis=2) < 100


def bands(mask_rows, gap=1):
    """Centres of runs of True in a 1-D mask (runs split by more than `gap` False rows)."""
    ys = np.flatnonzero(mask_rows)
    out = []
    for y in ys:
        if out and y - out[-1][1] - 1 <= gap: out[-1][1] = y
        else: out.append([y, y])
    return [((a + b) / 2, a, b) for a, b in out]


def label_bands(mask_rows):
    """Text rows from the rows holding ink: the ink's period gives the row pitch, the runs of ink
    the phase; every run is snapped to its row, so a glyph split in two (the dot of an i) is one row.
    Returns (centre, top, bottom) of each row that has ink, the middle 40% of the pitch."""
    centres = np.array([c for c, _, _ in bands(mask_rows, gap=0)])
    if len(centres) < 2:
        return [(c, c - 3, c + 3) for c in centres]
    # The pitch: the lag (6..40 px) at which the ink rows best repeat themselves.
    m = np.asarray(mask_rows, dtype=np.float64)
    m = m[int(np.flatnonzero(m).min()): int(np.flatnonzero(m).max()) + 1] - m.mean()
    lags = range(6, min(41, len(m) // 2))
    score = {lag: np.dot(m[:-lag], m[lag:]) / (len(m) - lag) for lag in lags}
    best = max(score.values())
    coarse = min(lag for lag in lags if score[lag] >= 0.8 * best)  # not a multiple of it
    # Refined to a fraction of a pixel: the pitch and phase that put the runs' centres nearest
    # whole rows (circular mean of the centres modulo the pitch).
    def fit(pitch):
        angle = 2 * np.pi * centres / pitch
        phase = np.angle(np.exp(1j * angle).mean()) * pitch / (2 * np.pi)
        return np.abs(np.exp(1j * angle).mean()), phase
    pitch = max(np.arange(coarse - 1.5, coarse + 1.5, 0.02), key=lambda p: fit(p)[0])
    phase = fit(pitch)[1]
    rows = np.unique(np.round((centres - phase) / pitch).astype(int))
    return [(phase + r * pitch, phase + (r - 0.2) * pitch, phase + (r + 0.2) * pitch) for r in rows]


def labels(p):
    """Query labels (left half) and key labels (right half) found from ink: [(centre y, x0, x1)]
    each, plus where the query ink ends and the key ink starts."""
    ink = dark(p)
    half = p.shape[1] // 2
    q = label_bands(ink[:, :half].any(axis=1))
    k = label_bands(ink[:, half:].any(axis=1))
    q_end = int(np.flatnonzero(ink[:, :half].any(axis=0)).max())
    k_start = half + int(np.flatnonzero(ink[:, half:].any(axis=0)).min())
    return q, k, q_end, k_start


def line_extent(p, q_end, k_start, rows):
    """Leftmost and rightmost column holding any non-background pixel between the label columns,
    on the rows of the label bands `rows` (a pair's divider lies between them)."""
    keep = np.zeros(p.shape[0], dtype=bool)
    for _, a, b in rows: keep[int(a): int(b) + 1] = True
    region = np.abs(p[keep, q_end + 2: k_start - 1] - BACKGROUND).max(axis=2) > 3
    cols = np.flatnonzero(region.any(axis=0))
    return (q_end + 2 + int(cols.min()), q_end + 2 + int(cols.max())) if len(cols) else (0, -1)


def canvas_rect(d):
    return d.execute_script("const r = document.getElementById('head-canvas').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")


def hover_point(d, x, y):
    """Moves the pointer onto canvas pixel (x, y) with ActionChains (from the element's centre)."""
    left, top, w, h = canvas_rect(d)
    ActionChains(d).move_to_element_with_offset(d.find_element(By.ID, "head-canvas"), int(round(x - w / 2)), int(round(y - h / 2))).perform()


def head_colours(d):
    """Each head's colour as the chips' swatches show it (RGB)."""
    rgb = d.execute_script("return [...document.querySelectorAll('#head-chips .chip .swatch')].map(s => getComputedStyle(s).backgroundColor)")
    return [np.array([int(v) for v in c[c.index("(") + 1: c.index(")")].split(",")[:3]]) for c in rgb]


def head_control(d):
    return d.execute_script("const s = document.getElementById('head'); return [s.options[s.selectedIndex].textContent, s.parentElement.hidden || getComputedStyle(s.parentElement).display === 'none']")


def targets(d):
    return d.execute_script("""return [...document.querySelectorAll('#head-targets li')].map(li =>
        [Number(li.dataset.index), Number(li.dataset.weight), li.querySelector('.tok').textContent])""")


def steps(values, l, heads):
    """Half an 8-bit step of each selected head, from its exact weights."""
    return np.array([(values[l, h].max() - values[l, h].min()) / 255 / 2 for h in heads])


def check_targets(d, name, values, tokens, l, heads, side, index, limit=12):
    """The list equals NumPy's top targets of the mean over the selected heads (ties within the
    8-bit error may swap), weights within that error, tokens as text."""
    a = values[l, heads]
    mean = (a[:, index, :] if side == "q" else a[:, :, index]).mean(axis=0)
    tol = float(steps(values, l, heads).mean()) + 1e-6
    shown = targets(d)
    order = np.argsort(-mean, kind="stable")[:limit]
    floor = mean[order[-1]]
    ok = len(shown) == min(limit, len(mean))
    bad = []
    for rank, (j, w, text) in enumerate(shown):
        if abs(w - mean[j]) > tol or mean[j] < floor - 2 * tol or abs(mean[j] - mean[order[rank]]) > 2 * tol or text != tokens[j]:
            bad.append((rank, j, round(w, 4), round(float(mean[j]), 4), int(order[rank]), text))
    check(ok and not bad, f"{name}: {side}{index}'s targets list is NumPy's top {limit} of heads {list(heads)[:4]}{'…' if len(heads) > 4 else ''}"
          f" (first {[s[0] for s in shown[:5]]}, NumPy {order[:5].tolist()}) {bad[:3]}")


def show_heads(d, heads):
    """Shows `heads` (None: all) through the URL fragment, as a link would."""
    H = d.execute_script("return window.attnviz.shape()[1]")
    hs = ".".join(str(h) for h in (range(H) if heads is None else heads)) or "none"
    d.execute_script("location.hash = arguments[0]", f"v=head&hs={hs}")
    poll(lambda: state(d)["heads"] == list(range(H) if heads is None else heads), f"heads {hs} shown")
    time.sleep(0.05)


def label_layout(d, page, fragment=""):
    """Opens the page with no heads shown (labels only: no line ink can pass for text) and finds
    the labels from their ink; the layout does not depend on which heads are shown."""
    open_page(d, page, (fragment + "&" if fragment else "") + "v=head&hs=none")
    return labels(pixels(d))


def check_lines(d, name, page, width, height, heads=None):
    """Lines 150-250 px long at this window width; the canvas no wider than its content."""
    d.set_window_size(width, height)
    q, k, q_end, k_start = label_layout(d, page)
    show_heads(d, heads)
    p = pixels(d)
    x0, x1 = line_extent(p, q_end, k_start, q)
    box = d.execute_script("const s = document.getElementById('head-scroll'); return [s.clientWidth, document.getElementById('head-canvas').getBoundingClientRect().width]")
    right_ink = k_start + int(np.flatnonzero(dark(p)[:, k_start:].any(axis=0)).max())
    check(150 <= x1 - x0 + 1 <= 250 and box[0] - box[1] <= 2 and p.shape[1] - right_ink <= 60,
          f"{name} at {width}px: lines span x {x0}..{x1} ({x1 - x0 + 1} px), canvas {p.shape[1]} px wide with "
          f"{p.shape[1] - right_ink} px after the key labels, box {box[0]} px")
    return p, q, k, q_end, k_start, (x0, x1)


def check_hover_pin(d, name, values, qt, kt, l=0):
    """Hover a query token (found by its ink): per-head bars of each head's colour, heights in
    proportion to NumPy's weights; the list; then click pins it (badge, outline), Esc unpins."""
    H = values.shape[1]
    heads = state(d)["heads"]
    page = d.current_url.split("#")[0][len("file://"):]
    q, k, q_end, k_start = label_layout(d, page)
    show_heads(d, heads)
    p = pixels(d)
    pitch = float(np.median(np.diff([c for c, _, _ in q])))
    i = min(3, len(q) - 1)
    qi = i  # rows start at query 0 at the top
    hover_point(d, q_end - 3, q[i][0])
    poll(lambda: d.execute_script("return document.getElementById('head-targets').dataset.index") == str(qi), f"{name}: hovering query {qi} lists its targets")
    hovered = pixels(d)
    x0, x1 = line_extent(p, q_end, k_start, q)
    strip = hovered[:, x1 + 1: k_start - 1]
    colours = head_colours(d)
    missing, wrong = [], []
    for h in heads:
        same = (strip == colours[h]).all(axis=2)
        w = values[l, h, qi]
        if not same.any():
            if w.max() > 0.01: missing.append(h)
            continue
        runs = []
        for x in np.flatnonzero(same.any(axis=0)):
            runs += [b - a + 1 for _, a, b in bands(same[:, x], gap=0)]
        want = round(float(w.max()) * (pitch - 2))
        if abs(max(runs) - want) > 1.5: wrong.append((h, max(runs), want))
    check(not missing and not wrong, f"{name}: hovering query {qi} draws each of {len(heads)} heads' bars in its colour, the tallest "
          f"{round(float(values[l, heads[0], qi].max()) * (pitch - 2))} px as NumPy's weight says (missing {missing}, wrong {wrong})")
    check_targets(d, name, values, kt, l, heads, "q", qi)
    accent_hex = d.execute_script("return getComputedStyle(document.documentElement).getPropertyValue('--accent')").strip()
    accent = np.array([int(accent_hex[1 + 2 * c: 3 + 2 * c], 16) for c in range(3)])
    near = lambda img: int((np.abs(img[int(q[i][1]) - 8: int(q[i][2]) + 8, : q_end + 8] - accent).max(axis=2) <= 40).sum())
    badge_hidden = d.execute_script("return document.getElementById('head-pin').hidden")
    ActionChains(d).click().perform()
    poll(lambda: state(d)["pin"], f"{name}: clicking query {qi} pins it")
    pinned = pixels(d)
    badge = d.execute_script("const b = document.getElementById('head-pin'); return [b.hidden, b.textContent, getComputedStyle(b).display]")
    check(badge_hidden and not badge[0] and badge[2] != "none" and qt[qi] in badge[1] and "Esc" in badge[1] and near(pinned) > 40 + near(hovered),
          f"{name}: pinned query {qi} shows the badge {badge[1]!r} (hidden while hovering) and an accent outline "
          f"({near(pinned)} accent pixels at the token, {near(hovered)} when hovered)")
    hover_point(d, q_end - 3, q[min(i + 4, len(q) - 1)][0])
    time.sleep(0.15)
    check(d.execute_script("return document.getElementById('head-targets').dataset.index") == str(qi), f"{name}: moving over another token keeps the pinned list")
    d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
    poll(lambda: d.execute_script("return document.getElementById('head-pin').hidden") and not state(d)["pin"], f"{name}: Esc unpins")


def check_export(d, name, rows):
    """Save PNG's canvas holds every row: one band of label ink per token, counted from its pixels;
    the SVG parses and holds every token as text. Labels are counted with no heads shown, so
    no meeting of many lines can pass for a label; then the export with heads must add line ink."""
    heads = state(d)["heads"]
    show_heads(d, [])
    d.execute_script("window.__png = window.attnviz.exportCanvas()")
    found, size = d.execute_script("""
        const c = window.__png, w = c.width, ctx = c.getContext('2d'), out = [];
        for (let y0 = 0; y0 < c.height; y0 += 2048) {
          const h = Math.min(2048, c.height - y0), px = ctx.getImageData(0, y0, Math.floor(w / 2), h).data;
          for (let y = 0; y < h; y++) {
            let ink = 0;
            for (let x = 0; x < Math.floor(w / 2); x++) { const i = (y * Math.floor(w / 2) + x) * 4; if (Math.max(px[i], px[i + 1], px[i + 2]) < 100) { ink = 1; break; } }
            out.push(ink);
          }
        }
        return [out.join(''), [c.width, c.height]];""")
    counted = len(label_bands(np.array([ch == "1" for ch in found])))
    check(counted == rows, f"{name}: the PNG export ({size[0]}x{size[1]}) holds {counted} query labels, want all {rows}")
    show_heads(d, heads)
    ink = d.execute_script("""
        const a = window.__png, b = window.attnviz.exportCanvas();
        if (a.width !== b.width || a.height !== b.height) return -1;
        const pa = a.getContext('2d').getImageData(0, 0, a.width, Math.min(a.height, 4000)).data, pb = b.getContext('2d').getImageData(0, 0, b.width, Math.min(b.height, 4000)).data;
        let n = 0;
        for (let i = 0; i < pa.length; i += 4) if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 6) n++;
        return n;""")
    check(ink > 500, f"{name}: with heads {heads[:3]}{'…' if len(heads) > 3 else ''} the export is the same size and adds {ink} px of lines")
    d.find_element(By.ID, "png").click()
    svg = d.execute_script("return window.attnviz.headSVG()")
    root = ET.fromstring(svg.encode("utf-8"))
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    paths = sum(1 for _ in root.iter("{http://www.w3.org/2000/svg}path"))
    return texts, paths, len(svg)


def tokens_of(cases):
    """Each case's tokens (and the pair's split) from the `tokenizers` library, not from the page."""
    require_modules("tokenizers")
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(os.path.join(cases["model"], "tokenizer.json"))
    tok.no_padding(); tok.no_truncation()
    out = {name: tok.encode(cases[name]).tokens for name in ("s24", "t311")}
    pair = tok.encode(cases["pair"][0], cases["pair"][1])
    out["pair"], out["pairSplit"] = pair.tokens, pair.type_ids.index(1)
    return out


def main():
    attnviz, work = sys.argv[1], sys.argv[2]
    shots = os.environ.get("ATTNVIZ_SCREENSHOTS")
    if shots: os.makedirs(shots, exist_ok=True)
    meta = tokens_of(json.load(open(os.path.join(work, "cases.json"))))
    d = driver(1400, 900)
    try:
        # --- MiniLM sentence, 24 tokens.
        values = np.load(os.path.join(work, "s24.npy"))
        toks = meta["s24"]
        L, H, Q, K = values.shape
        check(Q == 24 and len(toks) == Q, f"s24: MiniLM sentence of {Q} tokens")
        for width, height in ((1920, 1080), (1400, 900)):
            check_lines(d, "s24", os.path.join(work, "s24.html"), width, height)
            if shots: d.save_screenshot(os.path.join(shots, f"head-s24-{width}.png"))
        check(state(d)["heads"] == list(range(H)) and head_control(d) == ["all heads", False],
              f"s24: all heads shown by default and the Head control says so {head_control(d)}")
        check(d.execute_script("return Number(document.getElementById('topk').value)") == 3,
              "s24: with all heads the lines-per-token field says 3, the default drawn")
        check_hover_pin(d, "s24", values, toks, toks)
        # Head control and arrows.
        d.find_element(By.CSS_SELECTOR, '#head-chips .chip[data-head="0"]').click()
        check(head_control(d)[0] == f"{H - 1} heads", f"s24: one chip off, the Head control says {head_control(d)[0]!r}")
        ActionChains(d).double_click(d.find_element(By.CSS_SELECTOR, '#head-chips .chip[data-head="5"]')).perform()
        check(head_control(d)[0] == "head 5" and state(d)["heads"] == [5], f"s24: double-clicking chip 5 shows head 5 alone, the control says {head_control(d)[0]!r}")
        open_page(d, os.path.join(work, "s24.html"), "v=head&hs=2.8")
        check(head_control(d)[0] == "2 heads", f"s24: heads 2 and 8 shown, the control says {head_control(d)[0]!r}")
        d.execute_script("document.activeElement && document.activeElement.blur()")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
        note = d.execute_script("return document.getElementById('head-note').textContent")
        check(state(d)["heads"] == [8] and head_control(d)[0] == "head 8" and "head 8" in note,
              f"s24: ← with heads 2 and 8 shows the last, head 8, alone and says so: {note!r}")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        check(state(d)["heads"] == [9] and head_control(d)[0] == "head 9", "s24: → then steps to head 9")
        open_page(d, os.path.join(work, "s24.html"), "v=head&h=0&hs=1")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
        check(state(d)["heads"] == [0] and head_control(d)[0] == "head 0", f"s24: ← from head 1 alone (menu head 0 before) shows head 0 {state(d)['heads']}")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
        check(state(d)["heads"] == [0], "s24: ← at head 0 stays there")
        d.find_element(By.TAG_NAME, "body").send_keys("a")
        check(state(d)["heads"] == list(range(H)) and head_control(d)[0] == "all heads", "s24: A shows all heads again")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
        check(state(d)["heads"] == [0] and "head 0" in d.execute_script("return document.getElementById('head-note').textContent"),
              "s24: → with all heads shows the first, head 0, alone and says so")
        for view, hidden in (("model", True), ("agg", True), ("matrix", False)):
            d.find_element(By.CSS_SELECTOR, f'#views button[data-view="{view}"]').click()
            check(head_control(d)[1] == hidden, f"s24: the Head control is {'hidden' if hidden else 'shown'} in the {view} view")
        d.find_element(By.CSS_SELECTOR, '#views button[data-view="head"]').click()
        texts, paths, size = check_export(d, "s24", Q)
        check(sum(t in toks for t in texts) >= 2 * Q, f"s24: the SVG export ({size} bytes, {paths} paths) holds every token twice as text")
        errors = console_errors(d)
        check(not errors, f"s24: no console errors {errors[:2]}")

        # --- Sentence pair: B marked, labels whole.
        values = np.load(os.path.join(work, "pair.npy"))
        toks, split = meta["pair"], meta["pairSplit"]
        p, q, k, q_end, k_start, span = check_lines(d, "pair", os.path.join(work, "pair.html"), 1400, 900)
        accent_hex = d.execute_script("return getComputedStyle(document.documentElement).getPropertyValue('--accent')").strip()
        accent = np.array([int(accent_hex[1 + 2 * c: 3 + 2 * c], 16) for c in range(3)])
        left_ink = int(np.flatnonzero(dark(p)[:, :q_end].any(axis=0)).min())
        marks = np.abs(p[:, :left_ink] - accent).max(axis=2) <= 60
        letters = bands(marks.any(axis=1))
        ys = [c for c, _, _ in q]
        check(len(letters) == 2 and abs(letters[0][0] - ys[0]) <= 3 and abs(letters[1][0] - ys[split]) <= 3,
              f"pair: A and B marked left of the labels at query 0 and query {split} (marks at {[round(c) for c, _, _ in letters]}, labels at {round(ys[0])}, {round(ys[split])})")
        between = p[int(q[split - 1][2]) + 1: int(q[split][1]), left_ink: q_end]
        dashed = (np.abs(between - BACKGROUND).max(axis=2) > 40).any(axis=1).sum()
        check(dashed >= 1 and len(q) == len(toks), f"pair: a divider between {toks[split - 1]!r} and {toks[split]!r}; all {len(q)} labels drawn")
        if shots: d.save_screenshot(os.path.join(shots, "head-pair-1400.png"))
        check_hover_pin(d, "pair", values, toks, toks)
        check_export(d, "pair", len(toks))
        errors = console_errors(d)
        check(not errors, f"pair: no console errors {errors[:2]}")

        # --- MiniLM text, 311 tokens: sticky headings, no blank strip, off-screen targets listed.
        values = np.load(os.path.join(work, "t311.npy"))
        toks = meta["t311"]
        L, H, Q, K = values.shape
        check(Q == 311, f"t311: MiniLM text of {Q} tokens")
        for width, height in ((1920, 1080), (1400, 900)):
            p, q, k, q_end, k_start, span = check_lines(d, "t311", os.path.join(work, "t311.html"), width, height)
        fill = d.execute_script("""const s = document.getElementById('head-scroll'), c = document.getElementById('head-canvas');
            const a = s.getBoundingClientRect(), b = c.getBoundingClientRect();
            return [a.top + s.clientTop + s.clientHeight, b.bottom, window.innerHeight]""")
        last = np.flatnonzero(dark(p).any(axis=1)).max()
        check(abs(fill[0] - fill[1]) <= 1 and fill[0] <= fill[2] and p.shape[0] - last <= 20,
              f"t311: the canvas fills its box to the bottom ({fill[1]:.0f} vs {fill[0]:.0f}, window {fill[2]}), labels drawn to {p.shape[0] - last} px from it")
        d.execute_script("document.getElementById('head-scroll').scrollTop = 2000")
        poll(lambda: d.execute_script("return document.getElementById('head-targets') && true") and not np.array_equal(pixels(d), p), "t311: scrolling redraws")
        time.sleep(0.15)
        s = pixels(d)
        q2, _, _, _ = labels(s)
        head_rows = np.abs(s[: int(q2[0][1]) - 2] - BACKGROUND).max(axis=2) > 30
        check(head_rows[:24].any() and not dark(s[: int(q2[0][1]) - 3]).any(),
              f"t311: scrolled 2000 px, the queries/keys headings stay on top and no label shows through them (first label at y {q2[0][0]:.0f})")
        if shots: d.save_screenshot(os.path.join(shots, "head-t311-scrolled.png"))
        # Hover a token at the bottom of the window: its top targets are mostly off-screen, the list has them.
        q, k, q_end, k_start = label_layout(d, os.path.join(work, "t311.html"))
        show_heads(d, [4])
        row = len(q) - 2
        hover_point(d, q_end - 3, q[row][0])
        poll(lambda: d.execute_script("return document.getElementById('head-targets').dataset.index") == str(row), f"t311: hovering query {row} lists its targets")
        check_targets(d, "t311", values, toks, 0, [4], "q", row)
        off = [j for j, _, _ in targets(d) if j >= len(q)]
        check(len(off) >= 1, f"t311: {len(off)} of the listed targets are below the visible rows (rows 0..{len(q) - 1} shown)")
        # Pinned, a listed target below the window scrolls into view when clicked.
        ActionChains(d).click().perform()
        poll(lambda: state(d)["pin"], "t311: clicking the hovered token pins it")
        j = off[0]
        d.find_element(By.CSS_SELECTOR, f'#head-targets li[data-index="{j}"]').click()
        time.sleep(0.2)
        top, view = d.execute_script("const s = document.getElementById('head-scroll'); return [s.scrollTop, s.clientHeight]")
        y = q[0][0] + j * (q[1][0] - q[0][0]) - top  # row j's label, from the labels' ink at scrollTop 0
        check(q[0][0] <= y <= view - 10, f"t311: clicking listed key {j} scrolls it into view (at y {y:.0f} of {view})")
        d.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)
        open_page(d, os.path.join(work, "t311.html"))
        texts, paths, size = check_export(d, "t311", Q)
        check(sum(t in toks for t in texts) >= 2 * Q, f"t311: the SVG export ({size} bytes, {paths} paths) holds all {Q} tokens on both sides")
        errors = console_errors(d)
        check(not errors, f"t311: no console errors {errors[:2]}")

        # --- Synthetic: opacity shared among the selected heads. Head 0 attends each token to
        # itself (one horizontal line per row, weight 1), head 1 to the next token and head 2 to
        # the previous one (their lines cross the middle half a row away).
        n = 24
        known = np.zeros((1, 4, n, n), dtype=np.float32)
        known[0, 0] = np.eye(n)
        known[0, 1] = np.roll(np.eye(n), 1, axis=1)
        known[0, 2] = np.roll(np.eye(n), -1, axis=1)
        known[0, 3] = np.eye(n)[::-1]
        np.save(os.path.join(work, "known.npy"), known)
        tokens = " ".join(f"w{i}" for i in range(n))
        subprocess.run([attnviz, "explore", os.path.join(work, "known.npy"), "--tokens", tokens, "-o", os.path.join(work, "known.html")], check=True)
        alphas = []
        for fragment in ("v=head&hs=0", "v=head&hs=0.1", "v=head&hs=0.1.2"):
            q, k, q_end, k_start = label_layout(d, os.path.join(work, "known.html"))
            show_heads(d, [int(h) for h in fragment.split("=")[-1].split(".")])
            p = pixels(d)
            colour = head_colours(d)[0]
            x = (q_end + k_start) // 2
            c = int(np.argmax(np.abs(BACKGROUND - colour)))
            vals = [(BACKGROUND[c] - p[int(round(y)) - 4: int(round(y)) + 5, x, c].min()) / (BACKGROUND[c] - colour[c]) for y, _, _ in q[2:-2]]
            alphas.append(float(np.median(vals)))
        check(abs(alphas[0] - 1) <= 0.08 and abs(alphas[1] - 0.5) <= 0.06 and abs(alphas[2] - 1 / 3) <= 0.06,
              f"known: a weight-1 line of head 0 is drawn at opacity {alphas[0]:.2f} alone, {alphas[1]:.2f} with 2 heads, {alphas[2]:.2f} with 3 (want 1, 1/2, 1/3)")
        errors = console_errors(d)
        check(not errors, f"known: no console errors {errors[:2]}")

        # --- Synthetic: 2,048 tokens.
        n = 2048
        rng = np.random.default_rng(7)
        logits = rng.standard_normal((1, 2, n, n)).astype(np.float32) * 3
        long = np.exp(logits - logits.max(axis=-1, keepdims=True))
        long /= long.sum(axis=-1, keepdims=True)
        np.save(os.path.join(work, "long.npy"), long.astype(np.float32))
        toks = [f"t{i}" for i in range(n)]
        subprocess.run([attnviz, "explore", os.path.join(work, "long.npy"), "--tokens", " ".join(toks), "-o", os.path.join(work, "long.html")], check=True)
        p, q, k, q_end, k_start, span = check_lines(d, "long", os.path.join(work, "long.html"), 1400, 900)
        hover_point(d, q_end - 3, q[5][0])
        poll(lambda: d.execute_script("return document.getElementById('head-targets').dataset.index") == "5", "long: hovering query 5 lists its targets")
        check_targets(d, "long", long, toks, 0, [0, 1], "q", 5)
        texts, paths, size = check_export(d, "long", n)
        check(sum(t in toks for t in texts) >= 2 * n, f"long: the SVG export ({size / 1e6:.1f} MB, {paths} paths) holds all {n} tokens on both sides")
        errors = console_errors(d)
        check(not errors, f"long: no console errors {errors[:2]}")

        # --- Synthetic: 3,000 tokens, past the browsers' canvas height: the PNG is scaled
        # down to fit, says so, and still holds every row.
        n = 3000
        cap = (0.75 * np.eye(n) + 0.25 * np.roll(np.eye(n), -1, axis=1)).astype(np.float32)[None, None]
        np.save(os.path.join(work, "cap.npy"), cap)
        subprocess.run([attnviz, "explore", os.path.join(work, "cap.npy"), "--tokens", " ".join(f"t{i}" for i in range(n)), "-o", os.path.join(work, "cap.html")], check=True)
        open_page(d, os.path.join(work, "cap.html"))
        size, note, last = d.execute_script("""
            const c = window.attnviz.exportCanvas(), w = Math.floor(c.width / 2), ctx = c.getContext('2d');
            const px = ctx.getImageData(0, c.height - 400, w, 400).data;
            let last = -1;
            for (let y = 0; y < 400; y++) for (let x = 0; x < w; x++) { const i = (y * w + x) * 4; if (Math.max(px[i], px[i + 1], px[i + 2]) < 100) { last = y; break; } }
            return [[c.width, c.height], document.getElementById('head-note').textContent, c.height - 400 + last];""")
        check(size[1] <= 32767 and "scaled" in note and size[1] - last <= 40,
              f"cap: the {size[0]}x{size[1]} PNG stays under the canvas limit, says so ({note!r}) and has labels down to {size[1] - last} px from its end")
        errors = console_errors(d)
        check(not errors, f"cap: no console errors {errors[:2]}")
    finally:
        d.quit()
    print("all head view checks passed")


if __name__ == "__main__":
    main()
