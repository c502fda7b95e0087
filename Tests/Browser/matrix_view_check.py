#!/usr/bin/env python3
"""The explorer's matrix, aggregate and model views at 24 and 311 tokens (MiniLM runs) and
2,048 tokens (synthetic, NumPy), in headless chromium (#17 items 2, 4, 5, 6).

Every expected number comes from NumPy (the run's attention written with `-o`, or the synthetic
tensor) or from the drawn pixels; nothing from the page's geometry code. The page's tooltip
only names which cell is under the pointer. Checks:
- "+" five times and the wheel five times at a pointer leave cells filling the view (pixels),
  the wheel keeps the cell under the pointer (its colour is NumPy's), "+" zooms about the
  heatmap's centre, and the colour bar's pixels never change (nothing drawn over it);
- dragging far in each direction leaves the view full of cells, clamped at the matrix's corner;
- the hovered cell has an accent-coloured ring around it (and its row label turns accent);
- the log and sink scales colour a cell as the ramp at NumPy's value under that scale, and the
  link carries the scale (sc=);
- a sentence pair's boundary is a teal line at sentence B's first row and column in the matrix,
  the aggregates and the model thumbnails, with no blank band under a filtered matrix, and the
  filtered axis note is drawn whole inside the canvas;
- the model view previews a hovered head, locks it on click (Esc unlocks), opens it on
  double-click;
- in the dark theme, thumbnails and the matrix are matplotlib's magma at NumPy's values;
- no console errors.

Usage: matrix_view_check.py ATTNVIZ MODEL_DIR WORKDIR [--screenshots DIR]"""
import argparse
import pathlib
import re
import subprocess
import sys
import time

import browser_support as bs
from browser_support import CheckFailed, check, driver, wait_drawn, console_errors

bs.require_modules("numpy", "tokenizers")
import numpy as np  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from tokenizers import Tokenizer  # noqa: E402

import explorer_geometry as geo  # noqa: E402
from explorer_interaction_check import move_to, hover, poll, press  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
MATRIX = "#matrix-host canvas"
ACCENT = {"light": (37, 99, 235), "dark": (122, 167, 255)}
TEAL = (20, 184, 166)
# The special tokens of the library's TokenClass.isSpecial (what the page's sink scale leaves out).
SINK = re.compile(r"^(<\|.+\|>|<s>|</s>|<pad>|<unk>|<bos>|<eos>|<mask>|\[[A-Z_]+\])$")


def magma_lut():
    """matplotlib's magma, 256 entries, as exported by scripts/fixtures/export_colormaps.py."""
    text = (ROOT / "Sources/AttentionText/Colormaps/ColormapTables.swift").read_text()
    hexes = re.search(r'"magma": "([0-9a-f]+)"', text).group(1)
    return np.array([[int(hexes[i + c:i + c + 2], 16) for c in (0, 2, 4)] for i in range(0, len(hexes), 6)], dtype=np.int64)


MAGMA = magma_lut()
YLORRD = np.round(geo.LUT).astype(np.int64)


def entry_of(rgb, lut):
    """The ramp entry nearest a pixel colour and how far off it is (sum of channel differences)."""
    diff = np.abs(lut - np.asarray(rgb, dtype=np.int64)[None, :]).sum(axis=1)
    return int(diff.argmin()), int(diff.min())


def near(pixels, colour, tolerance=6):
    return (np.abs(pixels - np.asarray(colour)[None, None, :]) <= tolerance).all(axis=2)


def scale_entry(head, q, k, scale, sinks):
    """NumPy's ramp entry of head[q, k] under the page's scale (the formulas the README states)."""
    v = float(head[q, k])
    if scale == "log":
        hi = float(head.max())
        lo = hi * 1e-3
        t = 0.0 if v <= lo else (np.log(v) - np.log(lo)) / (np.log(hi) - np.log(lo))
    elif scale == "sink":
        keep = np.ones(head.shape[1], bool)
        keep[list(sinks)] = False
        rest = head[:, keep]
        lo, hi = float(rest.min()), float(rest.max())
        t = (v - lo) / (hi - lo)
    else:
        lo, hi = float(head.min()), float(head.max())
        t = (v - lo) / (hi - lo)
    return int(np.clip(np.round(t * 255), 0, 255))


def entry_tolerance(head, q, k, scale, sinks):
    """How far the page's 8-bit weights (half a step of the head's range) can move the ramp entry
    under `scale`, plus one for rounding."""
    half = (max(float(head.max()), 0) - min(float(head.min()), 0)) / 255 / 2
    v = float(head[q, k])
    if scale == "log":
        return 1 + half / max(v, 1e-12) * 255 / np.log(1000)
    if scale == "sink":
        keep = np.ones(head.shape[1], bool)
        keep[list(sinks)] = False
        return 1 + 2 * half / float(head[:, keep].max() - head[:, keep].min()) * 255
    return 1 + 2 * half / float(head.max() - head.min()) * 255


def go(d, page, fragment):
    if d.current_url.split("#")[0] != page.as_uri():
        d.get(f"{page.as_uri()}#{fragment}")
    else:  # a hash-only change keeps the old document: load it afresh, once
        d.execute_script("history.replaceState(null, '', '#' + arguments[0]); location.reload()", fragment)
        time.sleep(0.05)
    wait_drawn(d)
    time.sleep(0.1)


def magma_mask(pixels):
    packed = (pixels[:, :, 0] << 16) | (pixels[:, :, 1] << 8) | pixels[:, :, 2]
    return np.isin(packed, ((MAGMA[:, 0] << 16) | (MAGMA[:, 1] << 8) | MAGMA[:, 2]))


def cells_rect(pixels, theme="light"):
    """The heatmap's rectangle: runs of ramp colours, a pair's teal boundary line included."""
    ramp = geo.on_ramp(pixels) if theme == "light" else magma_mask(pixels)
    return geo.mask_rect(ramp | near(pixels, TEAL, 8), 40)


def geometry(d, what, theme="light"):
    pixels = geo.canvas_pixels(d, MATRIX)
    rect = cells_rect(pixels, theme)
    if rect is None:
        raise CheckFailed(f"{what}: no heatmap drawn")
    return pixels, rect, geo.canvas_origin(d, MATRIX)


def bar_box(pixels, rect):
    """The colour bar from pixels: the columns right of the heatmap holding 100+ ramp pixels."""
    mask = geo.on_ramp(pixels)
    cols = np.flatnonzero(mask[:, rect[2] + 2:].sum(axis=0) >= 100) + rect[2] + 2
    if len(cols) == 0:
        raise CheckFailed("no colour bar right of the heatmap")
    rows = np.flatnonzero(mask[:, cols].any(axis=1))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def area(r):
    return (r[2] - r[0]) * (r[3] - r[1])


def check_bar_untouched(name, fit_pixels, pixels, bar, rect, what):
    x0, y0, x1, y1 = bar
    same = np.array_equal(fit_pixels[y0:y1, x0 - 4:x1], pixels[y0:y1, x0 - 4:x1])
    check(same and rect[2] <= x0 - 4, f"{name}: {what}: cells end at x {rect[2]}, the colour bar ({x0}..{x1}) is drawn as at fit")


def check_zoom(d, name, head):
    """'+' five times, then the wheel five times at a pointer, then far drags."""
    Q, K = head.shape
    d.find_element(By.ID, "matrix-fit").click()
    fit_pixels, fit, (ox, oy) = geometry(d, name)
    bar = bar_box(fit_pixels, fit)
    cx, cy = (fit[0] + fit[2]) // 2, (fit[1] + fit[3]) // 2
    before = hover(d, ox + cx, oy + cy)
    for i in range(5):
        d.find_element(By.ID, "matrix-in").click()
        if i not in (0, 4):
            continue
        pixels, rect, _ = geometry(d, f"{name}: after {i + 1} '+'")
        check(area(rect) >= 0.9 * area(fit), f"{name}: after {i + 1} '+' cells still fill the view ({rect} vs fit {fit})")
        check_bar_untouched(name, fit_pixels, pixels, bar, rect, f"{i + 1} '+'")
        if i == 0:
            after = hover(d, ox + cx, oy + cy)
            check(abs(after[0] - before[0]) <= 1 and abs(after[1] - before[1]) <= 1,
                  f"{name}: '+' zooms about the heatmap's centre: cell ({before[0]}, {before[1]}) stays under it ({after[0]}, {after[1]})")
    d.find_element(By.ID, "matrix-fit").click()
    # The wheel at a point a third across and two thirds down.
    px, py = int(fit[0] + 0.31 * (fit[2] - fit[0])), int(fit[1] + 0.63 * (fit[3] - fit[1]))
    q, k, _, _ = hover(d, ox + px, oy + py)
    for i in range(5):
        ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(ox + px), int(oy + py)), 0, -300).perform()
        if i < 4:
            continue
        pixels, rect, _ = geometry(d, f"{name}: after {i + 1} wheel steps")
        check(area(rect) >= 0.9 * area(fit), f"{name}: after {i + 1} wheel steps cells still fill the view")
        check_bar_untouched(name, fit_pixels, pixels, bar, rect, f"{i + 1} wheel steps")
    tq, tk, _, _ = hover(d, ox + px, oy + py)
    move_to(d, 2, 2)
    pixels = geo.canvas_pixels(d, MATRIX)
    drawn, off = entry_of(pixels[py, px], YLORRD)
    want = scale_entry(head, tq, tk, "linear", ())
    # At fit one pixel spans 1/size cells: the pointer's cell is known to that many cells.
    slack = int(np.ceil(K / (fit[2] - fit[0]))) + 1
    check(abs(tq - q) <= slack and abs(tk - k) <= slack and off <= 6 and abs(drawn - want) <= entry_tolerance(head, tq, tk, "linear", ()),
          f"{name}: five wheel steps keep cell ({q}, {k}) under the pointer ({tq}, {tk}), coloured as NumPy's weight (entry {drawn} vs {want})")
    # Drag far right/down: clamped with cell (0, 0) at the view's top-left; far left/up likewise.
    for sign, corner in ((1, (0, 0)), (-1, (Q - 1, K - 1))):
        sx, sy = (fit[0] + 10, fit[1] + 10) if sign > 0 else (fit[2] - 10, fit[3] - 10)
        for _ in range(10):
            move_to(d, ox + sx, oy + sy)
            ActionChains(d).click_and_hold().move_by_offset(sign * 250, sign * 250).move_by_offset(sign * 250, sign * 250).release().perform()
        pixels, rect, _ = geometry(d, f"{name}: after dragging")
        check(area(rect) >= 0.9 * area(fit), f"{name}: dragged far {'right/down' if sign > 0 else 'left/up'}, cells still fill the view ({rect})")
        check_bar_untouched(name, fit_pixels, pixels, bar, rect, "dragging")
        x, y = (rect[0] + 1, rect[1] + 1) if sign > 0 else (rect[2] - 1.5, rect[3] - 1.5)
        got = hover(d, ox + x, oy + y)
        check((got[0], got[1]) == corner, f"{name}: the pan stops at the matrix's corner: cell {corner} at the view's corner ({got[0]}, {got[1]})")
    d.find_element(By.ID, "matrix-fit").click()


def check_hover_ring(d, name, theme="light"):
    """Hovering a cell draws an accent ring around it (none before); zoomed, its row label turns accent."""
    d.find_element(By.ID, "matrix-fit").click()
    for _ in range(4):
        d.find_element(By.ID, "matrix-in").click()
    move_to(d, 2, 2)
    pixels, rect, (ox, oy) = geometry(d, name, theme)
    accent = ACCENT[theme]
    x, y = (rect[0] + rect[2]) // 2, (rect[1] + rect[3]) // 2
    quiet = near(pixels, accent, 3).sum()
    hover(d, ox + x, oy + y)
    lit = geo.canvas_pixels(d, MATRIX)
    ring = near(lit, accent, 3)
    ys, xs = np.nonzero(ring[rect[1]:rect[3], rect[0]:rect[2]])
    check(quiet == 0 and len(xs) >= 16 and xs.min() + rect[0] < x < xs.max() + rect[0] and ys.min() + rect[1] < y < ys.max() + rect[1],
          f"{name}: the hovered cell is ringed in the accent colour ({len(xs)} ring pixels around the pointer, {quiet} before)")
    # Anti-aliased text: count clearly blue pixels (the ramps and the text colour have none).
    blue = (lit[:, :, 2] - lit[:, :, 0] > 60) & (lit[:, :, 2] - lit[:, :, 1] > 30)
    label = blue[ys.min() + rect[1]:ys.max() + rect[1] + 1, :rect[0] - 2].sum()
    check(label >= 5, f"{name}: the hovered row's label is drawn in the accent colour ({label} pixels)")
    move_to(d, 2, 2)
    d.find_element(By.ID, "matrix-fit").click()


def check_scales(d, name, page, head, sinks, l, h):
    """Log and sink scales: cells chosen from NumPy (mid-range weights under each scale), found
    from the fit drawing's rectangle, zoomed in on with the wheel; each one's colour is the ramp
    at NumPy's value under that scale (within what 8-bit storage can move it)."""
    Q, K = head.shape
    keep = [c for c in range(K) if c not in sinks]
    for scale in ("log", "sink"):
        if scale == "log":
            pool = [(q, k) for q in range(Q) for k in range(K) if 0.05 * head.max() <= head[q, k] <= 0.6 * head.max()]
        else:
            rest = head[:, keep]
            pool = [(q, k) for q in range(Q) for k in keep if 0.2 * rest.max() <= head[q, k] <= 0.9 * rest.max()]
        pool.sort(key=lambda c: head[c])
        # Three cells (lightest, middle, heaviest); one on long inputs, where each zoom re-pools.
        picks = {0, len(pool) // 2, len(pool) - 1} if Q <= 512 else {len(pool) // 2}
        targets = [pool[i] for i in sorted(picks)] if pool else []
        bad, checked = [], 0
        for q, k in targets:
            go(d, page, f"v=matrix&l={l}&h={h}&sc={scale}")
            pixels, fit, (ox, oy) = geometry(d, name)
            x, y = geo.cell_centre(fit, Q, K, q, k)
            x, y = int(x), int(y)
            for _ in range(7):
                ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(ox + x), int(oy + y)), 0, -300).perform()
            tq, tk, _, _ = hover(d, ox + x, oy + y)
            move_to(d, 2, 2)
            pixels = geo.canvas_pixels(d, MATRIX)
            # The cell's colour: the one colour of most of a 5x5 block at the pointer (skipped on an edge).
            block = pixels[y - 2:y + 3, x - 2:x + 3].reshape(-1, 3)
            colours, counts = np.unique(block, axis=0, return_counts=True)
            if counts.max() < 18 or not (block[12] == colours[counts.argmax()]).all():
                continue
            checked += 1
            drawn, off = entry_of(pixels[y, x], YLORRD)
            want = scale_entry(head, tq, tk, scale, sinks)
            if off > 6 or abs(drawn - want) > entry_tolerance(head, tq, tk, scale, sinks):
                bad.append((tq, tk, drawn, want))
        check(f"sc={scale}" in d.execute_script("return location.hash"), f"{name}: the link keeps the {scale} scale")
        check(checked >= 1 and not bad, f"{name}: {scale} scale colours {checked} cells as NumPy's values place them {bad[:3]}")
    go(d, page, f"v=matrix&l={l}&h={h}")


def check_sink_clipped(d, name, page, head, sinks, l, h):
    """Sink scale at fit: a sink column's heavy cell is the ramp's top colour (clipped)."""
    Q, K = head.shape
    others = [c for c in range(K) if c not in sinks]
    rest_max = head[:, others].max()
    candidates = [(q, k) for k in sinks for q in range(Q) if head[q, k] > 1.5 * rest_max]
    if not candidates:
        return
    go(d, page, f"v=matrix&l={l}&h={h}&sc=sink")
    q, k = candidates[len(candidates) // 2]
    pixels, rect, (ox, oy) = geometry(d, name)
    x, y = geo.cell_centre(rect, Q, K, q, k)
    got = hover(d, ox + x, oy + y)
    move_to(d, 2, 2)
    pixels = geo.canvas_pixels(d, MATRIX)
    drawn, off = entry_of(pixels[int(y), int(x)], YLORRD)
    check(abs(got[0] - q) <= 1 and got[1] == k and drawn >= 253,
          f"{name}: sink scale clips sink column {k} (weight {head[q, k]:.3f} > the rest's max {rest_max:.3f}) to the top colour (entry {drawn})")


def teal_lines(pixels, rect, horizontal):
    """Rows (or columns) of the heatmap's rectangle that are mostly teal."""
    m = near(pixels, TEAL, 8)[rect[1]:rect[3], rect[0]:rect[2]]
    counts = m.sum(axis=1) if horizontal else m.sum(axis=0)
    span = (rect[2] - rect[0]) if horizontal else (rect[3] - rect[1])
    return (np.flatnonzero(counts >= 0.7 * span) + (rect[1] if horizontal else rect[0])).tolist()


def check_pair(d, name, page, split, Q, shots, width):
    for view, selector in (("matrix", MATRIX), ("agg", "#agg-host canvas")):
        go(d, page, f"v={view}&l=0&h=0")
        pixels = geo.canvas_pixels(d, selector)
        rect = cells_rect(pixels)
        cell = (rect[3] - rect[1]) / Q
        want_y, want_x = rect[1] + split * cell, rect[0] + split * (rect[2] - rect[0]) / Q
        rows, cols = teal_lines(pixels, rect, True), teal_lines(pixels, rect, False)
        check(rows and all(abs(y - want_y) <= 2 for y in rows) and cols and all(abs(x - want_x) <= 2 for x in cols),
              f"{name}: {view} view: teal line where sentence B starts, row {split} (y {rows} vs {want_y:.1f}) and column (x {cols} vs {want_x:.1f})")
        letters = near(pixels, TEAL, 40)
        check(letters[rect[1]:rect[3], :rect[0] - 2].sum() >= 10 and letters[:rect[1] - 2, rect[0]:rect[2]].sum() >= 10,
              f"{name}: {view} view: A/B marks beside the rows and above the columns")
    # Thumbnails: the line at the thumbnail's row floor(split * rows / Q).
    go(d, page, "v=model")
    th = geo.canvas_pixels(d, '#model-grid canvas[data-layer="0"][data-head="0"]')
    rows = np.flatnonzero(near(th, TEAL, 2).sum(axis=1) >= 0.8 * th.shape[1]).tolist()
    want = int(np.floor(split * th.shape[0] / Q))
    check(rows == [want], f"{name}: model thumbnails mark sentence B's first row ({rows} vs {want})")
    # Filtered to A->B: no blank band under the cells, the axis note whole inside the canvas.
    for pair, rows_n in (("AB", split), ("BB", Q - split), ("all", Q)):
        go(d, page, f"v=matrix&p={pair}")
        pixels = geo.canvas_pixels(d, MATRIX)
        rect = cells_rect(pixels)
        H, W = pixels.shape[:2]
        check(H - rect[3] <= 16,
              f"{name}: p={pair}: the canvas ends {H - rect[3]} px under its {rows_n} rows (no blank band)")
        note = d.execute_script("""
            const c = document.createElement('canvas').getContext('2d');
            c.font = '12px "WenQuanYi Micro Hei", "Noto Sans CJK SC", system-ui, sans-serif';
            return c.measureText(arguments[0]).width;""",
            "keys 9–19 (sentence B) →   queries 0–8 (sentence A) ↓" if pair == "AB" else "x")
        bg = pixels[2, 2]
        band = (np.abs(pixels[4:40] - bg[None, None, :]).sum(axis=2) > 60)
        inked = np.flatnonzero(band.any(axis=0))
        check(len(inked) and inked.max() <= W - 4, f"{name}: p={pair}: header text ends at x {inked.max()} inside the {W}-px canvas")
        if pair == "AB":
            # The note is right-aligned: its ink spans at least its measured width.
            groups = np.split(inked, np.flatnonzero(np.diff(inked) > 30) + 1)
            last = groups[-1]
            check(last[-1] - last[0] >= note - 20, f"{name}: p=AB: the axis note is drawn whole ({last[-1] - last[0]} px of ink, {note:.0f} px measured)")
        if shots:
            d.save_screenshot(str(pathlib.Path(shots) / f"{name}-matrix-{pair}-{width}.png"))


def check_model(d, name, page, L, H, shots, width):
    go(d, page, "v=model&l=0&h=0")
    thumb = lambda l, h: d.find_element(By.CSS_SELECTOR, f'#model-grid canvas[data-layer="{l}"][data-head="{h}"]')
    preview = lambda: d.execute_script("""const p = document.getElementById('model-preview'); if (p.hidden) return null;
        const r = p.getBoundingClientRect(); return [document.getElementById('preview-title').textContent, p.classList.contains('locked'), r.left, r.top, r.right, r.bottom]""")
    check(preview() is None, f"{name}: no preview before hovering")
    l, h = L // 2, H // 2
    ActionChains(d).move_to_element(thumb(l, h)).perform()
    p = poll(preview, f"{name}: preview on hover", 3)
    r = d.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]", thumb(l, h))
    apart = p[4] <= r[0] or p[2] >= r[2]
    check(p[0].startswith(f"layer {l}, head {h}") and not p[1] and apart,
          f"{name}: hovering layer {l} head {h} previews it ('{p[0]}'), unlocked, beside the thumbnail, not over it")
    pv = geo.canvas_pixels(d, "#preview-canvas")
    check(pv.shape[0] >= min(Q_OF[name], 200) * 0.99 or pv.shape[0] >= 160, f"{name}: the preview is large ({pv.shape[1]}x{pv.shape[0]} cells)")
    thumb(l, h).click()
    p = preview()
    check(p and p[1], f"{name}: a click locks the preview")
    if shots:
        d.save_screenshot(str(pathlib.Path(shots) / f"{name}-model-locked-{width}.png"))
    ActionChains(d).move_to_element(thumb(0, 0)).perform()
    time.sleep(0.1)
    p = preview()
    check(p and p[0].startswith(f"layer {l}, head {h}"), f"{name}: locked, hovering another head keeps the preview ({p and p[0]})")
    thumb(l, h).click()
    p = preview()
    check(p and not p[1], f"{name}: clicking the locked head again unlocks it")
    thumb(l, h).click()
    press(d, Keys.ESCAPE)
    p = preview()
    check(p is None or not p[1], f"{name}: Esc unlocks the preview ({'hidden' if p is None else 'a hover preview again'})")
    ActionChains(d).double_click(thumb(L - 1, H - 1)).perform()
    st = d.execute_script("return window.attnviz.state()")
    check(st["view"] == "matrix" and (st["layer"], st["head"]) == (L - 1, H - 1), f"{name}: double-click opens layer {L - 1} head {H - 1} in the matrix view")


def check_dark(d, name, page, att, l, h):
    """Dark theme: thumbnails (one pixel per cell when the head fits) and the matrix are magma at NumPy's values."""
    go(d, page, f"v=model&t=dark&l={l}&h={h}")
    th = geo.canvas_pixels(d, f'#model-grid canvas[data-layer="{l}"][data-head="{h}"]')
    head = att[l, h]
    Q, K = head.shape
    if th.shape[:2] == (Q, K):
        want = np.clip(np.round((head - head.min()) / (head.max() - head.min()) * 255), 0, 255).astype(int)
        got = np.array([[entry_of(th[q, k], MAGMA)[0] for k in range(K)] for q in range(Q)])
        offs = np.array([[entry_of(th[q, k], MAGMA)[1] for k in range(K)] for q in range(Q)])
        cells = ~near(th, TEAL, 2)  # a pair's boundary line is drawn over its row and column
        check(offs[cells].max() <= 3 and np.abs(got - want)[cells].max() <= 2 and cells.sum() >= 0.85 * Q * K,
              f"{name}: dark thumbnail of layer {l} head {h} is magma at NumPy's values (worst {np.abs(got - want)[cells].max()} entries over {cells.sum()} cells)")
    else:
        on = np.array([[entry_of(px, MAGMA)[1] for px in row] for row in th[::4, ::4]])
        check((on <= 3).mean() >= 0.98, f"{name}: dark thumbnail pixels are on the magma ramp ({(on <= 3).mean():.1%})")
    go(d, page, f"v=matrix&t=dark&l={l}&h={h}")
    pixels = geo.canvas_pixels(d, MATRIX)
    mask = magma_mask(pixels)
    rows = np.flatnonzero(mask.sum(axis=1) >= 40)
    check(len(rows) >= 40 and not geo.on_ramp(pixels).sum() > 0.05 * mask.sum(),
          f"{name}: the dark matrix is drawn in magma ({mask.sum()} px), not YlOrRd")
    # A cell under the pointer: its colour is magma at NumPy's linear value.
    cols = np.flatnonzero(mask[rows].sum(axis=0) >= 0.5 * len(rows))
    x, y = int(cols[len(cols) // 3]), int(rows[len(rows) // 2])
    ox, oy = geo.canvas_origin(d, MATRIX)
    for _ in range(5):
        ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(ox + x), int(oy + y)), 0, -300).perform()
    q, k, _, _ = hover(d, ox + x, oy + y)
    move_to(d, 2, 2)
    dark_px = geo.canvas_pixels(d, MATRIX)
    drawn, off = entry_of(dark_px[y, x], MAGMA)
    want = scale_entry(head, q, k, "linear", ())
    check(off <= 3 and abs(drawn - want) <= 2, f"{name}: dark matrix cell ({q}, {k}) is magma entry {drawn}, NumPy {want}")
    check_hover_ring(d, name + " dark", "dark")


Q_OF = {}


def run(attnviz, args):
    r = subprocess.run([attnviz] + args, capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise CheckFailed(f"attnviz {' '.join(args[:2])}: {r.stderr.strip()}")


def sink_columns(tokens):
    return [k for k, t in enumerate(tokens) if k == 0 or SINK.match(t.strip())]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("attnviz")
    parser.add_argument("model")
    parser.add_argument("workdir")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    work = pathlib.Path(args.workdir)
    tok = Tokenizer.from_file(str(pathlib.Path(args.model) / "tokenizer.json"))
    sentence = "The quick brown fox jumps over the lazy dog while the old grey cat sleeps on the warm mat all day."
    pair = ("The cat sat on the mat.", "A dog lay on the rug near the door.")
    rng = np.random.default_rng(1)
    words = "the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there one all we their".split()
    long_text = " ".join(rng.choice(words, 309))
    cases = []
    for name, text, extra in (("minilm-24", sentence, []), ("minilm-pair", pair[0], ["--pair", pair[1]]), ("minilm-311", long_text, [])):
        page, npy = work / f"{name}.html", work / f"{name}.npy"
        run(args.attnviz, ["run", "--model", args.model, text, *extra, "--explore", str(page), "-o", str(npy)])
        enc = tok.encode(*( [text, extra[1]] if extra else [text]))
        cases.append((name, page, np.load(npy), enc.tokens, enc.type_ids.index(1) if extra else None))
    # Synthetic 2,048 tokens: softmax rows with a sink on key 0.
    n = 2048
    logits = rng.normal(0, 1.5, (1, 2, n, n)).astype(np.float32)
    logits[..., 0] += 5
    syn = np.exp(logits - logits.max(axis=-1, keepdims=True))
    syn = (syn / syn.sum(axis=-1, keepdims=True)).astype(np.float32)
    np.save(work / "synthetic-2048.npy", syn)
    run(args.attnviz, ["explore", str(work / "synthetic-2048.npy"), "-o", str(work / "synthetic-2048.html")])
    cases.append(("synthetic-2048", work / "synthetic-2048.html", syn, ["t"] * n, None))

    d = driver(1400, 900)
    try:
        check(cases[0][2].shape[2] == 24 and cases[2][2].shape[2] == 311, f"the MiniLM runs have 24 and 311 tokens ({cases[0][2].shape}, {cases[2][2].shape})")
        for name, page, att, tokens, split in cases:
            L, H, Q, K = att.shape
            Q_OF[name] = Q
            # (The tokenizer pads with [PAD] past the text: only the run's own K tokens count.)
            sinks = sink_columns(tokens[:K]) if name.startswith("minilm") else [0]
            # The head whose sink columns take most weight.
            share = att[..., sinks].sum(axis=(-1, -2))
            l, h = np.unravel_index(int(share.argmax()), share.shape)
            l, h = int(l), int(h)
            go(d, page, f"v=matrix&l={l}&h={h}")
            if args.screenshots:
                d.save_screenshot(str(pathlib.Path(args.screenshots) / f"{name}-matrix-1400.png"))
            check_zoom(d, name, att[l, h])
            check_hover_ring(d, name)
            if Q <= 512:  # at 2,048 tokens every wheel step re-pools 4M cells: scales are checked at 24 and 311
                check_scales(d, name, page, att[l, h], sinks, l, h)
                check_sink_clipped(d, name, page, att[l, h], sinks, l, h)
            if split is not None:
                check_pair(d, name, page, split, Q, args.screenshots, 1400)
            if name != "synthetic-2048":
                check_model(d, name, page, L, H, args.screenshots, 1400)
                check_dark(d, name, page, att, l, h)
            errors = console_errors(d)
            check(not errors, f"{name}: zero console errors ({errors[:2]})")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        return 1
    finally:
        d.quit()
    print("all matrix view checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
