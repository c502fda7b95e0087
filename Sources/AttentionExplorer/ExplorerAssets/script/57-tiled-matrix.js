// Matrix view of a remote run: one head drawn from the server's 256 x 256 tiles. The level is
// the finest at which a tile pixel still covers at least one device pixel, so the browser only
// ever stretches tiles, never samples them: every pixel on screen is the exact max (or, with
// Pool: mean, the exact mean) of the cells it covers, and zoomed in the cells themselves.
// While finer tiles arrive, coarser cached ones are stretched in their place. The colour range
// is the head's own (GET .../head: max, max without the sink columns), so tiles compare.
/** fillRect with its edges on whole pixels, so no edge pixel blends with the tile beside it. */
function fillSnapped(ctx, x, y, w, h) {
  const x0 = Math.round(x), y0 = Math.round(y);
  ctx.fillRect(x0, y0, Math.round(x + w) - x0, Math.round(y + h) - y0);
}

/** What tileImage returns for a tile a budget page does not hold. */
const ABSENT = { absent: true };

class TiledMatrixPanel extends MatrixPanel {
  constructor(host) {
    super(host);
    this.images = new Map();
  }

  /** Shows a matrix of weights in memory (as MatrixPanel does). */
  set(...args) {
    this.tiled = false;
    super.set(...args);
  }

  /** Shows head (l, h) of the remote run over range r. */
  setRemote(l, h, r, caption) {
    this.tiled = true;
    this.head = { l, h }; this.r = r; this.cols = D.K; this.caption = caption;
    this.diverging = false; this.values = null; this.lut = themeLut();
    this.summary = remoteSummary(l, h);
    this.scaleFor(S.scale);
    if (this.hint) this.hint.hidden = true;
    const key = `${r.q1 - r.q0}x${r.k1 - r.k0}@${r.q0},${r.k0}`;
    this.layout();
    if (key !== this.key) { this.key = key; this.hot = null; this.fit(); } else if (this.refit) this.fit();
    this.clamp();
    this.draw();
  }

  /** The head's colour range under `scale`, from its summary (linear 0..1 until it arrives). */
  scaleFor(scale) {
    if (!this.tiled) { super.scaleFor(scale); return; }
    const s = this.summary;
    this.mode = scale; this.sinks = [];
    let lo = s ? s.min : 0, hi = s ? s.max : 1;
    if (scale === 'sink' && s) {
      this.sinks = D.remote.sinks.filter((k) => k >= this.r.k0 && k < this.r.k1);
      if (this.sinks.length === this.r.k1 - this.r.k0) { this.sinks = []; this.mode = 'linear'; } else hi = s.sinkMax;
    }
    this.setRange(lo, hi);
    this.scaleKey = `${this.mode}/${this.lo}/${this.hi}/${S.theme}`;
  }

  draw() {
    if (this.tiled && !this.summary) {
      this.summary = remoteSummary(this.head.l, this.head.h);
      if (this.summary) this.scaleFor(S.scale);
    }
    super.draw();
  }

  /** The tile level for the current zoom: 2^level cells per tile pixel, at most one tile pixel
   * per device pixel (level 0 when cells are a device pixel or larger). */
  level() {
    const perPixel = 1 / (this.s * (window.devicePixelRatio || 1));
    const z = perPixel <= 1 ? 0 : Math.ceil(Math.log2(perPixel) - 1e-9);
    return Math.min(z, D.remote.top);
  }

  /** Tile (ty, tx) at `level` as a canvas in the current colours; asks for it when `ask` and it
   * is not here yet (null until then). */
  tileImage(level, ty, tx, ask = true) {
    const pool = S.pool === 'mean' ? 'mean' : 'max';
    const id = `${this.head.l}/${this.head.h}/${level}/${ty}/${tx}/${pool}/${this.scaleKey}`;
    const made = this.images.get(id);
    if (made) return made;
    const path = `/tile?layer=${this.head.l}&head=${this.head.h}&level=${level}&row=${ty}&column=${tx}`;
    const tile = ask ? remoteTile(this.head.l, this.head.h, level, ty, tx) : remoteCached(path);
    if (!tile || tile.absent) return tile && tile.absent ? ABSENT : null;
    const n = D.remote.size, values = tile[pool], lut = this.lut, unstored = css('--border');
    const [ur, ug, ub] = [1, 3, 5].map((i) => Number.parseInt((unstored.length === 7 ? unstored : '#cccccc').slice(i, i + 2), 16));
    const c = document.createElement('canvas');
    c.width = n; c.height = n;
    const ctx = c.getContext('2d'), img = ctx.createImageData(n, n), px = img.data;
    for (let i = 0; i < n * n; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;  // outside the matrix: transparent
      if (v < 0) { px[i * 4] = ur; px[i * 4 + 1] = ug; px[i * 4 + 2] = ub; px[i * 4 + 3] = 255; continue; }  // not stored (top-k page)
      const li = this.entry(v) * 3;
      px[i * 4] = lut[li]; px[i * 4 + 1] = lut[li + 1]; px[i * 4 + 2] = lut[li + 2]; px[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    c.stored = tile.stored || 'exact';
    if (this.images.size >= 160) this.images.delete(this.images.keys().next().value);
    this.images.set(id, c);
    return c;
  }

  paintCells(ctx, rows, cols) {
    if (!this.tiled) { super.paintCells(ctx, rows, cols); return; }
    const { view, s } = this, r = this.r, size = D.remote.size;
    this.shownLevel = null;
    if (!this.summary) {
      ctx.fillStyle = css('--muted'); ctx.font = `12px ${FONT}`; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
      ctx.fillText('Computing this head’s range…', view.x + 8, view.y + 14);
      return;
    }
    const z = this.level(), span = size * 2 ** z;
    this.shownLevel = z;
    // Matrix cells in view, then the tiles that cover them.
    const q0 = r.q0 + Math.max(0, Math.floor((view.y - this.ty) / s)), q1 = Math.min(r.q1, r.q0 + Math.ceil((view.y + view.h - this.ty) / s));
    const k0 = r.k0 + Math.max(0, Math.floor((view.x - this.tx) / s)), k1 = Math.min(r.k1, r.k0 + Math.ceil((view.x + view.w - this.tx) / s));
    const zero = this.entry(0) * 3, lut = this.lut;
    ctx.imageSmoothingEnabled = false;
    let waiting = 0, absent = 0, stretched = 0;
    const stored = new Set();
    for (let ty = Math.floor(q0 / span); ty * span < q1; ty++) {
      for (let tx = Math.floor(k0 / span); tx * span < k1; tx++) {
        const x = this.tx + (tx * span - r.k0) * s, y = this.ty + (ty * span - r.q0) * s, w = span * s;
        if (D.remote.causal && tx > ty) {
          // Every key of this tile comes after every query: all weights are 0.
          ctx.fillStyle = `rgb(${lut[zero]},${lut[zero + 1]},${lut[zero + 2]})`;
          fillSnapped(ctx, x, y, Math.min(span, D.K - tx * span) * s, Math.min(span, D.Q - ty * span) * s);
          continue;
        }
        const img = this.tileImage(z, ty, tx);
        if (img && img !== ABSENT) { ctx.drawImage(img, x, y, w, w); stored.add(img.stored); continue; }
        if (img === ABSENT) absent++; else waiting++;
        let stand = false;
        for (let c = z + 1; c <= overviewLevel() && !stand; c++) {
          const f = 2 ** (c - z), coarse = this.tileImage(c, Math.floor(ty / f), Math.floor(tx / f), img === ABSENT);
          if (!coarse || coarse === ABSENT) continue;
          if (img === ABSENT) stretched = Math.max(stretched, c);
          const part = size / f;
          ctx.drawImage(coarse, (tx % f) * part, (ty % f) * part, part, part, x, y, w, w);
          stand = true;
        }
        if (!stand) {
          ctx.fillStyle = css('--border');
          fillSnapped(ctx, x, y, Math.min(span, D.K - tx * span) * s, Math.min(span, D.Q - ty * span) * s);
        }
      }
    }
    this.waiting = waiting; this.absent = absent; this.stretched = stretched; this.stored = stored;
  }

  /** The head's top-level tile (the whole matrix), for the minimap. */
  overview() {
    if (!this.tiled) return super.overview();
    const level = overviewLevel(), img = this.summary ? this.tileImage(level, 0, 0) : null;
    if (!img || img === ABSENT) return null;
    // The tile covers at least the matrix: only its first ceil(n / 2^level) pixels are cells.
    return { image: img, w: Math.ceil(D.K / 2 ** level), h: Math.ceil(D.Q / 2 ** level) };
  }

  scaleLabel() {
    const lines = super.scaleLabel();
    if (!this.tiled || this.shownLevel == null) return lines;
    const n = 2 ** this.shownLevel;
    const pool = S.pool === 'mean' ? 'mean' : 'max';
    if (this.absent && this.stretched) {
      // A budget page without finer data for this head: its overview, stretched.
      const m = 2 ** this.stretched;
      lines.push(`${pool} of ${m}×${m} cells`, '(this page holds', 'no finer data here)');
    } else if (this.stored && this.stored.has('top-k')) {
      lines.push(`top ${D.remote.embedded.k} keys per query`, 'exact; grey: not stored');
    } else lines.push(this.shownLevel === 0 ? 'exact values' : `${pool} of ${n}×${n} cells`);
    if (this.waiting) lines.push(`${this.waiting} tile${this.waiting === 1 ? '' : 's'} coming…`);
    return lines;
  }

  valueText(cell) {
    if (!this.tiled) return super.valueText(cell);
    const row = remoteRow(this.head.l, this.head.h, cell.q);
    const v = row ? row[cell.k] : NaN;
    let text = !row ? 'weight …' : Number.isNaN(v) ? `weight not stored (this page keeps the top ${D.remote.embedded.k} keys of each query)` : `weight ${fmt(v)}`;
    const z = this.shownLevel;
    if (z) {
      // The pixel under the pointer at the level shown: its exact max and mean, and its cells.
      const size = D.remote.size, n = 2 ** z, span = size * n;
      const ty = Math.floor(cell.q / span), tx = Math.floor(cell.k / span);
      const tile = remoteCached(`/tile?layer=${this.head.l}&head=${this.head.h}&level=${z}&row=${ty}&column=${tx}`);
      if (tile && !tile.absent) {
        const i = Math.floor((cell.q % span) / n) * size + Math.floor((cell.k % span) / n);
        const a = Math.floor(cell.q / n) * n, b = Math.floor(cell.k / n) * n;
        text += `\nqueries ${a}–${Math.min(D.Q, a + n) - 1} × keys ${b}–${Math.min(D.K, b + n) - 1}: max ${fmt(tile.max[i])}, mean ${fmt(tile.mean[i])}`;
      }
    }
    return { text, v };
  }
}
