#!/usr/bin/env python3
"""Deep zoom in `attnviz serve --file RUN.safetensors` and pages made to a size budget
(`attnviz explore RUN --max-size`) (#13 items 3, 4 and 5), in headless chromium.

A run kept as queries and keys (2 layers, 4 query heads sharing 2 KV heads, 2,000 tokens, causal,
a sink on token 0) is written by NumPy and safetensors, never by attnviz; the server is started
on it; every expected number comes from NumPy over the same queries and keys. Checks:
- the serve page opens the run by itself and says the server computes it;
- matrix at fit: the tile level is the finest whose pixels cover at least a screen pixel; the
  tooltip's exact weight equals NumPy's within 1e-5, its pooled max and mean those of the cells
  it names; every drawn pixel is the colour of the max (then, with Pool: mean, the mean) of a
  block at or next to its position;
- zoomed in to level 0, cells are NumPy's exact weights on the ramp; the minimap is drawn;
- model view: every head's thumbnail arrives;
- text view of query 1,500 over the long text: each key's intensity is NumPy's weight over the
  head's max (1e-5), the heat box is scrolled to the query, the minimap jumps the box;
- head view, one head, query pinned: its top targets and their weights are NumPy's;
- `explore --max-size 14MB --layers 1 --heads 3`: the page is within the budget and says what it
  holds; head (1, 3) at full resolution is exact (pooled pixels, tooltips); a top-k head shows
  its overview (NumPy's block max) at fit and, zoomed in, exactly its top-k cells at NumPy's
  weights with every other cell grey; no network request at all;
- a dense 2,000-token page (`attnviz explore`) gets the same long text view and minimap;
- zero console errors and no request to another origin.

Usage: remote_run_check.py ATTNVIZ WORKDIR [--screenshots DIR] [--url URL (a server already on WORKDIR/run.safetensors)]"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import time

import browser_support as bs
from browser_support import CheckFailed, check, console_errors, driver

bs.require_modules("numpy", "safetensors")
import numpy as np  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

import explorer_geometry as geo  # noqa: E402
from explorer_interaction_check import move_to  # noqa: E402

MATRIX = "#matrix-host canvas"
L, HQ, HKV, S, DIM = 2, 4, 2, 2000, 16
TILE = 256


def make_run(path):
    """Queries, keys and log-sum-exps of a causal GQA run; returns (q, k, lse, scale, tokens)."""
    rng = np.random.default_rng(7)
    q = rng.normal(size=(L, HQ, S, DIM)).astype(np.float32)
    k = rng.normal(size=(L, HKV, S, DIM)).astype(np.float32)
    k[:, :, 0] = 2.5 * q.mean(axis=(1, 2))[:, None, :] / np.linalg.norm(q.mean(axis=(1, 2)), axis=-1, keepdims=True)[:, None, :] * 2
    scale = np.float32(1 / np.sqrt(DIM))
    lse = np.zeros((L, HQ, S), np.float64)
    for l in range(L):
        for h in range(HQ):
            lse[l, h] = np.log(weights_unnormalised(q, k, scale, l, h).sum(axis=1))
    words = "the model reads every token of a long text and looks back at what matters 武汉 ünïcödé".split()
    tokens = ["<|im_start|>"] + [(" " if i % 3 else "") + words[i % len(words)] for i in range(1, S)]
    meta = {"attnviz": "factored-attention/1", "scale": repr(float(scale)), "causal": "true",
            "tokens": json.dumps(tokens, ensure_ascii=False)}
    save_file({"queries": q, "keys": k, "logsumexp": lse.astype(np.float32)}, str(path), metadata=meta)
    return q, k, lse.astype(np.float32), scale, tokens


def weights_unnormalised(q, k, scale, l, h):
    logits = float(scale) * q[l, h].astype(np.float64) @ k[l, h // (HQ // HKV)].astype(np.float64).T
    logits = np.where(np.tril(np.ones((S, S), bool)), logits, -np.inf)
    return np.exp(logits)


class Reference:
    """NumPy's weights of each head, from the file's queries, keys and log-sum-exps."""

    def __init__(self, q, k, lse, scale):
        self.q, self.k, self.lse, self.scale, self.heads = q, k, lse, scale, {}

    def head(self, l, h):
        if (l, h) not in self.heads:
            logits = float(self.scale) * self.q[l, h].astype(np.float64) @ self.k[l, h // (HQ // HKV)].astype(np.float64).T
            w = np.exp(logits - self.lse[l, h].astype(np.float64)[:, None])
            self.heads[(l, h)] = np.where(np.tril(np.ones((S, S), bool)), w, 0.0)
        return self.heads[(l, h)]


def pooled(head, level, how):
    """The head pooled over 2^level x 2^level blocks (edge blocks over the cells they have)."""
    n = 2 ** level
    rows, cols = -(-S // n), -(-S // n)
    pad = np.full((rows * n, cols * n), np.nan)
    pad[:S, :S] = head
    blocks = pad.reshape(rows, n, cols, n)
    return np.nanmax(blocks, axis=(1, 3)) if how == "max" else np.nanmean(blocks, axis=(1, 3))


def wait_idle(d, timeout=120, what="the server's answers"):
    end = time.time() + timeout
    while time.time() < end:
        if d.execute_script("return !!(window.attnviz && window.attnviz.remoteIdle && window.attnviz.remoteIdle())"):
            time.sleep(0.15)  # the redraw after the last answer
            if d.execute_script("return window.attnviz.remoteIdle()"):
                return
        status = d.execute_script("const s = document.getElementById('status'); return s && s.classList.contains('error') ? s.textContent : null")
        if status:
            raise CheckFailed(f"page reported: {status}")
        time.sleep(0.1)
    raise CheckFailed(f"timed out waiting for {what}")


def open_view(d, url, fragment):
    """Opens the served page (which opens the run by itself) or a budget page (a file) at `fragment`."""
    if url.startswith("file:"):
        d.get("about:blank")
        d.get(f"{url}#{fragment}")
        bs.wait_drawn(d)
    else:
        d.get(f"{url}#{fragment}")
        end = time.time() + 60
        while time.time() < end and not d.execute_script("return window.__serveShown > 0"):
            time.sleep(0.1)
        check(d.execute_script("return window.__serveShown > 0"), f"the serve page opened the run by itself ({fragment})")
    wait_idle(d)


def tooltip(d):
    t = d.find_element(By.ID, "tooltip")
    return t.text, t.get_attribute("data-q"), t.get_attribute("data-k"), t.get_attribute("data-weight")


def hover_cell(d, rect, origin, q, k):
    """Moves the pointer over cell (q, k) of a heatmap drawn at `rect` (S x S cells)."""
    x0, y0, x1, y1 = rect
    x = x0 + (k + 0.5) * (x1 - x0) / S
    y = y0 + (q + 0.5) * (y1 - y0) / S
    move_to(d, origin[0] + x, origin[1] + y)
    time.sleep(0.3)
    wait_idle(d, 30, "the hovered row")
    move_to(d, origin[0] + x + 0.2, origin[1] + y)
    time.sleep(0.2)


def check_tooltip(d, ref, l, h, level, how_many=4):
    """Hovers cells at fit; the tooltip's weight is NumPy's (1e-5), its pooled numbers the block's."""
    pixels = geo.canvas_pixels(d, MATRIX)
    rect = geo.mask_rect(geo.on_ramp(pixels), 40)
    check(rect is not None, "the matrix is drawn at fit")
    origin = geo.canvas_origin(d, MATRIX)
    head = ref.head(l, h)
    for q, k in [(1500, 3), (1985, 1), (700, 650), (64, 60)][:how_many]:
        hover_cell(d, rect, origin, q, k)
        text, tq, tk, tw = tooltip(d)
        tq, tk = int(tq), int(tk)
        check(abs(float(tw) - head[tq, tk]) <= 1e-5, f"tooltip over ({tq}, {tk}): weight {float(tw):.6g} is NumPy's {head[tq, tk]:.6g}")
        m = re.search(r"queries (\d+)–(\d+) × keys (\d+)–(\d+): max ([-0-9.e]+), mean ([-0-9.e]+)", text)
        check(m is not None, f"the tooltip names the pooled block at level {level}: {text!r}")
        a, b, c, e = map(int, m.groups()[:4])
        n = 2 ** level
        check(a == tq // n * n and c == tk // n * n and b - a + 1 == min(n, S - a) and e - c + 1 == min(n, S - c),
              f"the block is the {n}x{n} one holding the cell ({a}–{b}, {c}–{e})")
        block = head[a:b + 1, c:e + 1]
        check(abs(float(m.group(5)) - block.max()) <= 1e-4 * max(1, block.max()) + 5e-5 and abs(float(m.group(6)) - block.mean()) <= 5e-5 + 1e-3 * block.mean(),
              f"its max {m.group(5)} and mean {m.group(6)} are NumPy's ({block.max():.4g}, {block.mean():.4g})")


def check_pixels(d, ref, l, h, level, how, lo=0.0):
    """Every tenth drawn pixel is the ramp colour of a pooled block at or beside its position."""
    move_to(d, 5, 5)  # no hovered cell's ring among the pixels
    time.sleep(0.2)
    pixels = geo.canvas_pixels(d, MATRIX)
    rect = geo.mask_rect(geo.on_ramp(pixels), 40)
    x0, y0, x1, y1 = rect
    head = ref.head(l, h)
    hi = head.max()
    grid = pooled(head, level, how)
    n = 2 ** level
    entries = np.clip(np.round((grid - lo) / (hi - lo) * 255), 0, 255)
    bad = total = 0
    first = None
    for y in range(y0 + 2, y1 - 2, 10):
        for x in range(x0 + 2, x1 - 2, 10):
            q = (y + 0.5 - y0) / (y1 - y0) * S
            k = (x + 0.5 - x0) / (x1 - x0) * S
            got = geo.ramp_index(pixels[y, x])
            by, bx = int(q // n), int(k // n)
            near = entries[max(0, by - 1):by + 2, max(0, bx - 1):bx + 2]
            total += 1
            if not np.any(np.abs(near - got) <= 1):
                bad += 1
                first = first or f"pixel ({x}, {y}) entry {got}, blocks {near.astype(int).tolist()}"
    check(total > 400 and bad == 0, f"{how}-pooled level {level}: {total - bad} of {total} sampled pixels are the colour of a {n}x{n} block's {how} at their position" + (f" ({first})" if bad else ""))


def check_exact_zoom(d, ref, l, h):
    d.execute_script("window.attnviz.cellCenter(1200, 1190, 14)")
    wait_idle(d)
    zoom = d.execute_script("return window.attnviz.matrixZoom()")
    check(zoom["level"] == 0, f"zoomed to {zoom['cell']:.1f} px cells, the page shows level 0 (exact values)")
    pixels = geo.canvas_pixels(d, MATRIX)
    rect = geo.mask_rect(geo.on_ramp(pixels), 40)
    origin = geo.canvas_origin(d, MATRIX)
    head = ref.head(l, h)
    cell = zoom["cell"]
    # The cell under the view's centre is (1200, 1190); cells around it follow at `cell` px.
    cx, cy = d.execute_script("const r = window.attnviz.cellCenter(1200, 1190, 14); return [r.x, r.y]")
    cx, cy = cx - origin[0], cy - origin[1]
    worst = 0
    for dq in range(-4, 5):  # (the minimap covers the view's bottom-right third)
        for dk in range(-4, 5):
            x, y = int(round(cx + dk * cell)), int(round(cy + dq * cell))
            if not (rect[0] <= x < rect[2] and rect[1] <= y < rect[3]):
                continue
            want = geo.lut_index(head[1200 + dq, 1190 + dk], 0.0, head.max())
            worst = max(worst, abs(geo.ramp_index(pixels[y, x]) - want))
    check(worst <= 1, f"level 0: 81 cells around (1200, 1190) are NumPy's exact weights on the ramp (worst entry off by {worst})")
    # The minimap: the whole head (the overview tile) beside the cells, with the part in view framed.
    m = zoom["minimap"]
    check(m is not None, "zoomed in, the page draws a minimap")
    x, y, w, h = (int(round(v)) for v in (m["x"], m["y"], m["w"], m["h"]))
    inside = geo.on_ramp(pixels[y + 2:y + h - 2, x + 2:x + w - 2])
    frame = (pixels[y + 1:y + h - 1, x + 1:x + w - 1].sum(axis=2) < 200).sum()  # the text colour, near black
    check(inside.mean() > 0.8 and frame > 0 and (x >= rect[2] or y >= rect[3] or x + w <= rect[0]),
          f"the minimap ({w}x{h} px at {x}, {y}) shows the head on the ramp beside the cells, the part in view framed in the text colour")


def check_text(d, url, ref, l, h, q, shots):
    open_view(d, url, f"v=text&l={l}&h={h}&tq={q}")
    head = ref.head(l, h)
    got = d.execute_script("return [...document.querySelectorAll('#text-heat span')].map((s) => Number(s.dataset.intensity))")
    want = head[q] / head.max()
    check(len(got) == S and np.abs(np.array(got) - want).max() <= 1e-5,
          f"text view of query {q}: {len(got)} key intensities are NumPy's weight over the head's max (worst {np.abs(np.array(got) - want).max():.1e})")
    inside = d.execute_script("""const box = document.getElementById('text-heat'), s = box.querySelector('span.self');
        const b = box.getBoundingClientRect(), r = s.getBoundingClientRect(); return r.top >= b.top && r.bottom <= b.bottom""")
    check(inside, "the long heat box is scrolled to the query's own position (outlined)")
    check(d.execute_script("return !document.getElementById('text-minimap').hidden"), "the text minimap is shown beside the long text")
    minimap_jumps(d, "remote text view")
    if shots:
        d.save_screenshot(str(pathlib.Path(shots) / "remote-text-1400.png"))


def minimap_jumps(d, what):
    m = d.find_element(By.ID, "text-minimap")
    box = "document.getElementById('text-heat')"
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(d).move_to_element_with_offset(m, 0, -m.size["height"] // 2 + 2).click().perform()
    time.sleep(0.2)
    top = d.execute_script(f"return {box}.scrollTop")
    ActionChains(d).move_to_element_with_offset(m, 0, m.size["height"] // 2 - 2).click().perform()
    time.sleep(0.2)
    bottom, most = d.execute_script(f"return [{box}.scrollTop, {box}.scrollHeight - {box}.clientHeight]")
    check(top <= 40 and bottom >= most - 40, f"{what}: clicking the minimap's top and bottom scrolls the text to its start ({top}) and end ({bottom} of {most})")


def check_head_targets(d, url, ref, l, h, q):
    open_view(d, url, f"v=head&l={l}&h={h}&hs={h}&pin=q{q}")
    wait_idle(d)
    items = d.execute_script("return [...document.querySelectorAll('#head-targets li')].map((li) => [Number(li.dataset.index), Number(li.dataset.weight)])")
    row = ref.head(l, h)[q]
    order = sorted(range(S), key=lambda j: (-row[j], j))[:12]
    check([i for i, _ in items] == order, f"head view, query {q} pinned: its top 12 targets are NumPy's ({[i for i, _ in items][:5]}…)")
    check(max(abs(w - row[i]) for i, w in items) <= 1e-5, "and their weights NumPy's within 1e-5")
    lines = d.execute_script("return document.getElementById('head-canvas').width")
    check(lines > 300, "the head view draws at 2,000 tokens")


def check_model(d, url):
    open_view(d, url, "v=model")
    end = time.time() + 120
    while time.time() < end and d.execute_script("return document.querySelectorAll('#model-grid canvas[data-pending]').length"):
        time.sleep(0.2)
    n = d.execute_script("return document.querySelectorAll('#model-grid canvas').length")
    pending = d.execute_script("return document.querySelectorAll('#model-grid canvas[data-pending]').length")
    check(n == L * HQ and pending == 0, f"model view: all {n} thumbnails arrived from the heads' top-level tiles")


def check_dense_long_text(d, attnviz, work):
    """A dense 2,000-token page (no server) has the same long text view and minimap."""
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 2, (1, 1, S, S)).astype(np.float32)
    att = np.exp(logits - logits.max(axis=-1, keepdims=True))
    att = (att / att.sum(axis=-1, keepdims=True)).astype(np.float32)
    np.save(work / "dense.npy", att)
    r = subprocess.run([attnviz, "explore", str(work / "dense.npy"), "-o", str(work / "dense.html")], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise CheckFailed(f"attnviz explore: {r.stderr.strip()}")
    d.get((work / "dense.html").as_uri() + "#v=text&tq=1200")
    bs.wait_drawn(d)
    time.sleep(0.3)
    check(d.execute_script("return !document.getElementById('text-minimap').hidden && document.getElementById('text-heat').classList.contains('long')"),
          "dense 2,000-token page: the text view scrolls in its own box beside a minimap")
    minimap_jumps(d, "dense text view")
    # A short page keeps the note's plain text view: no boxes, no minimap (not even its border).
    np.save(work / "short.npy", att[:, :, :12, :12] / att[:, :, :12, :12].sum(axis=-1, keepdims=True))
    r = subprocess.run([attnviz, "explore", str(work / "short.npy"), "-o", str(work / "short.html")], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise CheckFailed(f"attnviz explore: {r.stderr.strip()}")
    d.get((work / "short.html").as_uri() + "#v=text")
    bs.wait_drawn(d)
    shown = d.execute_script("const m = document.getElementById('text-minimap'); return [getComputedStyle(m).display, m.getBoundingClientRect().width, document.getElementById('text-heat').classList.contains('long')]")
    check(shown == ["none", 0, False], f"a 12-token page's text view has no scrolling box and no minimap ({shown})")


def check_budget_page(d, attnviz, work, ref, shots):
    """`attnviz explore RUN --max-size`: within the budget; a chosen head at full resolution is
    exact at any zoom; the other heads show their pooled overview (NumPy's block max) and, zoomed
    in, their top-k keys (NumPy's strongest keys, exact weights) with the rest grey; the page
    says which; it opens offline with no request at all."""
    budget = 14_000_000
    page = work / "budget.html"
    r = subprocess.run([attnviz, "explore", str(work / "run.safetensors"), "--max-size", "14MB", "--layers", "1", "--heads", "3", "-o", str(page)],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise CheckFailed(f"attnviz explore --max-size: {r.stderr.strip()}")
    size = page.stat().st_size
    m = re.search(r"(\d+) of 8 heads at full resolution \(([^)]*)\), the others as the top (\d+) keys", r.stdout)
    check(size <= budget and m is not None and "L1H3" in m.group(2), f"budget page: {size} bytes of {budget}; it says what it holds: {r.stdout.strip()!r}")
    k = int(m.group(3))
    url = page.as_uri()
    open_view(d, url, "v=matrix&l=1&h=3")
    status = d.find_element(By.ID, "status").text
    check(f"top {k} keys" in status and "full resolution" in status, f"the status says what the page holds: {status!r}")
    level = d.execute_script("return window.attnviz.matrixZoom()")["level"]
    check_pixels(d, ref, 1, 3, level, "max")
    check_tooltip(d, ref, 1, 3, level, how_many=2)
    if shots:
        d.save_screenshot(str(pathlib.Path(shots) / "budget-full-head-1400.png"))
    # A head with only its overview and top-k keys: at fit the overview, stretched.
    open_view(d, url, "v=matrix&l=0&h=1")
    overview_level = d.execute_script("return (() => { const p = JSON.parse(document.getElementById('attnviz-data').textContent); return p.embedded.overview.level; })()")
    check_pixels(d, ref, 0, 1, overview_level, "max")
    if shots:
        d.save_screenshot(str(pathlib.Path(shots) / "budget-topk-head-1400.png"))
    head = ref.head(0, 1)
    stored = shown = grey = 0
    for centre_q in (1500, 900, 1800, 1200, 600):
        # Centred on the query's strongest key, so stored cells are in view.
        centre_k = int(np.argmax(head[centre_q]))
        d.execute_script(f"window.attnviz.cellCenter({centre_q}, {centre_k}, 14)")
        wait_idle(d)
        pixels = geo.canvas_pixels(d, MATRIX)
        origin = geo.canvas_origin(d, MATRIX)
        cx, cy = d.execute_script(f"const r = window.attnviz.cellCenter({centre_q}, {centre_k}, 14); return [r.x, r.y]")
        cell = d.execute_script("return window.attnviz.matrixZoom()")["cell"]
        for dq in range(-4, 5):  # (the minimap covers the view's bottom-right third)
            q = centre_q + dq
            top = set(sorted(range(S), key=lambda j: (-head[q, j], j))[:k])
            for dk in range(-4, 5):
                key = centre_k + dk
                if not 0 <= key < S or key > q:
                    continue
                x, y = int(round(cx - origin[0] + dk * cell)), int(round(cy - origin[1] + dq * cell))
                rgb = pixels[y, x]
                if key in top:
                    stored += 1
                    want = geo.lut_index(head[q, key], 0.0, head.max())
                    if abs(geo.ramp_index(rgb) - want) <= 1 and geo.on_ramp(rgb[None, None, :])[0, 0]:
                        shown += 1
                elif geo.on_ramp(rgb[None, None, :])[0, 0]:
                    raise CheckFailed(f"cell ({q}, {key}) is not among query {q}'s top {k} keys but is drawn as a weight {tuple(rgb)}")
                else:
                    grey += 1
    check(stored >= 5 and shown == stored and grey > 150,
          f"zoomed in on a top-k head: its {stored} stored cells in five 9x9 windows are NumPy's top-{k} weights on the ramp, the {grey} others grey (not stored)")
    if shots:
        d.save_screenshot(str(pathlib.Path(shots) / "budget-topk-zoomed-1400.png"))
    errors = console_errors(d)
    check(not errors, f"budget page: zero console errors ({errors[:2]})")
    foreign = bs.foreign_requests(d, url)
    check(not foreign, f"budget page: no network request ({foreign[:2]})")


def start_server(attnviz, run):
    process = subprocess.Popen([attnviz, "serve", "--port", "0", "--file", str(run)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    end = time.time() + 60
    seen = ""
    while time.time() < end:
        line = process.stdout.readline()
        if not line:
            break
        seen += line
        m = re.search(r"http://[^ ]+/", line)
        if m:
            return process, m.group(0).rstrip("/")
    process.kill()
    raise CheckFailed(f"attnviz serve --file did not start: {seen.strip()}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("attnviz")
    parser.add_argument("workdir")
    parser.add_argument("--screenshots")
    parser.add_argument("--url")
    args = parser.parse_args()
    work = pathlib.Path(args.workdir)
    work.mkdir(parents=True, exist_ok=True)
    q, k, lse, scale, tokens = make_run(work / "run.safetensors")
    ref = Reference(q, k, lse, scale)
    server, url = (None, args.url.rstrip("/")) if args.url else start_server(args.attnviz, work / "run.safetensors")
    d = driver(1400, 900)
    try:
        l, h = 1, 3
        open_view(d, url, f"v=matrix&l={l}&h={h}")
        status = d.find_element(By.ID, "status").text
        check("computed by the server" in status and "2000 queries" in status, f"the status says what is shown and how: {status!r}")
        zoom = d.execute_script("return window.attnviz.matrixZoom()")
        level = zoom["level"]
        want = max(0, int(np.ceil(np.log2(1 / zoom["cell"]) - 1e-9)))
        check(level == want and level > 0, f"at fit ({zoom['cell']:.3f} px per cell) the page shows level {level}: 2^{level} cells per tile pixel, at least one screen pixel each")
        if args.screenshots:
            d.save_screenshot(str(pathlib.Path(args.screenshots) / "remote-matrix-1400.png"))
        check_pixels(d, ref, l, h, level, "max")
        check_tooltip(d, ref, l, h, level)
        Select(d.find_element(By.ID, "pool")).select_by_value("mean")
        wait_idle(d)
        check("pl=mean" in d.current_url, "Pool: mean is kept in the link")
        check_pixels(d, ref, l, h, level, "mean")
        Select(d.find_element(By.ID, "pool")).select_by_value("max")
        wait_idle(d)
        check_exact_zoom(d, ref, l, h)
        if args.screenshots:
            d.save_screenshot(str(pathlib.Path(args.screenshots) / "remote-matrix-zoomed-1400.png"))
        check_model(d, url)
        if args.screenshots:
            d.save_screenshot(str(pathlib.Path(args.screenshots) / "remote-model-1400.png"))
        check_text(d, url, ref, 0, 2, 1500, args.screenshots)
        check_head_targets(d, url, ref, 0, 1, 1700)
        errors = console_errors(d)
        check(not errors, f"zero console errors ({errors[:2]})")
        foreign = bs.foreign_requests(d, url)
        check(not foreign, f"no request to another origin ({foreign[:2]})")
        check_budget_page(d, args.attnviz, work, ref, args.screenshots)
        check_dense_long_text(d, args.attnviz, work)
        errors = console_errors(d)
        check(not errors, f"dense page: zero console errors ({errors[:2]})")
    except CheckFailed as failure:
        print(f"FAIL {failure}")
        return 1
    finally:
        d.quit()
        if server:
            server.terminate()
            server.wait(timeout=20)
    print("all remote run checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
