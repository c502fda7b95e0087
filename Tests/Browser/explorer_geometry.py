"""Reading an explorer page the way a user sees it, without the page's own geometry code.

Where a heatmap sits on a canvas is found from the drawn pixels (the rectangle of colours on
the YlOrRd ramp), so a cell's position comes from that rectangle and the known cell count only;
the colour ramp is matplotlib's YlOrRd (ColorBrewer's nine colours, linearly interpolated over
256 entries), checked against matplotlib's own samples in the render tests' fixture."""
import base64
import json
import pathlib

import numpy as np

# ColorBrewer YlOrRd, the nine colours matplotlib's YlOrRd interpolates.
YLORRD = np.array([[255, 255, 204], [255, 237, 160], [254, 217, 118], [254, 178, 76], [253, 141, 60],
                   [252, 78, 42], [227, 26, 28], [189, 0, 38], [128, 0, 38]], dtype=np.float64)


def ylorrd_lut():
    """matplotlib's 256-entry YlOrRd: entry i interpolates the nine colours at i / 255."""
    x = np.arange(256) / 255 * 8
    j = np.minimum(np.floor(x).astype(int), 7)
    f = (x - j)[:, None]
    return YLORRD[j] + (YLORRD[j + 1] - YLORRD[j]) * f


LUT = ylorrd_lut()


def check_lut_against_matplotlib(root):
    """The ramp above against matplotlib's own YlOrRd samples (exported by
    scripts/fixtures/export_colormaps.py); returns the largest channel difference."""
    samples = json.loads((pathlib.Path(root) / "Tests/AttentionTextTests/Fixtures/colormap_samples.json").read_text())
    worst = 0
    for x, hexcolor in samples["samples"]["YlOrRd"]:
        i = min(int(np.clip(x, 0, 1) * 256), 255)  # matplotlib: entry floor(x * N), x = 1 in the last
        want = np.array([int(hexcolor[k:k + 2], 16) for k in (1, 3, 5)])
        worst = max(worst, float(np.abs(np.round(LUT[i]) - want).max()))
    return worst


def lut_index(value, lo, hi):
    """The ramp entry a weight maps to when lo..hi spans the ramp (nearest of 256)."""
    return int(np.clip(np.round((value - lo) / (hi - lo) * 255), 0, 255)) if hi > lo else 0


def canvas_pixels(d, selector):
    """The canvas's drawn RGB pixels (its backing store, device scale 1) as a [h, w, 3] array."""
    w, h, data = d.execute_script("""
        const c = document.querySelector(arguments[0]);
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let s = '';
        for (let i = 0; i < px.length; i += 0x8000) s += String.fromCharCode.apply(null, px.subarray(i, i + 0x8000));
        return [c.width, c.height, btoa(s)];""", selector)
    return np.frombuffer(base64.b64decode(data), dtype=np.uint8).reshape(h, w, 4)[:, :, :3].astype(np.int32)


def canvas_origin(d, selector):
    """Viewport coordinates of the canvas's top-left corner."""
    r = d.execute_script("const r = document.querySelector(arguments[0]).getBoundingClientRect(); return [r.left, r.top]", selector)
    return r[0], r[1]


def on_ramp(pixels, tolerance=2):
    """Mask of pixels within `tolerance` per channel of some ramp entry."""
    lut = np.round(LUT).astype(np.int64)
    offsets = np.arange(-tolerance, tolerance + 1)
    near = set()
    for dr in offsets:
        for dg in offsets:
            for db in offsets:
                c = np.clip(lut + [dr, dg, db], 0, 255)
                near.update((c[:, 0] << 16 | c[:, 1] << 8 | c[:, 2]).tolist())
    p = pixels.astype(np.int64)
    packed = p[:, :, 0] << 16 | p[:, :, 1] << 8 | p[:, :, 2]
    return np.isin(packed, np.fromiter(near, dtype=np.int64))


def ramp_index(rgb):
    """The ramp entry nearest a pixel colour."""
    return int(np.abs(np.round(LUT) - np.asarray(rgb, dtype=np.float64)[None, :]).sum(axis=1).argmin())


def mask_rect(mask, min_run):
    """(x0, y0, x1, y1) of the rows of a boolean pixel `mask` holding a run of at least `min_run`
    set pixels, with the median start and end of those runs. Ends are exclusive. None when there
    is no such run."""
    rows, starts, ends = [], [], []
    for y in range(mask.shape[0]):
        line = mask[y].astype(np.int8)
        edges = np.flatnonzero(np.diff(np.concatenate([[0], line, [0]])))
        if len(edges) == 0:
            continue
        runs = edges.reshape(-1, 2)
        lengths = runs[:, 1] - runs[:, 0]
        i = int(lengths.argmax())
        if lengths[i] >= min_run:
            rows.append(y); starts.append(runs[i, 0]); ends.append(runs[i, 1])
    if not rows:
        return None
    return int(np.median(starts)), rows[0], int(np.median(ends)), rows[-1] + 1


def heatmap_rect(pixels, min_run=60):
    """(x0, y0, x1, y1) of the drawn heatmap: the rows holding a run of at least `min_run`
    ramp-coloured pixels (the colour bar is far narrower), and where those runs start and end.
    Ends are exclusive. None when there is no such run. A sentence pair's boundary (a teal line,
    #14b8a6, drawn over the cells) counts as heatmap, so it does not split a row's run."""
    teal = (np.abs(pixels - np.array([20, 184, 166])[None, None, :]) <= 8).all(axis=2)
    return mask_rect(on_ramp(pixels) | teal, min_run)


def cell_centre(rect, rows, cols, q, k):
    """Canvas coordinates of the centre of cell (q, k) of a rows x cols heatmap drawn in rect."""
    x0, y0, x1, y1 = rect
    return x0 + (k + 0.5) * (x1 - x0) / cols, y0 + (q + 0.5) * (y1 - y0) / rows


def read_tooltip(d):
    """(query, key, weight) the tooltip shows, parsed from its text, or None when hidden."""
    return d.execute_script("""
        const t = document.getElementById('tooltip');
        if (t.hidden) return null;
        const q = /query (\\d+)/.exec(t.textContent), k = /key +(\\d+)/.exec(t.textContent), w = /weight (\\S+)/.exec(t.textContent);
        return q && k && w ? [Number(q[1]), Number(k[1]), Number(w[1]), t.textContent] : null;""")
