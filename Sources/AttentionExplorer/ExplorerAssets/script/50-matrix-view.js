// Matrix view: one matrix as an image, zoom, pan, tooltip, token labels when cells are large,
// max-pooled when cells are smaller than a pixel. The aggregates view uses the same panel.
class MatrixPanel {
  constructor(host) {
    this.host = host;
    this.canvas = document.createElement('canvas');
    host.appendChild(this.canvas);
    this.image = document.createElement('canvas');
    this.values = null;
    this.s = 1; this.tx = 0; this.ty = 0;
    this.key = '';
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = c.getBoundingClientRect();
      this.zoom(Math.pow(1.0015, -e.deltaY), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    c.addEventListener('pointerdown', (e) => {
      this.drag = { x: e.clientX, y: e.clientY, tx: this.tx, ty: this.ty };
      c.setPointerCapture(e.pointerId);
      c.classList.add('dragging');
    });
    c.addEventListener('pointerup', (e) => {
      this.drag = null;
      c.releasePointerCapture(e.pointerId);
      c.classList.remove('dragging');
    });
    c.addEventListener('pointermove', (e) => {
      if (this.drag) {
        this.tx = this.drag.tx + e.clientX - this.drag.x;
        this.ty = this.drag.ty + e.clientY - this.drag.y;
        this.draw();
      }
      this.tip(e);
    });
    c.addEventListener('pointerleave', () => { $('tooltip').hidden = true; });
    c.addEventListener('dblclick', () => { this.fit(); this.draw(); });
  }

  /** Shows `values` (a Q x K row-major matrix) over the rows/columns in `r`; `diverging` (A - B)
   * centres the scale at 0 (symmetric range) on RdBu_r. */
  set(values, cols, r, caption, diverging = false) {
    this.values = values; this.cols = cols; this.r = r; this.caption = caption;
    this.diverging = diverging; this.lut = diverging ? LUT_DIVERGING : LUT;
    const rows = r.q1 - r.q0, ncols = r.k1 - r.k0;
    let lo = Infinity, hi = -Infinity;
    for (let q = r.q0; q < r.q1; q++) {
      const row = q * cols;
      for (let k = r.k0; k < r.k1; k++) { const v = values[row + k]; if (v < lo) lo = v; if (v > hi) hi = v; }
    }
    if (diverging) { hi = Math.max(Math.abs(lo), Math.abs(hi), 1e-12); lo = -hi; }
    this.lo = lo; this.hi = hi;
    const lut = this.lut;
    this.image.width = ncols; this.image.height = rows;
    const ictx = this.image.getContext('2d');
    const img = ictx.createImageData(ncols, rows);
    const px = img.data, span = hi > lo ? 255 / (hi - lo) : 0;
    let o = 0;
    for (let q = r.q0; q < r.q1; q++) {
      const row = q * cols;
      for (let k = r.k0; k < r.k1; k++) {
        const c = ((values[row + k] - lo) * span + 0.5) | 0, li = c * 3;
        px[o] = lut[li]; px[o + 1] = lut[li + 1]; px[o + 2] = lut[li + 2]; px[o + 3] = 255;
        o += 4;
      }
    }
    ictx.putImageData(img, 0, 0);
    this.pooled = null;
    const key = `${rows}x${ncols}@${r.q0},${r.k0}`;
    this.layout();
    if (key !== this.key) { this.key = key; this.fit(); }
    this.draw();
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
    const span = this.hi > this.lo ? 255 / (this.hi - this.lo) : 0, lut = this.lut;
    for (let i = 0; i < best.length; i++) {
      const li = (((best[i] - this.lo) * span + 0.5) | 0) * 3;
      img.data[i * 4] = lut[li]; img.data[i * 4 + 1] = lut[li + 1]; img.data[i * 4 + 2] = lut[li + 2]; img.data[i * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
    this.pooled = c;
    return c;
  }

  layout() {
    const w = Math.max(420, this.host.clientWidth || 800);
    const h = Math.max(380, Math.min(window.innerHeight - this.host.getBoundingClientRect().top - 16, w * 0.8));
    const range = `${this.r.q0},${this.r.q1},${this.r.k0},${this.r.k1}`;
    // Switching heads keeps the canvas and the label measurements: resizing a canvas
    // reallocates it, and measuring thousands of tokens per switch adds up.
    if (this.w === w && this.h === h && this.range === range && this.ctx) return;
    this.w = w; this.h = h; this.range = range;
    this.ctx = sizeCanvas(this.canvas, w, h);
    const ctx = this.ctx;
    ctx.font = `12px ${FONT}`;
    let widest = 0;
    const sample = (tokens, a, b) => { for (let i = a; i < Math.min(b, a + 4096); i++) widest = Math.max(widest, ctx.measureText(display(tokens[i])).width); };
    sample(D.qt, this.r.q0, this.r.q1); sample(D.kt, this.r.k0, this.r.k1);
    this.label = Math.min(130, Math.ceil(widest) + 10);
    this.plot = { x: this.label + 8, y: this.label + 26, w: 0, h: 0 };
    this.plot.w = w - this.plot.x - 84;
    this.plot.h = h - this.plot.y - 12;
  }

  fit() {
    const rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    this.s = Math.min(this.plot.w / cols, this.plot.h / rows);
    this.fitScale = this.s;
    this.tx = this.plot.x; this.ty = this.plot.y;
  }

  zoom(f, cx, cy) {
    // Cells up to 80 px, or 4x their size at fit when that is larger (a small matrix whose
    // cells already exceed 80 px at fit must still zoom in, not jump smaller).
    const most = Math.max(80, this.fitScale * 4);
    const s = Math.min(most, Math.max(this.fitScale * 0.5, this.s * f));
    const cellX = (cx - this.tx) / this.s, cellY = (cy - this.ty) / this.s;
    this.s = s;
    this.tx = cx - cellX * s; this.ty = cy - cellY * s;
    this.draw();
  }

  /** Left edge of the colour bar: beside the matrix at fit, within the canvas. */
  barX() {
    return Math.min(this.w - 70, this.plot.x + (this.r.k1 - this.r.k0) * this.fitScale + 28);
  }

  /** Width of the area cells are drawn in: the plot, stopping short of the colour bar so a
   * zoomed matrix never runs under it. */
  cellsWidth() {
    return Math.min(this.plot.w, this.barX() - 10 - this.plot.x);
  }

  draw() {
    const { ctx, plot, s } = this;
    const rows = this.r.q1 - this.r.q0, cols = this.r.k1 - this.r.k0;
    const fg = css('--fg'), muted = css('--muted');
    ctx.fillStyle = css('--bg');
    ctx.fillRect(0, 0, this.w, this.h);
    ctx.save();
    ctx.beginPath(); ctx.rect(plot.x, plot.y, this.cellsWidth(), plot.h); ctx.clip();
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(this.pooledImage(), this.tx, this.ty, cols * s, rows * s);
    if (D.generated !== null && this.r.q0 === this.r.k0 && this.r.q1 === this.r.k1 && D.generated > this.r.q0 && D.generated < this.r.q1) {
      // Where the prompt ends and generated tokens begin, on both axes.
      const at = (D.generated - this.r.q0) * s;
      ctx.strokeStyle = GENERATED; ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.moveTo(this.tx + at, this.ty); ctx.lineTo(this.tx + at, this.ty + rows * s);
      ctx.moveTo(this.tx, this.ty + at); ctx.lineTo(this.tx + cols * s, this.ty + at);
      ctx.stroke();
    }
    ctx.restore();
    // Caption.
    ctx.fillStyle = fg; ctx.font = `600 13px ${FONT}`; ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
    ctx.fillText(this.caption, 8, 12);
    ctx.fillStyle = muted; ctx.font = `12px ${FONT}`; ctx.textAlign = 'right';
    ctx.fillText(`keys ${this.r.k0}–${this.r.k1 - 1} →   queries ${this.r.q0}–${this.r.q1 - 1} ↓`, this.w - 8, 12);
    // Token labels where cells are tall/wide enough to hold them.
    if (s >= 10) {
      const size = Math.min(13, Math.floor(s * 0.8));
      ctx.font = `${size}px ${FONT}`; ctx.fillStyle = fg;
      const r0 = Math.max(0, Math.floor((plot.y - this.ty) / s)), r1 = Math.min(rows, Math.ceil((plot.y + plot.h - this.ty) / s));
      ctx.textAlign = 'right';
      for (let i = r0; i < r1; i++) {
        ctx.fillStyle = isGenerated(this.r.q0 + i) ? GENERATED : fg;
        ctx.fillText(clip(ctx, display(D.qt[this.r.q0 + i]), this.label), plot.x - 5, this.ty + (i + 0.5) * s);
      }
      const c0 = Math.max(0, Math.floor((plot.x - this.tx) / s)), c1 = Math.min(cols, Math.ceil((plot.x + this.cellsWidth() - this.tx) / s));
      ctx.textAlign = 'left';
      for (let i = c0; i < c1; i++) {
        ctx.save();
        ctx.translate(this.tx + (i + 0.5) * s, plot.y - 5);
        ctx.rotate(-Math.PI / 2);
        ctx.fillStyle = isGenerated(this.r.k0 + i) ? GENERATED : fg;
        ctx.fillText(clip(ctx, display(D.kt[this.r.k0 + i]), this.label), 0, 0);
        ctx.restore();
      }
    } else {
      ctx.fillStyle = muted; ctx.font = `12px ${FONT}`; ctx.textAlign = 'left';
      ctx.fillText(`${rows} × ${cols} — zoom in for token labels`, plot.x, plot.y - 10);
    }
    // Colour bar.
    const bx = this.barX(), by = plot.y, bh = Math.min(plot.h, 260), lut = this.lut;
    for (let i = 0; i < bh; i++) {
      const c = Math.round((1 - i / (bh - 1)) * 255) * 3;
      ctx.fillStyle = `rgb(${lut[c]},${lut[c + 1]},${lut[c + 2]})`;
      ctx.fillRect(bx, by + i, 14, 1.5);
    }
    ctx.strokeStyle = css('--border'); ctx.strokeRect(bx + 0.5, by + 0.5, 13, bh - 1);
    ctx.fillStyle = fg; ctx.font = `11px ${FONT}`; ctx.textAlign = 'left';
    ctx.fillText(fmt(this.hi), bx + 18, by + 5);
    ctx.fillText(fmt((this.hi + this.lo) / 2), bx + 18, by + bh / 2);
    ctx.fillText(fmt(this.lo), bx + 18, by + bh - 5);
  }

  cellAt(x, y) {
    const { plot } = this;
    if (x < plot.x || y < plot.y || x > plot.x + this.cellsWidth() || y > plot.y + plot.h) return null;
    const c = Math.floor((x - this.tx) / this.s), r = Math.floor((y - this.ty) / this.s);
    if (r < 0 || c < 0 || r >= this.r.q1 - this.r.q0 || c >= this.r.k1 - this.r.k0) return null;
    return { q: this.r.q0 + r, k: this.r.k0 + c };
  }

  tip(e) {
    const rect = this.canvas.getBoundingClientRect();
    const cell = this.cellAt(e.clientX - rect.left, e.clientY - rect.top);
    const tip = $('tooltip');
    if (!cell) { tip.hidden = true; return; }
    const v = this.values[cell.q * this.cols + cell.k];
    let value = `weight ${fmt(v)}`;
    if (D.B && this === matrixPanel) {
      const i = cell.q * this.cols + cell.k, a = headMatrix(S.layer, S.head)[i], b = headMatrixB(S.layer, S.head)[i];
      value = `A ${fmt(a)}   B ${fmt(b)}   A − B ${fmt(a - b)}`;
    }
    tip.textContent = `query ${cell.q}  ${display(D.qt[cell.q])}${tokenNote(cell.q)}\nkey   ${cell.k}  ${display(D.kt[cell.k])}${tokenNote(cell.k)}\n${value}`;
    tip.dataset.q = cell.q; tip.dataset.k = cell.k; tip.dataset.weight = v;
    tip.hidden = false;
    const tw = tip.offsetWidth, th = tip.offsetHeight;
    let x = e.clientX + 14, y = e.clientY + 14;
    if (x + tw > window.innerWidth - 4) x = e.clientX - tw - 14;
    if (y + th > window.innerHeight - 4) y = e.clientY - th - 14;
    tip.style.left = x + 'px'; tip.style.top = y + 'px';
  }

  /** Viewport coordinates of the centre of cell (q, k), zooming until cells are at least
   * `minSize` pixels and panning the cell into view first. */
  cellCenter(q, k, minSize = 12) {
    const r = q - this.r.q0, c = k - this.r.k0;
    if (r < 0 || c < 0 || r >= this.r.q1 - this.r.q0 || c >= this.r.k1 - this.r.k0) return null;
    if (this.s < minSize) this.s = minSize;
    let x = this.tx + (c + 0.5) * this.s, y = this.ty + (r + 0.5) * this.s;
    const margin = this.s + 2;
    const width = this.cellsWidth();
    if (x < this.plot.x + margin || x > this.plot.x + width - margin || y < this.plot.y + margin || y > this.plot.y + this.plot.h - margin) {
      this.tx += this.plot.x + width / 2 - x; this.ty += this.plot.y + this.plot.h / 2 - y;
      x = this.tx + (c + 0.5) * this.s; y = this.ty + (r + 0.5) * this.s;
    }
    this.draw();
    const rect = this.canvas.getBoundingClientRect();
    return { x: rect.left + x, y: rect.top + y };
  }
}
