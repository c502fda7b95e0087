// Matrix view: one matrix as an image, zoom, pan, tooltip, token labels when cells are large,
// max-pooled when cells are smaller than a pixel. The aggregates view uses the same panel.
// Colour scales (S.scale, `sc=` in the link): linear (min..max), log (ln, from max/1000 up to
// the max, smaller weights clipped to the bottom) and sink (min..max of every key column but the
// attention sinks: the first token and special tokens such as [CLS], [SEP], <s>, <|endoftext|>;
// those columns are clipped to the top colour and marked above the matrix).

/** Special tokens that collect attention as sinks, as the library's TokenClass.isSpecial knows
 * them (`attnviz heatmap --sink-keys special`, and a served run's sink columns): <|...|>, <s>,
 * </s>, <pad>, <unk>, <bos>, <eos>, <mask> and bracketed capitals such as [CLS], [SEP]. */
const SINK_TOKEN = /^(<\|.+\|>|<s>|<\/s>|<pad>|<unk>|<bos>|<eos>|<mask>|\[[A-Z_]+\])$/;
/** Key columns of range r the sink scale leaves out of its range: token 0 and special tokens. */
function sinkColumns(r) {
  const out = [];
  for (let k = r.k0; k < r.k1; k++) if (k === 0 || SINK_TOKEN.test(D.kt[k].trim())) out.push(k);
  return out;
}
/** Below this share of the linear ramp, a cell looks blank. */
const PALE = 0.1;

class MatrixPanel {
  constructor(host) {
    this.host = host;
    this.canvas = document.createElement('canvas');
    host.appendChild(this.canvas);
    this.hint = host.parentElement.querySelector('.scale-hint');
    this.image = document.createElement('canvas');
    this.values = null;
    this.s = 1; this.tx = 0; this.ty = 0;
    this.key = '';
    this.hot = null;
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      this.zoom(Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      const r = c.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top, m = this.mini;
      this.drag = m && x >= m.x && x <= m.x + m.w && y >= m.y && y <= m.y + m.h
        ? { minimap: true, left: r.left, top: r.top }
        : { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty };
      if (this.drag.minimap) this.panToMinimap(x, y);
      c.setPointerCapture(e.pointerId);
      c.classList.add('dragging');
    });
    c.addEventListener('pointerup', (e) => {
      this.drag = null;
      c.releasePointerCapture(e.pointerId);
      c.classList.remove('dragging');
    });
    c.addEventListener('pointermove', (e) => {
      if (this.drag && this.drag.minimap) { this.panToMinimap(e.clientX - this.drag.left, e.clientY - this.drag.top); return; }
      if (this.drag) {
        this.tx = this.drag.tx + e.clientX - this.drag.x;
        this.ty = this.drag.ty + e.clientY - this.drag.y;
        this.clamp();
        this.draw();
      }
      this.tip(e);
    });
    c.addEventListener('pointerleave', () => {
      $('tooltip').hidden = true;
      if (this.hot) { this.hot = null; this.draw(); }
    });
    c.addEventListener('dblclick', () => { this.fit(); this.draw(); });
  }

  /** Shows `values` (a Q x K row-major matrix) over the rows/columns in `r`; `diverging` (A - B)
   * centres the scale at 0 (symmetric range) on RdBu_r. */
  set(values, cols, r, caption, diverging = false) {
    this.values = values; this.cols = cols; this.r = r; this.caption = caption;
    this.diverging = diverging; this.lut = diverging ? LUT_DIVERGING : themeLut();
    this.scaleFor(S.scale);
    const rows = r.q1 - r.q0, ncols = r.k1 - r.k0;
    const lut = this.lut;
    this.image.width = ncols; this.image.height = rows;
    const ictx = this.image.getContext('2d');
    const img = ictx.createImageData(ncols, rows);
    const px = img.data;
    let o = 0, pale = 0;
    const paleBelow = this.lo + PALE * (this.hi - this.lo);
    for (let q = r.q0; q < r.q1; q++) {
      const row = q * cols;
      for (let k = r.k0; k < r.k1; k++) {
        const v = values[row + k], li = this.entry(v) * 3;
        if (v < paleBelow) pale++;
        px[o] = lut[li]; px[o + 1] = lut[li + 1]; px[o + 2] = lut[li + 2]; px[o + 3] = 255;
        o += 4;
      }
    }
    ictx.putImageData(img, 0, 0);
    // Washed out: nearly every cell in the bottom tenth of a linear ramp (sinks take the top).
    this.washed = !diverging && this.mode === 'linear' && pale >= 0.97 * rows * ncols;
    if (this.hint) {
      this.hint.hidden = !this.washed;
      this.hint.textContent = this.washed ? `${Math.round(100 * pale / (rows * ncols))}% of cells are under a tenth of the linear range: try the log or sink scale.` : '';
    }
    this.pooled = null;
    const key = `${rows}x${ncols}@${r.q0},${r.k0}`;
    this.layout();
    if (key !== this.key) { this.key = key; this.hot = null; this.fit(); } else if (this.refit) this.fit();
    this.clamp();
    this.draw();
  }

  /** The colour range and mapping for `scale` (linear, log or sink); A - B is always linear. */
  scaleFor(scale) {
    const r = this.r, values = this.values, cols = this.cols;
    this.mode = this.diverging ? 'linear' : scale;
    this.sinks = [];
    const skip = new Uint8Array(this.cols);
    if (this.mode === 'sink') {
      this.sinks = sinkColumns(r);
      if (this.sinks.length === r.k1 - r.k0) { this.sinks = []; this.mode = 'linear'; }
      for (const k of this.sinks) skip[k] = 1;
    }
    let lo = Infinity, hi = -Infinity;
    for (let q = r.q0; q < r.q1; q++) {
      const row = q * cols;
      for (let k = r.k0; k < r.k1; k++) {
        if (skip[k]) continue;
        const v = values[row + k];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (this.diverging) { hi = Math.max(Math.abs(lo), Math.abs(hi), 1e-12); lo = -hi; }
    this.setRange(lo, hi);
  }

  /** The colour range lo..hi under this.mode: log spans three decades under the max (smaller
   * weights, which 8-bit pages store as 0, clip to the bottom), or falls back to linear. */
  setRange(lo, hi) {
    if (this.mode === 'log') {
      if (hi > 0) lo = hi * 1e-3;
      else this.mode = 'linear';
    }
    this.lo = lo; this.hi = hi;
    this.logLo = Math.log(lo); this.logSpan = this.mode === 'log' && hi > lo ? 255 / (Math.log(hi) - this.logLo) : 0;
    this.span = hi > lo ? 255 / (hi - lo) : 0;
  }

  /** The ramp entry (0..255) of weight v under the panel's scale. */
  entry(v) {
    let t;
    if (this.mode === 'log') t = v <= this.lo ? 0 : (Math.log(v) - this.logLo) * this.logSpan;
    else t = (v - this.lo) * this.span;
    t = (t + 0.5) | 0;
    return t < 0 ? 0 : t > 255 ? 255 : t;
  }

  /** When cells are smaller than a device pixel, a max-pooled image at screen resolution, so
   * one sharp weight among many is not sampled away. */
  pooledImage() {
    const dpr = window.devicePixelRatio || 1, r = this.r;
    const rows = r.q1 - r.q0, cols = r.k1 - r.k0;
    const pw = Math.ceil(cols * this.s * dpr), ph = Math.ceil(rows * this.s * dpr);
    if (pw >= cols && ph >= rows) return this.image;
    const w = Math.min(pw, cols), h = Math.min(ph, rows);
    if (this.pooled && this.pooled.width === w && this.pooled.height === h) return this.pooled;
    const best = new Float32Array(w * h).fill(-Infinity), v = this.values, stride = this.cols;
    for (let q = 0; q < rows; q++) {
      const py = Math.floor(q * h / rows) * w, row = (r.q0 + q) * stride + r.k0;
      for (let k = 0; k < cols; k++) {
        const i = py + Math.floor(k * w / cols), x = v[row + k];
        // Max-pooled; for A - B the largest change either way, so neither sign is averaged away.
        if (this.diverging ? !(Math.abs(x) <= Math.abs(best[i])) : x > best[i]) best[i] = x;
      }
    }
    const c = document.createElement('canvas');
    c.width = w; c.height = h;
    const ctx = c.getContext('2d'), img = ctx.createImageData(w, h);
    const lut = this.lut;
    for (let i = 0; i < best.length; i++) {
      const li = this.entry(best[i]) * 3;
      img.data[i * 4] = lut[li]; img.data[i * 4 + 1] = lut[li + 1]; img.data[i * 4 + 2] = lut[li + 2]; img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    this.pooled = c;
    return c;
  }

  /** Sizes the canvas: labels left and above, a gutter for the A/B marks of a sentence pair,
   * the cells' view, then the colour bar outside it; as tall as the rows need at fit. */
  layout() {
    const w = Math.max(420, this.host.clientWidth || 800);
    const most = Math.max(380, Math.min(window.innerHeight - this.host.getBoundingClientRect().top - 16, w * 0.8));
    const range = `${this.r.q0},${this.r.q1},${this.r.k0},${this.r.k1}`;
    // Switching heads keeps the canvas and the label measurements: resizing a canvas
    // reallocates it, and measuring thousands of tokens per switch adds up.
    this.refit = false;
    if (this.w === w && this.most === most && this.range === range && this.ctx) return;
    // A view at fit that changes size (the window, or a host page showing the explorer) fits again.
    this.refit = this.s === this.fitScale;
    this.w = w; this.most = most; this.range = range;
    const rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    const measure = document.createElement('canvas').getContext('2d');
    measure.font = `12px ${FONT}`;
    let widest = 0;
    const sample = (tokens, a, b) => { for (let i = a; i < Math.min(b, a + 4096); i++) widest = Math.max(widest, measure.measureText(display(tokens[i])).width); };
    sample(D.qt, this.r.q0, this.r.q1); sample(D.kt, this.r.k0, this.r.k1);
    this.label = Math.min(130, Math.ceil(widest) + 10);
    this.gutter = D.split != null ? 16 : 0;
    // The caption and the axis note share the top line when they fit, else take two.
    measure.font = `600 13px ${FONT}`;
    const captionWidth = measure.measureText(this.caption).width;
    measure.font = `12px ${FONT}`;
    this.twoLines = captionWidth + measure.measureText(this.axisNote()).width + 40 > w;
    const top = this.twoLines ? 42 : 26;
    // Above the view, from the top: column labels, the A/B gutter, the row of sink marks.
    this.markRow = 8;
    this.plot = { x: this.label + 8 + this.gutter, y: this.label + top + this.gutter + this.markRow, w: 0, h: 0 };
    this.plot.w = w - this.plot.x - 96;
    const fitH = most - this.plot.y - 12;
    const s0 = Math.min(this.plot.w / cols, fitH / rows);
    // Only as tall as the rows at fit (a pair filtered to one sentence shrinks), but tall
    // enough for the colour bar and its scale label.
    this.h = Math.round(Math.min(most, Math.max(this.plot.y + rows * s0 + 12, this.plot.y + 190)));
    this.plot.h = this.h - this.plot.y - 12;
    this.ctx = sizeCanvas(this.canvas, w, this.h);
    this.bar = { x: Math.round(this.plot.x + Math.min(this.plot.w, cols * s0) + 26), y: this.plot.y, w: 14, h: Math.min(this.plot.h - 40, 260) };
    // Cells are drawn (clipped) in this rectangle, which ends well before the colour bar.
    this.view = { x: this.plot.x, y: this.plot.y, w: this.bar.x - 14 - this.plot.x, h: this.plot.h };
  }

  /** The axis note at the top right: key and query ranges, and their sentence when filtered. */
  axisNote() {
    const r = this.r, part = (a, b) => (D.split == null || S.pair === 'all' ? '' : a < D.split ? ' (sentence A)' : ' (sentence B)');
    return `keys ${r.k0}–${r.k1 - 1}${part(r.k0)} →   queries ${r.q0}–${r.q1 - 1}${part(r.q0)} ↓`;
  }

  fit() {
    const rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    this.s = Math.min(this.view.w / cols, this.view.h / rows);
    this.fitScale = this.s;
    this.tx = this.view.x; this.ty = this.view.y;
  }

  /** Keeps cells in view: a matrix larger than the view covers it, a smaller one stays inside. */
  clamp() {
    const v = this.view, W = (this.r.k1 - this.r.k0) * this.s, H = (this.r.q1 - this.r.q0) * this.s;
    const within = (t, start, size, extent) => (extent <= size
      ? Math.min(Math.max(t, start), start + size - extent)
      : Math.min(start, Math.max(t, start + size - extent)));
    this.tx = within(this.tx, v.x, v.w, W);
    this.ty = within(this.ty, v.y, v.h, H);
  }

  zoom(f, cx, cy) {
    // Cells up to 80 px, or 4x their size at fit when that is larger (a small matrix whose
    // cells already exceed 80 px at fit must still zoom in, not jump smaller).
    const most = Math.max(80, this.fitScale * 4);
    const s = Math.min(most, Math.max(this.fitScale * 0.5, this.s * f));
    const cellX = (cx - this.tx) / this.s, cellY = (cy - this.ty) / this.s;
    this.s = s;
    this.tx = cx - cellX * s; this.ty = cy - cellY * s;
    this.clamp();
    this.draw();
  }

  /** Zooms about the centre of the part of the matrix in view (the "+" and "−" buttons, keys). */
  zoomCentre(f) {
    const v = this.view, W = (this.r.k1 - this.r.k0) * this.s, H = (this.r.q1 - this.r.q0) * this.s;
    const x = (Math.max(v.x, this.tx) + Math.min(v.x + v.w, this.tx + W)) / 2;
    const y = (Math.max(v.y, this.ty) + Math.min(v.y + v.h, this.ty + H)) / 2;
    this.zoom(f, x, y);
  }

  /** What the colour bar's label says about the scale. */
  scaleLabel() {
    if (this.diverging) return ['A − B, linear'];
    if (this.mode === 'log') return ['log scale'];
    if (this.mode === 'sink') return ['sink scale:', `${this.sinks.length} key col${this.sinks.length === 1 ? '' : 's'}`, 'clipped ▼'];
    return ['linear scale'];
  }

  draw() {
    const { ctx, plot, s, view } = this;
    const rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    const fg = css('--fg'), muted = css('--muted'), accent = css('--accent');
    const hot = this.hot;
    ctx.fillStyle = css('--bg');
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.save();
    ctx.beginPath(); ctx.rect(view.x, view.y, view.w, view.h); ctx.clip();
    this.paintCells(ctx, rows, cols);
    if (D.generated !== null && this.r.q0 === this.r.k0 && this.r.q1 === this.r.k1 && D.generated > this.r.q0 && D.generated < this.r.q1) {
      // Where the prompt ends and generated tokens begin, on both axes.
      const at = (D.generated - this.r.q0) * s;
      ctx.strokeStyle = GENERATED; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(this.tx + at, this.ty); ctx.lineTo(this.tx + at, this.ty + rows * s);
      ctx.moveTo(this.tx, this.ty + at); ctx.lineTo(this.tx + cols * s, this.ty + at);
      ctx.stroke();
    }
    if (D.split != null) this.drawPairLines(rows, cols);
    if (hot) {
      // The hovered cell: a 2-px ring in the accent colour just outside it (at least 8 px across).
      const size = Math.max(s, 6), x = this.tx + (hot.k - this.r.k0 + 0.5) * s - size / 2, y = this.ty + (hot.q - this.r.q0 + 0.5) * s - size / 2;
      ctx.strokeStyle = accent; ctx.lineWidth = 2;
      ctx.strokeRect(x - 1, y - 1, size + 2, size + 2);
    }
    ctx.restore();
    // Caption and axis note.
    ctx.fillStyle = fg; ctx.font = `600 13px ${FONT}`; ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
    ctx.fillText(this.caption, 8, 12);
    ctx.fillStyle = muted; ctx.font = `12px ${FONT}`;
    ctx.textAlign = this.twoLines ? 'left' : 'right';
    ctx.fillText(this.axisNote(), this.twoLines ? 8 : this.w - 8, this.twoLines ? 29 : 12);
    const labelX = plot.x - 5 - this.gutter, labelY = plot.y - 5 - this.gutter - this.markRow;
    // Token labels where cells are tall/wide enough to hold them; the hovered row's and
    // column's labels bold in the accent colour.
    if (s >= 10) {
      const size = Math.min(13, Math.floor(s * 0.8));
      const r0 = Math.max(0, Math.floor((view.y - this.ty) / s)), r1 = Math.min(rows, Math.ceil((view.y + view.h - this.ty) / s));
      ctx.textAlign = 'right';
      for (let i = r0; i < r1; i++) {
        const q = this.r.q0 + i, on = hot && hot.q === q, y = this.ty + (i + 0.5) * s;
        if (y < view.y || y > view.y + view.h) continue;  // a row cut by the view's edge keeps its label out of the margins
        ctx.font = `${on ? '700 ' : ''}${size}px ${FONT}`;
        ctx.fillStyle = on ? accent : isGenerated(q) ? GENERATED : fg;
        ctx.fillText(clip(ctx, display(D.qt[q]), this.label), labelX, y);
      }
      const c0 = Math.max(0, Math.floor((view.x - this.tx) / s)), c1 = Math.min(cols, Math.ceil((view.x + view.w - this.tx) / s));
      ctx.textAlign = 'left';
      for (let i = c0; i < c1; i++) {
        const k = this.r.k0 + i, on = hot && hot.k === k, x = this.tx + (i + 0.5) * s;
        if (x < view.x || x > view.x + view.w) continue;
        ctx.save();
        ctx.translate(x, labelY);
        ctx.rotate(-Math.PI / 2);
        ctx.font = `${on ? '700 ' : ''}${size}px ${FONT}`;
        ctx.fillStyle = on ? accent : isGenerated(k) ? GENERATED : fg;
        ctx.fillText(clip(ctx, display(D.kt[k]), this.label), 0, 0);
        ctx.restore();
      }
    } else {
      ctx.fillStyle = muted; ctx.font = `12px ${FONT}`; ctx.textAlign = 'left';
      ctx.fillText(`${rows} × ${cols} — zoom in for token labels`, plot.x, labelY - 5);
      if (hot) {
        // No labels to emphasise: accent ticks beside the view mark the hovered row and column.
        ctx.fillStyle = accent;
        ctx.fillRect(view.x - 9, this.ty + (hot.q - this.r.q0 + 0.5) * s - 1.5, 7, 3);
        ctx.fillRect(this.tx + (hot.k - this.r.k0 + 0.5) * s - 1.5, view.y - 8, 3, 7);
      }
    }
    if (D.split != null) this.drawPairMarks(rows, cols);
    if (this.sinks.length) {
      // Sink columns (clipped by the sink scale): a muted ▼ above each.
      ctx.fillStyle = muted; ctx.font = `9px ${FONT}`; ctx.textAlign = 'center';
      for (const k of this.sinks) {
        const x = this.tx + (k - this.r.k0 + 0.5) * s;
        if (x >= view.x - 1 && x <= view.x + view.w + 1) ctx.fillText('▼', x, view.y - 4);
      }
    }
    this.drawBar(fg);
    this.drawMinimap();
  }

  /** The cells, at the panel's zoom and pan (clipped to the view by the caller). */
  paintCells(ctx, rows, cols) {
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.pooledImage(), this.tx, this.ty, cols * this.s, rows * this.s);
  }

  /** The whole matrix at low resolution, for the minimap: {image, w, h} (the part of the image
   * that is the matrix), or null while unknown. */
  overview() { return { image: this.image, w: this.image.width, h: this.image.height }; }

  /** Where the minimap sits, as wide as the matrix is at the minimap's scale (at most 132 px):
   * under the colour bar's labels when there is room, else in the view's bottom-right corner;
   * null when the whole matrix is in view. */
  minimapRect() {
    const { view, s, bar } = this, rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    if (!view || (cols * s <= view.w + 1 && rows * s <= view.h + 1)) return null;
    const m = Math.min(132, view.w / 3, view.h / 3) / Math.max(rows, cols);
    const w = Math.max(8, cols * m), h = Math.max(8, rows * m);
    // Right of the bar and its labels (the scale notes take up to 130 px), else below them (up
    // to five lines of notes), else over the cells.
    for (const [x, y] of [[bar.x + bar.w + 140, bar.y + 14], [bar.x, bar.y + bar.h + 12 + 5 * 13 + 10]]) {
      if (x + w + 4 <= this.w && y + h + 4 <= this.h) return { x, y, w, h, m, outside: true };
    }
    return { x: view.x + view.w - w - 8, y: view.y + view.h - h - 8, w, h, m };
  }

  /** A minimap of the whole matrix with the part in view outlined; a click or drag there pans. */
  drawMinimap() {
    const box = this.minimapRect(), img = box && this.overview();
    this.mini = box;
    if (!box) return;
    const { ctx, view, s } = this;
    ctx.save();
    ctx.fillStyle = css('--bg'); ctx.globalAlpha = 0.92;
    ctx.fillRect(box.x - 3, box.y - 3, box.w + 6, box.h + 6);
    ctx.globalAlpha = 1;
    if (box.outside) {
      ctx.fillStyle = css('--muted'); ctx.font = `11px ${FONT}`; ctx.textAlign = 'left'; ctx.textBaseline = 'bottom';
      ctx.fillText('whole matrix', box.x, box.y - 4);
    }
    if (img) { ctx.imageSmoothingEnabled = true; ctx.drawImage(img.image, 0, 0, img.w, img.h, box.x, box.y, box.w, box.h); }
    ctx.strokeStyle = css('--border'); ctx.lineWidth = 1;
    ctx.strokeRect(box.x - 0.5, box.y - 0.5, box.w + 1, box.h + 1);
    // The part of the matrix in view, in matrix cells, then at the minimap's scale.
    const c0 = Math.max(0, (view.x - this.tx) / s), c1 = Math.min(this.r.k1 - this.r.k0, (view.x + view.w - this.tx) / s);
    const r0 = Math.max(0, (view.y - this.ty) / s), r1 = Math.min(this.r.q1 - this.r.q0, (view.y + view.h - this.ty) / s);
    // The frame in the text colour: the accent marks only the hovered cell.
    ctx.strokeStyle = css('--fg'); ctx.lineWidth = 1.5;
    ctx.strokeRect(box.x + c0 * box.m, box.y + r0 * box.m, Math.max(2, (c1 - c0) * box.m), Math.max(2, (r1 - r0) * box.m));
    ctx.restore();
  }

  /** Centres the view on the matrix point under minimap position (x, y). */
  panToMinimap(x, y) {
    const box = this.mini, { view } = this;
    const c = Math.min(Math.max((x - box.x) / box.m, 0), this.r.k1 - this.r.k0);
    const r = Math.min(Math.max((y - box.y) / box.m, 0), this.r.q1 - this.r.q0);
    this.tx = view.x + view.w / 2 - c * this.s; this.ty = view.y + view.h / 2 - r * this.s;
    this.clamp();
    this.draw();
  }

  /** Where sentence B starts: a teal line across the view on each axis the range spans. */
  drawPairLines(rows, cols) {
    const { ctx, s, r } = this, split = D.split;
    ctx.strokeStyle = PAIR_LINE; ctx.lineWidth = 2;
    ctx.beginPath();
    if (split > r.q0 && split < r.q1) { const y = Math.round(this.ty + (split - r.q0) * s); ctx.moveTo(this.tx, y); ctx.lineTo(this.tx + cols * s, y); }
    if (split > r.k0 && split < r.k1) { const x = Math.round(this.tx + (split - r.k0) * s); ctx.moveTo(x, this.ty); ctx.lineTo(x, this.ty + rows * s); }
    ctx.stroke();
  }

  /** "A" and "B" in the gutters, centred on the part of each sentence in view. */
  drawPairMarks(rows, cols) {
    const { ctx, s, r, view } = this, split = D.split;
    ctx.font = `700 11px ${FONT}`; ctx.fillStyle = PAIR_LINE; ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    const segments = (a0, a1, t, start, size) => [['A', a0, Math.min(a1, split)], ['B', Math.max(a0, split), a1]]
      .filter(([, x, y]) => y > x)
      .map(([name, x, y]) => [name, Math.max(start, t + (x - a0) * s), Math.min(start + size, t + (y - a0) * s)])
      .filter(([, x, y]) => y - x >= 10);
    for (const [name, y0, y1] of segments(r.q0, r.q1, this.ty, view.y, view.h)) ctx.fillText(name, view.x - this.gutter / 2 - 1, (y0 + y1) / 2);
    for (const [name, x0, x1] of segments(r.k0, r.k1, this.tx, view.x, view.w)) ctx.fillText(name, (x0 + x1) / 2, view.y - this.markRow - this.gutter / 2);
  }

  /** The colour bar right of the view (never under cells), its values, and the scale's name. */
  drawBar(fg) {
    const { ctx, bar } = this, lut = this.lut, bh = bar.h;
    for (let i = 0; i < bh; i++) {
      const c = Math.round((1 - i / (bh - 1)) * 255) * 3;
      ctx.fillStyle = `rgb(${lut[c]},${lut[c + 1]},${lut[c + 2]})`;
      ctx.fillRect(bar.x, bar.y + i, bar.w, 1.5);
    }
    ctx.strokeStyle = css('--border'); ctx.lineWidth = 1; ctx.strokeRect(bar.x + 0.5, bar.y + 0.5, bar.w - 1, bh - 1);
    ctx.fillStyle = fg; ctx.font = `11px ${FONT}`; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
    const mid = this.mode === 'log' ? Math.sqrt(this.hi * this.lo) : (this.hi + this.lo) / 2;
    ctx.fillText((this.mode === 'sink' ? '≥' : '') + fmt(this.hi), bar.x + 18, bar.y + 5);
    ctx.fillText(fmt(mid), bar.x + 18, bar.y + bh / 2);
    ctx.fillText((this.mode === 'log' && this.lo > 0 ? '≤' : '') + fmt(this.lo), bar.x + 18, bar.y + bh - 5);
    ctx.fillStyle = css('--muted');
    this.scaleLabel().forEach((line, i) => ctx.fillText(line, bar.x, bar.y + bh + 12 + i * 13));
  }

  cellAt(x, y) {
    const { view } = this, m = this.mini;
    if (x < view.x || y < view.y || x > view.x + view.w || y > view.y + view.h) return null;
    if (m && x >= m.x - 3 && x <= m.x + m.w + 3 && y >= m.y - 3 && y <= m.y + m.h + 3) return null;
    const c = Math.floor((x - this.tx) / this.s), r = Math.floor((y - this.ty) / this.s);
    if (r < 0 || c < 0 || r >= this.r.q1 - this.r.q0 || c >= this.r.k1 - this.r.k0) return null;
    return { q: this.r.q0 + r, k: this.r.k0 + c };
  }

  tip(e) {
    const rect = this.canvas.getBoundingClientRect();
    const cell = this.cellAt(e.clientX - rect.left, e.clientY - rect.top);
    const tip = $('tooltip');
    if (!cell ? this.hot : !this.hot || this.hot.q !== cell.q || this.hot.k !== cell.k) { this.hot = cell; this.draw(); }
    if (!cell) { tip.hidden = true; return; }
    this.lastTip = { clientX: e.clientX, clientY: e.clientY };
    const { text, v } = this.valueText(cell);
    tip.textContent = `query ${cell.q}  ${display(D.qt[cell.q])}${tokenNote(cell.q)}\nkey   ${cell.k}  ${display(D.kt[cell.k])}${tokenNote(cell.k)}\n${text}`;
    tip.dataset.q = cell.q; tip.dataset.k = cell.k; tip.dataset.weight = v;
    tip.hidden = false;
    const tw = tip.offsetWidth, th = tip.offsetHeight;
    let x = e.clientX + 14, y = e.clientY + 14;
    if (x + tw > window.innerWidth - 4) x = e.clientX - tw - 14;
    if (y + th > window.innerHeight - 4) y = e.clientY - th - 14;
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }

  /** The tooltip's value line for `cell`, and the weight (NaN while unknown). */
  valueText(cell) {
    const v = this.values[cell.q * this.cols + cell.k];
    if (D.B && this === matrixPanel) {
      const i = cell.q * this.cols + cell.k, a = headMatrix(S.layer, S.head)[i], b = headMatrixB(S.layer, S.head)[i];
      return { text: `A ${fmt(a)}   B ${fmt(b)}   A − B ${fmt(a - b)}`, v };
    }
    return { text: `weight ${fmt(v)}`, v };
  }

  /** Shows the tooltip again where the pointer last was (an answer it waited for arrived). */
  refreshTip() {
    if (this.hot && this.lastTip && !$('tooltip').hidden) this.tip(this.lastTip);
  }

  /** Viewport coordinates of the centre of cell (q, k), zooming until cells are at least
   * `minSize` pixels and panning the cell into view first. */
  cellCenter(q, k, minSize = 12) {
    const r = q - this.r.q0, c = k - this.r.k0;
    if (r < 0 || c < 0 || r >= this.r.q1 - this.r.q0 || c >= this.r.k1 - this.r.k0) return null;
    if (this.s < minSize) this.s = minSize;
    const { view } = this;
    let x = this.tx + (c + 0.5) * this.s, y = this.ty + (r + 0.5) * this.s;
    const margin = this.s + 2;
    if (x < view.x + margin || x > view.x + view.w - margin || y < view.y + margin || y > view.y + view.h - margin) {
      this.tx += view.x + view.w / 2 - x; this.ty += view.y + view.h / 2 - y;
    }
    this.clamp();
    x = this.tx + (c + 0.5) * this.s; y = this.ty + (r + 0.5) * this.s;
    this.draw();
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + x, y: rect.top + y };
  }
}
