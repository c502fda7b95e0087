#!/usr/bin/env python3
"""The explorer's interactive promises, checked in headless Chromium against NumPy, with every
position computed from the drawn pixels and the known cell count (explorer_geometry), never
from the page's own geometry code.

    explorer_interaction_check.py CASE_DIR

CASE_DIR holds pages written by the Swift test `AttentionExplorerTests/ExplorerInteractionTests`
(NAME.html, NAME.f32, NAME.json as for explorer_check.py):
  asym-u8     [2, 3, 24, 40] cross attention, each query with a clear first and second key:
              tooltip/hit test/colour of cells, keys 1-5 and arrows, wheel zoom, pan, top-k lines;
  square-u8   [3, 4, 9, 9]: the aggregates view's mean, max and rollout against NumPy;
  peaks-2048  [1, 1, 2048, 2048] fine stripes and a few sharp peaks: the max-pooled matrix view
              pixel by pixel, zooming in on a peak, and the page staying responsive.
Prints one line per check; exits 1 on the first failure.
"""
import argparse, json, pathlib, sys, time

import numpy as np
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from browser_support import CheckFailed, check, driver as _driver
import explorer_geometry as geo

ROOT = pathlib.Path(__file__).resolve().parents[2]
VIEWS = ["head", "model", "matrix", "text", "agg"]


def poll(condition, what, timeout=10):
    """Polls `condition()` until it returns something truthy; fails after `timeout` seconds."""
    end = time.time() + timeout
    while True:
        value = condition()
        if (value is not None) if isinstance(value, np.ndarray) else bool(value):
            return value
        if time.time() > end:
            raise CheckFailed(f"{what}: not within {timeout} s")
        time.sleep(0.02)


def load(d, case):
    d.get(case.with_suffix(".html").resolve().as_uri())
    poll(lambda: d.execute_script("return !!(window.attnviz && window.attnviz.firstDrawn)"), f"{case.stem}: first draw", 60)
    meta = json.loads(case.with_suffix(".json").read_text())
    values = np.fromfile(case.with_suffix(".f32"), dtype="<f4").reshape(meta["shape"]).astype(np.float64)
    return meta, values


def state(d):
    return d.execute_script("return window.attnviz.state()")


def move_to(d, x, y):
    ActionChains(d).move_by_offset(0, 0)  # keeps selenium's pointer state fresh
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    b = ActionBuilder(d)
    b.pointer_action.move_to_location(int(round(x)), int(round(y)))
    b.perform()


def hover(d, x, y):
    """Moves the mouse off the canvas and onto viewport point (x, y); returns the tooltip read."""
    move_to(d, 2, 2)
    move_to(d, x, y)
    return poll(lambda: geo.read_tooltip(d), f"tooltip at ({x:.0f}, {y:.0f})", 5)


def press(d, key):
    d.execute_script("document.activeElement && document.activeElement.blur()")
    d.find_element(By.TAG_NAME, "body").send_keys(key)


def quantisation_step(head):
    """One 8-bit step of a head, from its exact weights."""
    return (max(head.max(), 0) - min(head.min(), 0)) / 255


def matrix_geometry(d, selector, what):
    pixels = geo.canvas_pixels(d, selector)
    rect = poll(lambda: geo.heatmap_rect(pixels), f"{what}: a heatmap drawn on {selector}", 1)
    return pixels, rect, geo.canvas_origin(d, selector)


def check_cells(d, name, head, cells, selector="#matrix-host canvas", label="", exact=None):
    """Hovers the centre of each cell (q, k), found from the drawn heatmap's rectangle, and checks
    the tooltip names (q, k) with the weight `head[q, k]` (within a quantisation step, or within
    `exact` when given), and that the pixel drawn there is the ramp colour of that weight."""
    Q, K = head.shape
    pixels, rect, (ox, oy) = matrix_geometry(d, selector, name)
    lo, hi = head.min(), head.max()
    tolerance = exact if exact is not None else quantisation_step(head) / 2 * 1.001 + 5e-5
    failures = []
    for q, k in cells:
        cx, cy = geo.cell_centre(rect, Q, K, q, k)
        tq, tk, shown, text = hover(d, ox + cx, oy + cy)
        weight = float(d.execute_script("return Number(document.getElementById('tooltip').dataset.weight)"))
        want = head[q, k]
        drawn = geo.ramp_index(pixels[int(cy), int(cx)])
        expected = geo.lut_index(want, lo, hi)
        if not ((tq, tk) == (q, k) and abs(weight - want) <= tolerance and abs(shown - want) <= tolerance + 5e-5
                and abs(drawn - expected) <= 2):
            failures.append(f"row {q}, column {k}: tooltip ({tq}, {tk}) weight {weight:.6f}, NumPy {want:.6f}; "
                            f"colour entry {drawn}, NumPy {expected}")
    check(not failures, f"{name}{label}: each of {len(cells)} cells found from the drawing names its own query and key, "
          f"with NumPy's weight and colour {failures[:3]}")


def asymmetric_cells(Q, K):
    """Cells whose transposes are elsewhere or out of range: corners and off-diagonal points."""
    return [(0, K - 1), (Q - 1, 0), (1, K // 2 + 3), (Q - 2, 3), (Q // 2, K - 2)]


def check_keys(d, name, values):
    L, H, Q, K = values.shape
    for i, view in enumerate(VIEWS):
        press(d, str(i + 1))
        shown = d.execute_script("return [...document.querySelectorAll('.view')].filter(v => getComputedStyle(v).display !== 'none').map(v => v.id)")
        check(state(d)["view"] == view and shown == [f"view-{view}"], f"{name}: key {i + 1} shows the {view} view (visible: {shown})")
    # Typing a digit into a form field is not a view switch.
    d.find_element(By.ID, "layer").send_keys("1")
    check(state(d)["view"] == "agg", f"{name}: a digit typed in the layer menu leaves the view alone")
    press(d, "3")
    # Arrows: right/left move the head, down/up the layer, clamped at the ends; the drawn matrix
    # follows (the colours of asymmetric cells are those of the new head).
    d.execute_script("window.attnviz.select(0, 0)")
    names = {Keys.ARROW_LEFT: "left", Keys.ARROW_RIGHT: "right", Keys.ARROW_UP: "up", Keys.ARROW_DOWN: "down"}
    for key, want in [(Keys.ARROW_LEFT, (0, 0)), (Keys.ARROW_UP, (0, 0)), (Keys.ARROW_RIGHT, (0, 1)),
                      (Keys.ARROW_RIGHT, (0, 2)), (Keys.ARROW_RIGHT, (0, min(2, H - 1))), (Keys.ARROW_DOWN, (1, 2)),
                      (Keys.ARROW_DOWN, (min(1, L - 1), 2)), (Keys.ARROW_LEFT, (1, 1))]:
        before = state(d)
        press(d, key)
        st = state(d)
        check((st["layer"], st["head"]) == want,
              f"{name}: arrow {names[key]} from layer {before['layer']}, head {before['head']} goes to layer {want[0]}, head {want[1]}")
    pixels, rect, _ = matrix_geometry(d, "#matrix-host canvas", name)
    head = values[1, 1]
    wrong = 0
    for q, k in asymmetric_cells(Q, K):
        cx, cy = geo.cell_centre(rect, Q, K, q, k)
        if abs(geo.ramp_index(pixels[int(cy), int(cx)]) - geo.lut_index(head[q, k], head.min(), head.max())) > 2:
            wrong += 1
    check(wrong == 0, f"{name}: after the arrows the matrix shows layer 1, head 1 ({wrong} cells off)")


def block_around(pixels, x, y):
    """The run of pixels of the colour at (x, y) along its row and its column: (x0, x1, y0, y1)."""
    colour = pixels[y, x]
    same = lambda px, py: np.array_equal(pixels[py, px], colour)
    x0 = x
    while x0 > 0 and same(x0 - 1, y): x0 -= 1
    x1 = x
    while x1 + 1 < pixels.shape[1] and same(x1 + 1, y): x1 += 1
    y0 = y
    while y0 > 0 and same(x, y0 - 1): y0 -= 1
    y1 = y
    while y1 + 1 < pixels.shape[0] and same(x, y1 + 1): y1 += 1
    return x0, x1 + 1, y0, y1 + 1


def colour_bar_left(pixels, rect):
    """Left edge of the colour bar: the first column right of the heatmap with a long stretch of
    ramp colours."""
    mask = geo.on_ramp(pixels)
    columns = np.flatnonzero(mask[:, rect[2] + 2:].sum(axis=0) >= 100)
    if len(columns) == 0:
        raise CheckFailed("no colour bar right of the heatmap")
    return rect[2] + 2 + int(columns[0])


def check_zoom_in_on_small(d, name):
    """A matrix whose cells are already large at fit still zooms in (cells grow) on wheel up."""
    press(d, "3")
    pixels, rect, (ox, oy) = matrix_geometry(d, "#matrix-host canvas", name)
    x, y = (rect[0] + rect[2]) // 2, (rect[1] + rect[3]) // 2
    before = block_around(pixels, x, y)
    ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(ox + x), int(oy + y)), 0, -300).perform()
    zoomed = poll(lambda: (lambda p: p if not np.array_equal(p, pixels) else None)(geo.canvas_pixels(d, "#matrix-host canvas")),
                  f"{name}: the wheel redraws the matrix", 5)
    after = block_around(zoomed, x, y)
    check(after[1] - after[0] > before[1] - before[0], f"{name}: wheel up over {before[1] - before[0]}-px cells makes them larger ({after[1] - after[0]} px)")
    d.find_element(By.ID, "matrix-fit").click()


def check_zoom_and_pan(d, name, values):
    L, H, Q, K = values.shape
    d.execute_script("window.attnviz.select(0, 0)")
    head = values[0, 0]
    pixels, rect, (ox, oy) = matrix_geometry(d, "#matrix-host canvas", name)
    x0, y0, x1, y1 = rect
    size = (x1 - x0) / K
    check(abs((y1 - y0) / Q - size) <= 1, f"{name}: cells are square at fit ({size:.1f} px)")
    bar = colour_bar_left(pixels, rect)
    # Wheel: 300 pixels up zooms in by 1.0015^300 about the cursor, which stays over its cell.
    # A cell whose colour differs from its four neighbours', so its drawn block has its own edges.
    entries = np.round((head - head.min()) / (head.max() - head.min()) * 255)
    q, k = next((q, k) for q in range(3, Q - 3) for k in range(3, K - 6)
                if min(abs(entries[q, k] - entries[q + a, k + b]) for a, b in ((0, 1), (0, -1), (1, 0), (-1, 0))) >= 4)
    px, py = x0 + (k + 0.3) * size, y0 + (q + 0.7) * size
    before = hover(d, ox + px, oy + py)
    ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(round(ox + px)), int(round(oy + py))), 0, -300).perform()
    factor = 1.0015 ** 300
    zoomed = poll(lambda: (lambda p: p if not np.array_equal(p, pixels) else None)(geo.canvas_pixels(d, "#matrix-host canvas")),
                  f"{name}: the wheel redraws the matrix", 5)
    bx0, bx1, by0, by1 = block_around(zoomed, int(round(px)), int(round(py)))
    check(abs((bx1 - bx0) - size * factor) <= 2 and abs((by1 - by0) - size * factor) <= 2,
          f"{name}: the wheel zooms by {factor:.3f}: the cell under the cursor is {bx1 - bx0}x{by1 - by0} px, was {size:.1f}")
    # The point under the cursor did not move: its cell's edges are where scaling about it puts them.
    left = px - (px - (x0 + k * size)) * factor
    top = py - (py - (y0 + q * size)) * factor
    check(abs(bx0 - left) <= 2 and abs(by0 - top) <= 2, f"{name}: zooming keeps the cell under the cursor in place ({bx0}, {by0}) vs ({left:.1f}, {top:.1f})")
    zoomed_rect = geo.heatmap_rect(zoomed)
    check(zoomed_rect[2] <= bar - 4, f"{name}: zoomed cells stop short of the colour bar (at x {bar}), not under it (end {zoomed_rect[2]})")
    after = hover(d, ox + px, oy + py)
    check((after[0], after[1]) == (before[0], before[1]) == (q, k),
          f"{name}: after the zoom the tooltip under the cursor still names query {q}, key {k} ({after[0]}, {after[1]})")
    new = size * factor
    right = hover(d, ox + px + new, oy + py)
    below = hover(d, ox + px, oy + py + new)
    check((right[0], right[1]) == (q, k + 1) and (below[0], below[1]) == (q + 1, k),
          f"{name}: one zoomed cell right is key {k + 1}, one down is query {q + 1}")
    # Drag: the cell under the pointer travels with it.
    dx, dy = -2.5 * new, 1.5 * new
    colour = zoomed[int(round(py)), int(round(px))].copy()
    move_to(d, ox + px, oy + py)
    ActionChains(d).click_and_hold().move_by_offset(int(round(dx / 2)), int(round(dy / 2))).move_by_offset(
        int(round(dx)) - int(round(dx / 2)), int(round(dy)) - int(round(dy / 2))).release().perform()
    tx, ty = px + int(round(dx)), py + int(round(dy))
    panned = geo.canvas_pixels(d, "#matrix-host canvas")
    check(np.array_equal(panned[int(round(ty)), int(round(tx))], colour),
          f"{name}: dragging by ({dx:.0f}, {dy:.0f}) moves the drawing with the pointer")
    moved = hover(d, ox + tx, oy + ty)
    check((moved[0], moved[1]) == (q, k), f"{name}: after the drag the cell under the pointer is still query {q}, key {k} ({moved[0]}, {moved[1]})")
    d.find_element(By.ID, "matrix-fit").click()
    _, refit, _ = matrix_geometry(d, "#matrix-host canvas", name)
    check(all(abs(a - b) <= 1 for a, b in zip(refit, rect)), f"{name}: Fit restores the whole matrix ({refit} vs {rect})")


def dark(pixels):
    """Mask of text ink: dark pixels (r + g + b < 300; the head colour's lines are lighter)."""
    return pixels.sum(axis=2) < 300


def ink_bands(mask, gap=3):
    """Centres of the horizontal bands of a mask's rows that hold any pixel; bands closer than
    `gap` rows (a glyph whose anti-aliased stroke leaves a light row) are one."""
    rows = np.flatnonzero(mask.any(axis=1))
    bands = []
    for y in rows:
        if bands and y - bands[-1][1] <= gap: bands[-1][1] = y
        else: bands.append([y, y])
    return [(a + b) / 2 for a, b in bands]


def check_top_k(d, name, values):
    """Head view, one head: with k lines per query the lines crossing the middle between the
    two label columns are exactly those to each query's k heaviest keys (NumPy's argsort), found
    at the height halfway between the query's label and the key's label."""
    L, H, Q, K = values.shape
    l, h = 0, 1
    press(d, "1")
    d.execute_script("window.attnviz.select(arguments[0], arguments[1])", l, h)
    check(state(d)["heads"] == [h], f"{name}: choosing head {h} in the head view shows only it")
    canvas = "#head-canvas"
    background = np.array([255, 255, 255])
    for k in (1, 2):
        field = d.find_element(By.ID, "topk")
        field.send_keys(Keys.CONTROL, "a"); field.send_keys(str(k), Keys.TAB)
        poll(lambda: state(d)["k"] == k, f"{name}: top-k field set to {k}", 5)
        pixels = geo.canvas_pixels(d, canvas)
        width = pixels.shape[1]
        # Label columns: query labels end at the left column's right edge, key labels start at
        # the right column's left edge; their bands of dark ink give each token's height (the
        # column headings are drawn lighter, in the muted colour).
        text = dark(pixels)
        yq, yk = ink_bands(text[:, : width // 4]), ink_bands(text[:, 3 * width // 4:])
        check(len(yq) == Q and len(yk) == K, f"{name}: {len(yq)} query and {len(yk)} key labels found, want {Q} and {K}")
        left_end = max(np.flatnonzero(text[int(y), : width // 2]).max() for y in yq)
        right_start = min(width // 2 + np.flatnonzero(text[int(y), width // 2:]).min() for y in yk)
        middle = (left_end + right_start) // 2
        column = np.abs(pixels[:, middle] - background).max(axis=1) > 6
        column[: int(yq[0] - 15)] = False  # the caption above the tokens
        edges = np.flatnonzero(np.diff(np.concatenate([[0], column.astype(np.int8), [0]]))).reshape(-1, 2)
        seen = [(a + b - 1) / 2 for a, b in edges]
        order = np.argsort(-values[l, h], axis=1, kind="stable")[:, :k]
        expected = sorted((yq[q] + yk[j]) / 2 for q in range(Q) for j in order[q] if values[l, h, q, j] > 0.004)
        merged = []
        for y in expected:
            if not merged or y - merged[-1][-1] > 4: merged.append([y])
            else: merged[-1].append(y)
        want = [np.mean(m) for m in merged]
        matched = len(seen) == len(want) and all(abs(a - b) <= 3 for a, b in zip(seen, want))
        check(matched, f"{name}: top-{k}: {len(seen)} lines cross the middle where NumPy's {Q * k} heaviest put {len(want)}"
              + ("" if matched else f": seen {[round(s) for s in seen][:12]} want {[round(w) for w in want][:12]}"))
    field = d.find_element(By.ID, "topk")
    field.send_keys(Keys.CONTROL, "a"); field.send_keys("0", Keys.TAB)
    poll(lambda: state(d)["k"] == 0, f"{name}: top-k field set to 0 (all lines)", 5)


def rollout(mean):
    """Abnar & Zuidema's rollout: per layer 0.5 A + 0.5 I with rows renormalised, multiplied
    from layer 0 up (the later layer on the left)."""
    out = None
    for a in mean:
        a = 0.5 * a + 0.5 * np.eye(a.shape[0])
        a = a / a.sum(axis=1, keepdims=True)
        out = a if out is None else a @ out
    return out


def check_aggregates(d, name, values):
    """Mean, max and rollout of the page's decoded weights, against NumPy over the same weights
    (read back from the page, which explorer_check.py checks against the input), every cell."""
    L, H, Q, K = values.shape
    decoded = np.array(d.execute_script("""
        const [L, H, Q, K] = window.attnviz.shape(), out = [];
        for (let l = 0; l < L; l++) for (let h = 0; h < H; h++) for (let q = 0; q < Q; q++) for (let k = 0; k < K; k++)
          out.push(window.attnviz.weight(l, h, q, k));
        return out;"""), dtype=np.float64).reshape(values.shape)
    step = max(quantisation_step(values[l, h]) for l in range(L) for h in range(H))
    check(np.abs(decoded - values).max() <= step / 2 * 1.001 + 1e-7, f"{name}: the page's weights are the input's within half a step")
    press(d, "5")
    for kind, layers in [("mean", [L - 1]), ("max", [L - 1]), ("rollout", [0, L - 1])]:
        Select(d.find_element(By.ID, "agg")).select_by_value(kind)
        for layer in layers:
            Select(d.find_element(By.ID, "layer")).select_by_value(str(layer))
            poll(lambda: state(d)["agg"] == kind and state(d)["layer"] == layer, f"{name}: {kind} of layer {layer} chosen", 5)
            if kind == "mean": want = decoded[layer].mean(axis=0)
            elif kind == "max": want = decoded[layer].max(axis=0)
            else: want = rollout(decoded[: layer + 1].mean(axis=1))
            cells = [(q, k) for q in range(Q) for k in range(K)]
            check_cells(d, name, want, cells, selector="#agg-host canvas", label=f" {kind} of layer {layer}",
                        exact=1e-5 * max(1, np.abs(want).max()))


def ramp_indices(pixels):
    """Nearest ramp entry of every pixel (through the distinct colours, which are few)."""
    packed = pixels[:, :, 0] << 16 | pixels[:, :, 1] << 8 | pixels[:, :, 2]
    colours, inverse = np.unique(packed, return_inverse=True)
    rgb = np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1)
    nearest = np.array([geo.ramp_index(c) for c in rgb])
    return nearest[inverse].reshape(packed.shape)


def check_pooled_2048(d, name, values, peaks):
    """At fit every device pixel of the 2048 x 2048 matrix covers ~4 x 4 cells: the page must
    draw their maximum (so a single sharp weight shows), at its place (not transposed)."""
    L, H, Q, K = values.shape
    head = values[0, 0]
    press(d, "3")
    ms = d.execute_script("return window.attnviz.select(0, 0)")
    check(ms < 2000, f"{name}: redrawing the 2048 x 2048 matrix view takes {ms:.0f} ms (< 2 s)")
    pixels, rect, (ox, oy) = matrix_geometry(d, "#matrix-host canvas", name)
    x0, y0, x1, y1 = rect
    W, Hh = x1 - x0, y1 - y0
    check(W < K and Hh < Q, f"{name}: the matrix is drawn in {W} x {Hh} px, fewer than its cells")
    drawn = ramp_indices(pixels[y0:y1, x0:x1])
    # NumPy: max over the cells each pixel covers, then the ramp entry; a pixel may take its
    # neighbour's cells (the page's image is resampled onto a non-integer width), so each drawn
    # entry must lie within the entries of the 3 x 3 bins around it.
    cols = np.floor(np.arange(W) * K / W).astype(int)
    rows = np.floor(np.arange(Hh) * Q / Hh).astype(int)
    pooled = np.maximum.reduceat(np.maximum.reduceat(head, rows, axis=0), cols, axis=1)
    lo, hi = head.min(), head.max()
    entries = np.clip(np.round((pooled - lo) / (hi - lo) * 255), 0, 255)
    padded = np.pad(entries, 1, mode="edge")
    shifts = [padded[1 + dy: 1 + dy + Hh, 1 + dx: 1 + dx + W] for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    low, high = np.min(shifts, axis=0) - 2, np.max(shifts, axis=0) + 2
    outside = (drawn < low) | (drawn > high)
    check(outside.sum() == 0, f"{name}: every one of {W * Hh} pixels shows the max over its cells "
          f"({outside.sum()} do not; first at {np.argwhere(outside)[:3].tolist()})")
    mean_entries = np.clip(np.round((np.add.reduceat(np.add.reduceat(head, rows, axis=0), cols, axis=1)
                                     / np.outer(np.diff(np.append(rows, Q)), np.diff(np.append(cols, K))) - lo) / (hi - lo) * 255), 0, 255)
    check(np.mean(np.abs(drawn - mean_entries) > 8) > 0.3, f"{name}: and that is not the mean over the cells")
    for q, k in peaks:
        x, y = geo.cell_centre((0, 0, W, Hh), Q, K, q, k)
        around = drawn[max(0, int(y) - 1): int(y) + 2, max(0, int(x) - 1): int(x) + 2]
        swapped_x, swapped_y = geo.cell_centre((0, 0, W, Hh), Q, K, k, q)
        swapped = drawn[max(0, int(swapped_y) - 1): int(swapped_y) + 2, max(0, int(swapped_x) - 1): int(swapped_x) + 2]
        check(around.max() >= 253 and swapped.max() < 200,
              f"{name}: the single weight at query {q}, key {k} shows at full colour at its place, not at its transpose")
    # Zoom in on one peak with the wheel until cells are ~20 px, then hover its dark block.
    q, k = peaks[0]
    x, y = geo.cell_centre(rect, Q, K, q, k)
    ActionChains(d).scroll_from_origin(ScrollOrigin.from_viewport(int(round(ox + x)), int(round(oy + y))), 0, -3000).perform()
    zoomed = poll(lambda: (lambda p: p if not np.array_equal(p, pixels) else None)(geo.canvas_pixels(d, "#matrix-host canvas")),
                  f"{name}: the wheel redraws the 2048 matrix", 5)
    size = (rect[2] - rect[0]) / K * 1.0015 ** 3000
    bar = colour_bar_left(pixels, rect)
    end = geo.heatmap_rect(zoomed)[2]
    check(end <= bar - 4, f"{name}: zoomed cells stop short of the colour bar (at x {bar}), not under it (end {end})")
    entries = ramp_indices(zoomed)
    full = np.argwhere(entries >= 253)
    order = np.argsort(np.hypot(full[:, 0] - y, full[:, 1] - x))
    block = None
    for py, px in full[order][:5000:25]:
        bx0, bx1, by0, by1 = block_around(zoomed, int(px), int(py))
        if min(bx1 - bx0, by1 - by0) >= 0.6 * size:   # a cell, not the 14-px colour bar
            block = (bx0, bx1, by0, by1)
            break
    check(block is not None and abs(block[1] - block[0] - size) <= 2,
          f"{name}: zoomed in, the peak is a full-colour cell {block} of the zoomed size {size:.1f} px near the cursor")
    cx, cy = (block[0] + block[1]) / 2, (block[2] + block[3]) / 2
    tq, tk, shown, _ = hover(d, ox + cx, oy + cy)
    check((tq, tk) == (q, k) and abs(shown - head[q, k]) <= quantisation_step(head),
          f"{name}: hovering that block names query {q}, key {k}, weight {shown} (NumPy {head[q, k]:.4f})")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cases")
    args = parser.parse_args()
    worst = geo.check_lut_against_matplotlib(ROOT)
    check(worst == 0, f"the YlOrRd ramp used here is matplotlib's (largest difference {worst})")
    cases = {p.stem: p for p in pathlib.Path(args.cases).glob("*.html")}
    d = _driver(1280, 1400, hide_scrollbars=True)
    try:
        if "asym-u8" in cases:
            meta, values = load(d, cases["asym-u8"])
            name = "asym-u8"
            L, H, Q, K = values.shape
            press(d, "3")
            for l, h in [(0, 0), (1, 2)]:
                d.execute_script("window.attnviz.select(arguments[0], arguments[1])", l, h)
                check_cells(d, name, values[l, h], asymmetric_cells(Q, K), label=f" L{l} H{h}")
            check_keys(d, name, values)
            check_zoom_and_pan(d, name, values)
            check_top_k(d, name, values)
        if "square-u8" in cases:
            meta, values = load(d, cases["square-u8"])
            check_zoom_in_on_small(d, "square-u8")
            check_aggregates(d, "square-u8", values)
        if "peaks-2048" in cases:
            meta, values = load(d, cases["peaks-2048"])
            check_pooled_2048(d, "peaks-2048", values, [tuple(p) for p in meta["peaks"]])
        errors = [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]
        check(not errors, f"zero console errors ({errors[:2]})")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        return 1
    finally:
        d.quit()
    print("all interaction checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
