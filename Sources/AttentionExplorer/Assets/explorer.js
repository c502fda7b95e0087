// attnviz explorer: every layer and head of an attention tensor, offline, no dependencies.
// Data comes from (first found): window.ATTNVIZ_PAYLOAD, <script id="attnviz-data">, the URL
// in <body data-payload-url>, or a later call to window.attnviz.load(payload).
// Tokens are untrusted: they only ever reach the DOM through textContent and the canvas.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const api = {};
  window.attnviz = api;

  // ---------------------------------------------------------------- colours
  // matplotlib's YlOrRd is a linear ramp through these nine ColorBrewer colours.
  const YLORRD = [[255, 255, 204], [255, 237, 160], [254, 217, 118], [254, 178, 76], [253, 141, 60],
    [252, 78, 42], [227, 26, 28], [189, 0, 38], [128, 0, 38]];
  const LUT = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = i / 255 * 8, j = Math.min(7, Math.floor(t)), f = t - j;
    for (let c = 0; c < 3; c++) LUT[i * 3 + c] = Math.round(YLORRD[j][c] + (YLORRD[j + 1][c] - YLORRD[j][c]) * f);
  }
  const HEAD_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d',
    '#31a354', '#756bb1', '#636363'];
  const headColor = (h) => D.H <= HEAD_COLORS.length ? HEAD_COLORS[h] : `hsl(${Math.round(h * 360 / D.H)},70%,50%)`;
  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

  // ---------------------------------------------------------------- data
  let D = null;
  let HALF = null;
  function halfTable() {
    if (HALF) return HALF;
    HALF = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const s = h & 0x8000 ? -1 : 1, e = (h >> 10) & 0x1f, m = h & 0x3ff;
      HALF[h] = e === 0 ? s * m * 2 ** -24 : e === 31 ? (m ? NaN : s * Infinity) : s * (1 + m / 1024) * 2 ** (e - 15);
    }
    return HALF;
  }

  function base64Bytes(text) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(text);
    const binary = atob(text);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  }

  async function inflate(bytes) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  /** Each head's weights back in row order: `layout: "columns"` stores every head key-major
   * (keys x queries), which deflates smaller. */
  function restoreRows(bytes, heads, Q, K, width) {
    const Arr = width === 2 ? Uint16Array : Uint8Array;
    const src = new Arr(bytes.buffer, bytes.byteOffset, bytes.length / width), out = new Arr(src.length), n = Q * K;
    for (let h = 0; h < heads; h++) {
      const base = h * n;
      for (let k = 0; k < K; k++) {
        const col = base + k * Q;
        for (let q = 0; q < Q; q++) out[base + q * K + k] = src[col + q];
      }
    }
    return new Uint8Array(out.buffer);
  }

  async function decodePayload(p) {
    if (!p || p.format !== 'attnviz-explorer/1') throw new Error('not an attnviz explorer payload');
    const [L, H, Q, K] = p.shape || [];
    if (![L, H, Q, K].every((n) => Number.isInteger(n) && n > 0)) throw new Error('bad shape ' + JSON.stringify(p.shape));
    if (!Array.isArray(p.queryTokens) || p.queryTokens.length !== Q || !Array.isArray(p.keyTokens) || p.keyTokens.length !== K) {
      throw new Error('token counts do not match shape');
    }
    if (p.offsets.length !== L * H || p.scales.length !== L * H) throw new Error('need one scale per head');
    const layout = p.layout == null ? 'rows' : p.layout;
    if (layout !== 'rows' && layout !== 'columns') throw new Error('unknown layout ' + JSON.stringify(p.layout));
    let bytes = base64Bytes(p.data);
    if (p.compression === 'deflate') bytes = await inflate(bytes);
    const width = p.precision === 'f16' ? 2 : 1;
    if (bytes.length !== L * H * Q * K * width) throw new Error(`payload has ${bytes.length} bytes, shape needs ${L * H * Q * K * width}`);
    if (layout === 'columns') bytes = restoreRows(bytes, L * H, Q, K, width);
    const split = Number.isInteger(p.pairSplit) && p.pairSplit > 0 && p.pairSplit < K && Q === K ? p.pairSplit : null;
    return {
      L, H, Q, K, split, title: p.title || '', precision: p.precision,
      qt: p.queryTokens.map(String), kt: p.keyTokens.map(String),
      offsets: Float32Array.from(p.offsets), scales: Float32Array.from(p.scales),
      stats: Array.isArray(p.headStatistics) && p.headStatistics.length === L * H * 4 ? p.headStatistics : null,
      generated: Number.isInteger(p.generatedFrom) && p.generatedFrom > 0 && p.generatedFrom < K && Q === K ? p.generatedFrom : null,
      kvg: Number.isInteger(p.kvGroupSize) && p.kvGroupSize > 1 && H % p.kvGroupSize === 0 ? p.kvGroupSize : 1,
      bytes: Array.isArray(p.tokenBytes) && p.tokenBytes.length === K && Q === K ? p.tokenBytes.map(String) : null,
      raw: width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : bytes,
    };
  }

  const cache = new Map();
  const CACHE_VALUES = 24 * 1024 * 1024;
  /** The decoded queries x keys weights of one head (cached). */
  function headMatrix(l, h) {
    const key = l * D.H + h;
    let m = cache.get(key);
    if (m) { cache.delete(key); cache.set(key, m); return m; }
    const n = D.Q * D.K, base = key * n;
    m = new Float32Array(n);
    if (D.precision === 'f16') {
      const t = halfTable(), raw = D.raw;
      for (let i = 0; i < n; i++) m[i] = t[raw[base + i]];
    } else {
      const off = D.offsets[key], sc = D.scales[key], raw = D.raw;
      for (let i = 0; i < n; i++) m[i] = off + raw[base + i] * sc;
    }
    while (cache.size && (cache.size + 1) * n > CACHE_VALUES) cache.delete(cache.keys().next().value);
    cache.set(key, m);
    return m;
  }
  function weight(l, h, q, k) {
    const i = ((l * D.H + h) * D.Q + q) * D.K + k;
    return D.precision === 'f16' ? halfTable()[D.raw[i]] : D.offsets[l * D.H + h] + D.raw[i] * D.scales[l * D.H + h];
  }

  // ---------------------------------------------------------------- state
  const S = {
    view: 'head', layer: 0, head: 0, heads: null, k: null, pair: 'all', theme: 'light', agg: 'mean',
    open: 'matrix', pin: null, tq: 0, smooth: 3,
  };
  let hover = null;

  function ranges() {
    if (D.split == null || S.pair === 'all') return { q0: 0, q1: D.Q, k0: 0, k1: D.K };
    const a = [0, D.split], b = [D.split, D.Q];
    const qr = S.pair[0] === 'A' ? a : b, kr = S.pair[1] === 'A' ? a : b;
    return { q0: qr[0], q1: qr[1], k0: kr[0], k1: kr[1] };
  }

  function display(token) {
    if (token === '') return '∅';
    return token.replace(/[\u0000-\u001f\u007f]/g, (c) => '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0'));
  }
  function fmt(v) {
    if (v === 0) return '0';
    const a = Math.abs(v);
    return a >= 0.01 && a < 1e4 ? v.toFixed(4) : v.toExponential(3);
  }
  function clip(ctx, text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + '…').width <= width) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + '…';
  }
  function sizeCanvas(canvas, w, h) {
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.max(1, Math.round(w * dpr));
    canvas.height = Math.max(1, Math.round(h * dpr));
    canvas.style.width = w + 'px';
    canvas.style.height = h + 'px';
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    return ctx;
  }
  const FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", system-ui, sans-serif';
  /** Tokens the model generated are drawn in this colour (matplotlib's tab:blue, as attnviz's heatmaps). */
  const GENERATED = '#1f77b4';
  /** Whether token i was generated by the model (not given in the prompt). */
  function isGenerated(i) { return D.generated !== null && i >= D.generated; }
  /** Head h's name; with grouped-query attention also its key/value group. */
  function headName(h) { return D.kvg > 1 ? `head ${h} · kv ${Math.floor(h / D.kvg)}` : `head ${h}`; }
  /** What the tooltip adds about token i: generated, and the raw bytes of a partial character. */
  function tokenNote(i) {
    return (isGenerated(i) ? '  (generated)' : '') + (D.bytes && D.bytes[i] ? `  bytes ${D.bytes[i]}` : '');
  }

  // ---------------------------------------------------------------- URL fragment
  function writeHash() {
    const parts = [`v=${S.view}`, `l=${S.layer}`, `h=${S.head}`, `t=${S.theme}`];
    if (S.heads && S.heads.length !== D.H) parts.push('hs=' + (S.heads.length ? S.heads.join('.') : 'none'));
    if (S.k != null) parts.push(`k=${S.k}`);
    if (S.pair !== 'all') parts.push(`p=${S.pair}`);
    if (S.agg !== 'mean') parts.push(`agg=${S.agg}`);
    if (S.open !== 'matrix') parts.push(`open=${S.open}`);
    if (S.pin) parts.push(`pin=${S.pin.side}${S.pin.index}`);
    if (S.tq) parts.push(`tq=${S.tq}`);
    if (S.smooth !== 3) parts.push(`sm=${S.smooth}`);
    const hash = '#' + parts.join('&');
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }
  function readHash() {
    const p = new URLSearchParams(location.hash.slice(1));
    const int = (name, max, fallback) => {
      const v = Number.parseInt(p.get(name), 10);
      return Number.isInteger(v) && v >= 0 && v < max ? v : fallback;
    };
    const v = p.get('v');
    if (['head', 'model', 'matrix', 'text', 'agg'].includes(v)) S.view = v;
    S.layer = int('l', D.L, S.layer);
    S.head = int('h', D.H, S.head);
    if (['light', 'dark'].includes(p.get('t'))) S.theme = p.get('t');
    const hs = p.get('hs');
    if (hs === 'none') S.heads = [];
    else if (hs) S.heads = [...new Set(hs.split('.').map(Number).filter((h) => Number.isInteger(h) && h >= 0 && h < D.H))].sort((a, b) => a - b);
    if (p.has('k')) S.k = int('k', 1e6, S.k);
    if (['all', 'AA', 'AB', 'BA', 'BB'].includes(p.get('p')) && D.split != null) S.pair = p.get('p');
    if (['mean', 'max', 'rollout'].includes(p.get('agg'))) S.agg = p.get('agg');
    if (['matrix', 'head'].includes(p.get('open'))) S.open = p.get('open');
    const pin = /^([qk])(\d+)$/.exec(p.get('pin') || '');
    S.pin = pin ? { side: pin[1], index: Number(pin[2]) } : null;
    S.tq = int('tq', D.Q, S.tq);
    if (['1', '3'].includes(p.get('sm'))) S.smooth = Number(p.get('sm'));
  }

  // ---------------------------------------------------------------- matrix panel
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

    /** Shows `values` (a Q x K row-major matrix) over the rows/columns in `r`. */
    set(values, cols, r, caption) {
      this.values = values; this.cols = cols; this.r = r; this.caption = caption;
      const rows = r.q1 - r.q0, ncols = r.k1 - r.k0;
      let lo = Infinity, hi = -Infinity;
      for (let q = r.q0; q < r.q1; q++) {
        const row = q * cols;
        for (let k = r.k0; k < r.k1; k++) { const v = values[row + k]; if (v < lo) lo = v; if (v > hi) hi = v; }
      }
      this.lo = lo; this.hi = hi;
      this.image.width = ncols; this.image.height = rows;
      const ictx = this.image.getContext('2d');
      const img = ictx.createImageData(ncols, rows);
      const px = img.data, span = hi > lo ? 255 / (hi - lo) : 0;
      let o = 0;
      for (let q = r.q0; q < r.q1; q++) {
        const row = q * cols;
        for (let k = r.k0; k < r.k1; k++) {
          const c = ((values[row + k] - lo) * span + 0.5) | 0, li = c * 3;
          px[o] = LUT[li]; px[o + 1] = LUT[li + 1]; px[o + 2] = LUT[li + 2]; px[o + 3] = 255;
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
          if (x > best[i]) best[i] = x;
        }
      }
      const c = document.createElement('canvas');
      c.width = w; c.height = h;
      const ctx = c.getContext('2d'), img = ctx.createImageData(w, h);
      const span = this.hi > this.lo ? 255 / (this.hi - this.lo) : 0;
      for (let i = 0; i < best.length; i++) {
        const li = (((best[i] - this.lo) * span + 0.5) | 0) * 3;
        img.data[i * 4] = LUT[li]; img.data[i * 4 + 1] = LUT[li + 1]; img.data[i * 4 + 2] = LUT[li + 2]; img.data[i * 4 + 3] = 255;
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
      const bx = this.barX(), by = plot.y, bh = Math.min(plot.h, 260);
      for (let i = 0; i < bh; i++) {
        const c = Math.round((1 - i / (bh - 1)) * 255) * 3;
        ctx.fillStyle = `rgb(${LUT[c]},${LUT[c + 1]},${LUT[c + 2]})`;
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
      tip.textContent = `query ${cell.q}  ${display(D.qt[cell.q])}${tokenNote(cell.q)}\nkey   ${cell.k}  ${display(D.kt[cell.k])}${tokenNote(cell.k)}\nweight ${fmt(v)}`;
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

  // ---------------------------------------------------------------- head view
  const topCache = new Map();
  /** Top-k lines per query of one head as flat [q, k, w] triples. For 8-bit data the packed
   * bytes are scanned directly (byte order is weight order), so no head is decoded. */
  function topLines(l, h, k, r) {
    const id = `${l}/${h}/${k}/${r.q0},${r.q1},${r.k0},${r.k1}`;
    if (topCache.has(id)) return topCache.get(id);
    const nk = r.k1 - r.k0, hk = l * D.H + h;
    const u8 = D.precision !== 'f16';
    const src = u8 ? D.raw : headMatrix(l, h), base = u8 ? hk * D.Q * D.K : 0;
    const off = u8 ? D.offsets[hk] : 0, sc = u8 ? D.scales[hk] : 1;
    const value = (x) => (u8 ? off + x * sc : x);
    const out = [];
    const bestK = new Int32Array(k), bestW = new Float32Array(k);
    for (let q = r.q0; q < r.q1; q++) {
      const row = base + q * D.K;
      if (k >= nk) {
        for (let j = r.k0; j < r.k1; j++) { const w = value(src[row + j]); if (w > 0.004) out.push(q, j, w); }
        continue;
      }
      let n = 0;
      for (let j = r.k0; j < r.k1; j++) {
        const w = src[row + j];
        if (n === k && w <= bestW[n - 1]) continue;
        let p = n < k ? n++ : k - 1;
        while (p > 0 && bestW[p - 1] < w) { bestW[p] = bestW[p - 1]; bestK[p] = bestK[p - 1]; p--; }
        bestW[p] = w; bestK[p] = j;
      }
      for (let i = 0; i < n; i++) { const w = value(bestW[i]); if (w > 0.004) out.push(q, bestK[i], w); }
    }
    const lines = Float32Array.from(out);
    if (topCache.size > 64) topCache.delete(topCache.keys().next().value);
    topCache.set(id, lines);
    return lines;
  }

  const HV = {};
  function effectiveK() {
    const nk = ranges().k1 - ranges().k0;
    if (S.k != null) return S.k === 0 ? nk : S.k;
    return nk <= 48 ? nk : 6;
  }

  function drawHead() {
    const canvas = $('head-canvas'), r = ranges();
    const nq = r.q1 - r.q0, nk = r.k1 - r.k0, rows = Math.max(nq, nk);
    const rh = rows > 1000 ? 12 : rows > 200 ? 15 : 20;
    const size = rh >= 20 ? 14 : rh - 3;
    const width = Math.max(480, Math.min(1100, $('head-scroll').clientWidth - 2 || 900));
    // The canvas is only as tall as the visible part of the scroller (it is sticky inside it;
    // a spacer gives the full height), so long inputs paint as fast as short ones.
    const scroller = $('head-scroll');
    const top = 34, height = top + rows * rh + 12;
    const viewH = Math.max(240, Math.min(height, Math.floor(window.innerHeight - scroller.getBoundingClientRect().top - 14)));
    $('head-spacer').style.height = (height - viewH) + 'px';
    const scroll = Math.max(0, Math.min(scroller.scrollTop, height - viewH));
    const y0 = scroll, y1 = scroll + viewH;
    const ctx = sizeCanvas(canvas, width, viewH);
    ctx.translate(0, -scroll);
    ctx.font = `${size}px ${FONT}`;
    const widthKey = `${size}/${r.q0},${r.q1},${r.k0},${r.k1}`;
    if (HV.widthKey !== widthKey) {
      let w = 0;
      for (let i = r.q0; i < r.q1; i++) w = Math.max(w, ctx.measureText(display(D.qt[i])).width);
      for (let i = r.k0; i < r.k1; i++) w = Math.max(w, ctx.measureText(display(D.kt[i])).width);
      HV.widthKey = widthKey; HV.widest = w;
    }
    const widest = HV.widest;
    const col = Math.min(190, Math.ceil(widest) + 10);
    const xl = 14 + col, xr = width - 14 - col, gap = 8;
    Object.assign(HV, { r, rh, top, xl, xr, width, col, scroll });
    const yq = (q) => top + (q - r.q0 + 0.5) * rh, yk = (k) => top + (k - r.k0 + 0.5) * rh;
    const fg = css('--fg'), muted = css('--muted');
    ctx.fillStyle = css('--bg'); ctx.fillRect(0, y0, width, viewH);
    const heads = S.heads;
    const focus = S.pin || hover;
    // Token highlight for the focused side, and weight shading on the other side.
    if (focus) {
      const sum = new Float32Array(focus.side === 'q' ? D.K : D.Q);
      for (const h of heads) {
        const m = headMatrix(S.layer, h);
        if (focus.side === 'q') { const row = focus.index * D.K; for (let j = r.k0; j < r.k1; j++) sum[j] += m[row + j]; }
        else for (let q = r.q0; q < r.q1; q++) sum[q] += m[q * D.K + focus.index];
      }
      ctx.fillStyle = css('--focus');
      if (focus.side === 'q') ctx.fillRect(4, yq(focus.index) - rh / 2, col + 8, rh);
      else ctx.fillRect(xr - 2, yk(focus.index) - rh / 2, col + 8, rh);
      const n = Math.max(1, heads.length);
      ctx.fillStyle = css('--accent');
      for (let i = focus.side === 'q' ? r.k0 : r.q0; i < (focus.side === 'q' ? r.k1 : r.q1); i++) {
        const a = Math.min(1, sum[i] / n);
        if (a < 0.02) continue;
        ctx.globalAlpha = a * 0.55;
        if (focus.side === 'q') ctx.fillRect(xr - 2, yk(i) - rh / 2 + 1, col + 8, rh - 2);
        else ctx.fillRect(4, yq(i) - rh / 2 + 1, col + 8, rh - 2);
      }
      ctx.globalAlpha = 1;
    }
    // Lines, one short stroke each: a single path of thousands of crossing lines makes the
    // rasteriser resolve their overlaps and paints take seconds. Weights below one 8-bit step
    // of opacity are invisible and skipped.
    ctx.lineWidth = rows > 200 ? 1 : 2;
    const line = (q, k, w) => {
      const a = yq(q), b = yk(k);
      if ((a < y0 && b < y0) || (a > y1 && b > y1)) return;
      ctx.globalAlpha = Math.min(1, w);
      ctx.beginPath(); ctx.moveTo(xl + gap, yq(q)); ctx.lineTo(xr - gap, yk(k)); ctx.stroke();
    };
    for (const h of heads) {
      ctx.strokeStyle = headColor(h);
      if (focus) {
        const m = headMatrix(S.layer, h);
        if (focus.side === 'q') { const row = focus.index * D.K; for (let j = r.k0; j < r.k1; j++) if (m[row + j] > 0.004) line(focus.index, j, m[row + j]); }
        else for (let q = r.q0; q < r.q1; q++) { const w = m[q * D.K + focus.index]; if (w > 0.004) line(q, focus.index, w); }
      } else {
        const lines = topLines(S.layer, h, effectiveK(), r);
        for (let i = 0; i < lines.length; i += 3) line(lines[i], lines[i + 1], lines[i + 2]);
      }
    }
    ctx.globalAlpha = 1;
    // Labels.
    ctx.textBaseline = 'middle';
    ctx.font = `600 12px ${FONT}`; ctx.fillStyle = muted;
    const filtered = D.split != null && S.pair !== 'all';
    const part = (a) => !filtered ? '' : a < D.split ? ' (sentence A)' : ' (sentence B)';
    if (D.split != null && !filtered) {
      ctx.strokeStyle = muted; ctx.setLineDash([4, 3]); ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(4, top + D.split * rh); ctx.lineTo(xl + 4, top + D.split * rh);
      ctx.moveTo(xr - 4, top + D.split * rh); ctx.lineTo(width - 4, top + D.split * rh);
      ctx.stroke(); ctx.setLineDash([]);
    }
    // Right-aligned over the query column, but never pushed past the left edge.
    const queriesLabel = 'queries' + part(r.q0);
    ctx.textAlign = 'right'; ctx.fillText(queriesLabel, Math.max(xl, ctx.measureText(queriesLabel).width + 6), 14);
    ctx.textAlign = 'left'; ctx.fillText('keys' + part(r.k0), xr, 14);
    ctx.textAlign = 'center';
    ctx.fillText(`layer ${S.layer} · ${heads.length === D.H ? 'all heads' : heads.length === 1 ? headName(heads[0]) : heads.length + ' heads'}`, width / 2, 14);
    ctx.font = `${size}px ${FONT}`; ctx.fillStyle = fg;
    const first = Math.max(0, Math.floor((y0 - top) / rh) - 1), last = Math.ceil((y1 - top) / rh) + 1;
    ctx.textAlign = 'right';
    for (let q = r.q0 + first; q < Math.min(r.q1, r.q0 + last); q++) {
      ctx.fillStyle = isGenerated(q) ? GENERATED : fg;
      ctx.fillText(clip(ctx, display(D.qt[q]), col), xl, yq(q));
    }
    ctx.textAlign = 'left';
    for (let k = r.k0 + first; k < Math.min(r.k1, r.k0 + last); k++) {
      ctx.fillStyle = isGenerated(k) ? GENERATED : fg;
      ctx.fillText(clip(ctx, display(D.kt[k]), col), xr, yk(k));
    }
  }

  function headHit(e) {
    const rect = $('head-canvas').getBoundingClientRect();
    const x = e.clientX - rect.left, y = e.clientY - rect.top;
    const i = Math.floor((y + HV.scroll - HV.top) / HV.rh);
    if (x <= HV.xl + 6 && i >= 0 && i < HV.r.q1 - HV.r.q0) return { side: 'q', index: HV.r.q0 + i };
    if (x >= HV.xr - 6 && i >= 0 && i < HV.r.k1 - HV.r.k0) return { side: 'k', index: HV.r.k0 + i };
    return null;
  }

  function buildChips() {
    const box = $('head-chips');
    box.replaceChildren();
    for (let h = 0; h < D.H; h++) {
      const chip = document.createElement('button');
      chip.type = 'button'; chip.className = 'chip'; chip.dataset.head = h;
      chip.title = `toggle ${headName(h)}; double-click to show only it`;
      const sw = document.createElement('span');
      sw.className = 'swatch'; sw.style.background = headColor(h);
      chip.append(sw, document.createTextNode(String(h)));
      chip.addEventListener('click', () => {
        const set = new Set(S.heads);
        if (set.has(h)) set.delete(h); else set.add(h);
        S.heads = [...set].sort((a, b) => a - b);
        render();
      });
      chip.addEventListener('dblclick', () => { S.heads = [h]; S.head = h; render(); });
      if (D.kvg > 1 && h % D.kvg === 0) {
        // Grouped-query attention: the query heads that share one key/value head, labelled as a group.
        const group = document.createElement('span');
        group.className = 'kv-group'; group.textContent = `kv ${h / D.kvg}`;
        group.title = `heads ${h}–${h + D.kvg - 1} share key/value head ${h / D.kvg}`;
        box.appendChild(group);
      }
      box.appendChild(chip);
    }
  }

  // ---------------------------------------------------------------- model view
  const thumbCache = new Map();
  function thumbnail(l, h, size, r) {
    const id = `${l}/${h}/${size}/${r.q0},${r.q1},${r.k0},${r.k1}`;
    if (thumbCache.has(id)) return thumbCache.get(id);
    const rows = r.q1 - r.q0, cols = r.k1 - r.k0;
    const th = Math.min(size, rows), tw = Math.min(size, cols);
    const pooled = new Float32Array(th * tw).fill(-Infinity);
    const key = l * D.H + h, base = key * D.Q * D.K;
    const f16 = D.precision === 'f16', t = f16 ? halfTable() : null, off = D.offsets[key], sc = D.scales[key], raw = D.raw;
    for (let q = r.q0; q < r.q1; q++) {
      const py = Math.floor((q - r.q0) * th / rows) * tw, row = base + q * D.K;
      for (let k = r.k0; k < r.k1; k++) {
        const v = f16 ? t[raw[row + k]] : off + raw[row + k] * sc;
        const i = py + Math.floor((k - r.k0) * tw / cols);
        if (v > pooled[i]) pooled[i] = v;
      }
    }
    let lo = Infinity, hi = -Infinity;
    for (const v of pooled) { if (v < lo) lo = v; if (v > hi) hi = v; }
    const img = new ImageData(tw, th), span = hi > lo ? 255 / (hi - lo) : 0;
    for (let i = 0; i < pooled.length; i++) {
      const c = ((pooled[i] - lo) * span + 0.5) | 0;
      img.data[i * 4] = LUT[c * 3]; img.data[i * 4 + 1] = LUT[c * 3 + 1]; img.data[i * 4 + 2] = LUT[c * 3 + 2]; img.data[i * 4 + 3] = 255;
    }
    if (thumbCache.size > 4 * D.L * D.H) thumbCache.clear();
    thumbCache.set(id, img);
    return img;
  }

  function drawModel() {
    const grid = $('model-grid'), r = ranges();
    const avail = Math.max(400, (document.querySelector('main').clientWidth || 900) - 60);
    const size = Math.max(36, Math.min(96, Math.floor(avail / D.H) - 8));
    grid.style.gridTemplateColumns = `auto repeat(${D.H}, ${size + 2}px)`;
    grid.replaceChildren();
    const axis = (text) => { const d = document.createElement('div'); d.className = 'axis'; d.textContent = text; return d; };
    grid.appendChild(axis(''));
    for (let h = 0; h < D.H; h++) grid.appendChild(axis(headName(h)));
    for (let l = 0; l < D.L; l++) {
      grid.appendChild(axis(`layer ${l}`));
      for (let h = 0; h < D.H; h++) {
        const img = thumbnail(l, h, size, r);
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        c.style.width = size + 'px'; c.style.height = Math.round(size * img.height / img.width) + 'px';
        c.getContext('2d').putImageData(img, 0, 0);
        c.title = `layer ${l}, ${headName(h)}: open in the ${S.open} view`;
        c.dataset.layer = l; c.dataset.head = h;
        if (l === S.layer && h === S.head) c.classList.add('current');
        c.addEventListener('click', () => {
          S.layer = l; S.head = h;
          if (S.open === 'head') S.heads = [h];
          S.view = S.open;
          render();
        });
        grid.appendChild(c);
      }
    }
  }

  // ---------------------------------------------------------------- text view
  /** The note's text heat: window mean over existing neighbours, then min-max (all equal -> 0). */
  function textHeat(weights, window) {
    const n = weights.length, half = Math.floor(window / 2), out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0, count = 0;
      for (let j = -half; j < window - half; j++) if (i + j >= 0 && i + j < n) { sum += weights[i + j]; count++; }
      out[i] = sum / count;
    }
    let lo = Infinity, hi = -Infinity;
    for (const v of out) { if (v < lo) lo = v; if (v > hi) hi = v; }
    for (let i = 0; i < n; i++) out[i] = hi > lo ? (out[i] - lo) / (hi - lo) : 0;
    return out;
  }
  function heatSpans(el, tokens, intensities) {
    el.replaceChildren();
    tokens.forEach((t, i) => {
      if (i) el.appendChild(document.createTextNode(' '));
      const s = document.createElement('span');
      s.textContent = t;
      s.style.backgroundColor = `rgba(255,0,0,${+intensities[i].toFixed(4)})`;
      s.dataset.intensity = intensities[i];
      el.appendChild(s);
    });
  }
  function drawText() {
    const r = ranges(), m = headMatrix(S.layer, S.head);
    const q = Math.min(Math.max((hover && hover.side === 't' ? hover.index : S.tq), r.q0), r.q1 - 1);
    const qs = $('text-queries');
    if (qs.dataset.key !== `${r.q0},${r.q1}`) {
      qs.replaceChildren();
      for (let i = r.q0; i < r.q1; i++) {
        if (i > r.q0) qs.appendChild(document.createTextNode(' '));
        const s = document.createElement('span');
        s.textContent = D.qt[i]; s.dataset.q = i;
        if (isGenerated(i)) { s.classList.add('generated'); s.title = 'generated by the model'; }
        qs.appendChild(s);
      }
      qs.dataset.key = `${r.q0},${r.q1}`;
    }
    for (const s of qs.children) s.classList.toggle('current', Number(s.dataset.q) === q);
    const row = Array.from(m.subarray(q * D.K + r.k0, q * D.K + r.k1));
    $('text-caption').textContent = `Layer ${S.layer}, head ${S.head}: what “${D.qt[q]}” (query ${q}) attends to`;
    heatSpans($('text-heat'), D.kt.slice(r.k0, r.k1), textHeat(row, S.smooth));
    const all = $('text-all');
    all.replaceChildren();
    if (r.q1 - r.q0 <= 64 && r.k1 - r.k0 <= 256) {
      const head = document.createElement('p');
      head.className = 'label'; head.textContent = 'Every query, one example per row (as in the note)';
      all.appendChild(head);
      for (let i = r.q0; i < r.q1; i++) {
        const p = document.createElement('p');
        p.className = 'example';
        const b = document.createElement('b'); b.textContent = display(D.qt[i]);
        if (isGenerated(i)) b.classList.add('generated');
        const span = document.createElement('span');
        heatSpans(span, D.kt.slice(r.k0, r.k1), textHeat(Array.from(m.subarray(i * D.K + r.k0, i * D.K + r.k1)), S.smooth));
        p.append(b, span);
        all.appendChild(p);
      }
    }
  }

  // ---------------------------------------------------------------- aggregates
  const aggCache = new Map();
  function aggregate(kind, l) {
    const id = `${kind}/${l}`;
    if (aggCache.has(id)) return aggCache.get(id);
    const n = D.Q * D.K;
    let out;
    if (kind === 'rollout') {
      const N = D.Q;
      let roll = null;
      for (let layer = 0; layer <= l; layer++) {
        const mean = aggregate('mean', layer), a = new Float32Array(n);
        for (let q = 0; q < N; q++) {
          let sum = 0;
          for (let k = 0; k < N; k++) { a[q * N + k] = 0.5 * mean[q * N + k] + (q === k ? 0.5 : 0); sum += a[q * N + k]; }
          if (sum > 0) for (let k = 0; k < N; k++) a[q * N + k] /= sum;
        }
        if (!roll) { roll = a; continue; }
        const next = new Float32Array(n);
        for (let i = 0; i < N; i++) {
          const out = i * N;
          for (let j = 0; j < N; j++) {
            const v = a[i * N + j];
            if (v === 0) continue;
            const src = j * N;
            for (let k = 0; k < N; k++) next[out + k] += v * roll[src + k];
          }
        }
        roll = next;
      }
      out = roll;
    } else {
      out = new Float32Array(n).fill(kind === 'max' ? -Infinity : 0);
      for (let h = 0; h < D.H; h++) {
        const m = headMatrix(l, h);
        if (kind === 'max') for (let i = 0; i < n; i++) { if (m[i] > out[i]) out[i] = m[i]; }
        else for (let i = 0; i < n; i++) out[i] += m[i] / D.H;
      }
    }
    if (aggCache.size > 3 * D.L) aggCache.clear();
    aggCache.set(id, out);
    return out;
  }

  let stats = null;
  /** Per-head statistics: from the payload when it has them, else from the decoded weights. */
  function headStats() {
    if (stats) return stats;
    stats = [];
    if (D.stats) {
      // Computed by attnviz from the exact weights.
      for (let i = 0; i < D.L * D.H; i++) {
        const [entropy, first, self, prev] = D.stats.slice(i * 4, i * 4 + 4);
        stats.push({ l: Math.floor(i / D.H), h: i % D.H, entropy, first, self, prev });
      }
      return stats;
    }
    for (let l = 0; l < D.L; l++) {
      for (let h = 0; h < D.H; h++) {
        const m = headMatrix(l, h);
        let entropy = 0, first = 0, self = 0, prev = 0, rows = 0;
        for (let q = 0; q < D.Q; q++) {
          const row = q * D.K;
          let sum = 0;
          for (let k = 0; k < D.K; k++) sum += Math.max(0, m[row + k]);
          if (sum > 0) {
            let e = 0;
            for (let k = 0; k < D.K; k++) { const p = m[row + k] / sum; if (p > 0) e -= p * Math.log2(p); }
            entropy += e; rows++;
          }
          first += m[row];
          if (q < D.K) self += m[row + q];
          if (q > 0 && q - 1 < D.K) prev += m[row + q - 1];
        }
        stats.push({ l, h, entropy: rows ? entropy / rows : 0, first: first / D.Q, self: self / D.Q, prev: D.Q > 1 ? prev / (D.Q - 1) : 0 });
      }
    }
    return stats;
  }

  function drawStats() {
    const table = $('stats');
    if (!table.dataset.built) {
      const st = headStats();
      const cols = ['entropy', 'first', 'self', 'prev'];
      const max = Object.fromEntries(cols.map((c) => [c, Math.max(1e-12, ...st.map((s) => s[c]))]));
      const thead = document.createElement('thead'), tr = document.createElement('tr');
      for (const t of ['layer', 'head', 'entropy (bits)', '→ first', '→ self', '→ previous', '']) {
        const th = document.createElement('th'); th.textContent = t; tr.appendChild(th);
      }
      thead.appendChild(tr);
      const tbody = document.createElement('tbody');
      for (const s of st) {
        const row = document.createElement('tr');
        row.dataset.layer = s.l; row.dataset.head = s.h;
        const cell = (text, shade) => {
          const td = document.createElement('td'); td.textContent = text;
          if (shade != null) td.style.background = `rgba(252,78,42,${(0.45 * shade).toFixed(3)})`;
          row.appendChild(td);
        };
        cell(String(s.l)); cell(String(s.h));
        for (const c of cols) cell(s[c].toFixed(3), s[c] / max[c]);
        const td = document.createElement('td'), a = document.createElement('a');
        a.textContent = 'open'; a.href = `#v=matrix&l=${s.l}&h=${s.h}&t=${S.theme}`;
        td.appendChild(a); row.appendChild(td);
        row.addEventListener('click', (e) => { e.preventDefault(); S.layer = s.l; S.head = s.h; S.view = 'matrix'; render(); });
        tbody.appendChild(row);
      }
      table.replaceChildren(thead, tbody);
      table.dataset.built = '1';
    }
    for (const tr of table.tBodies[0].rows) tr.classList.toggle('current', Number(tr.dataset.layer) === S.layer && Number(tr.dataset.head) === S.head);
  }

  // ---------------------------------------------------------------- rendering
  let matrixPanel = null, aggPanel = null;
  function render() {
    if (!D) return;
    if (S.agg === 'rollout' && D.Q !== D.K) S.agg = 'mean';
    document.documentElement.dataset.theme = S.theme;
    $('theme').textContent = S.theme === 'dark' ? 'Light theme' : 'Dark theme';
    for (const b of document.querySelectorAll('#views button')) b.setAttribute('aria-selected', String(b.dataset.view === S.view));
    for (const v of document.querySelectorAll('.view')) v.classList.toggle('active', v.id === 'view-' + S.view);
    $('layer').value = S.layer; $('head').value = S.head; $('pair').value = S.pair;
    $('topk').value = effectiveK(); $('agg').value = S.agg; $('open-in').value = S.open; $('smooth').value = S.smooth;
    for (const c of $('head-chips').children) c.classList.toggle('off', !S.heads.includes(Number(c.dataset.head)));
    $('tooltip').hidden = true;
    const r = ranges();
    switch (S.view) {
      case 'head': drawHead(); break;
      case 'model': drawModel(); break;
      case 'matrix':
        matrixPanel.set(headMatrix(S.layer, S.head), D.K, r, `Layer ${S.layer}, ${headName(S.head)}`);
        break;
      case 'text': drawText(); break;
      case 'agg': {
        const names = { mean: 'mean over heads', max: 'max over heads', rollout: 'attention rollout' };
        aggPanel.set(aggregate(S.agg, S.layer), D.K, r, `Layer ${S.layer}: ${names[S.agg]}${S.agg === 'rollout' ? ` of layers 0–${S.layer}` : ''}`);
        drawStats();
        break;
      }
    }
    writeHash();
  }

  /** Selects a layer and head and redraws; returns the milliseconds the redraw took. */
  function select(l, h) {
    const t0 = performance.now(), previous = S.head;
    S.layer = Math.max(0, Math.min(D.L - 1, l));
    S.head = Math.max(0, Math.min(D.H - 1, h));
    if (S.view === 'head' && S.head !== previous) S.heads = [S.head];
    S.pin = null; hover = null;
    render();
    return performance.now() - t0;
  }

  function exportCanvas() {
    const bg = css('--bg'), fg = css('--fg');
    if (S.view === 'head') return $('head-canvas');
    if (S.view === 'matrix') return matrixPanel.canvas;
    if (S.view === 'agg') return aggPanel.canvas;
    const root = $('view-' + S.view), box = root.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    const out = document.createElement('canvas');
    out.width = Math.ceil(box.width * dpr); out.height = Math.ceil(root.scrollHeight * dpr);
    const ctx = out.getContext('2d');
    ctx.scale(dpr, dpr);
    ctx.fillStyle = bg; ctx.fillRect(0, 0, box.width, root.scrollHeight);
    if (S.view === 'model') {
      for (const el of root.querySelectorAll('.model-grid > *')) {
        const b = el.getBoundingClientRect();
        if (el.tagName === 'CANVAS') {
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(el, b.left - box.left, b.top - box.top, b.width, b.height);
        } else {
          ctx.fillStyle = fg; ctx.font = `12px ${FONT}`; ctx.textBaseline = 'middle'; ctx.textAlign = 'center';
          ctx.fillText(el.textContent, b.left - box.left + b.width / 2, b.top - box.top + b.height / 2);
        }
      }
    } else {
      for (const el of root.querySelectorAll('p.label, #text-heat span, #text-queries span, .example b, .example span span')) {
        const b = el.getBoundingClientRect(), st = getComputedStyle(el);
        ctx.fillStyle = st.backgroundColor;
        ctx.fillRect(b.left - box.left, b.top - box.top, b.width, b.height);
        ctx.fillStyle = st.color; ctx.font = `${st.fontWeight} ${st.fontSize} ${FONT}`;
        ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
        ctx.fillText(el.textContent, b.left - box.left, b.top - box.top + b.height / 2);
      }
    }
    return out;
  }

  function savePNG() {
    exportCanvas().toBlob((blob) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `attnviz-${S.view}-l${S.layer}-h${S.head}.png`;
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 2000);
    }, 'image/png');
  }

  function copyLink() {
    writeHash();
    const url = location.href, status = $('status');
    const fallback = () => {
      const box = document.createElement('span'), input = document.createElement('input');
      box.className = 'copy-box'; input.readOnly = true; input.value = url;
      box.append('Link to this view: ', input);
      status.classList.remove('error'); status.replaceChildren(box);
      input.focus(); input.select();
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(() => { status.textContent = 'Link copied: ' + url; }, fallback);
    } else fallback();
  }

  function setStatus(text, error) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('error', !!error);
  }

  function wire() {
    for (const b of document.querySelectorAll('#views button')) b.addEventListener('click', () => { S.view = b.dataset.view; render(); });
    $('layer').addEventListener('change', (e) => select(Number(e.target.value), S.head));
    $('head').addEventListener('change', (e) => select(S.layer, Number(e.target.value)));
    $('pair').addEventListener('change', (e) => { S.pair = e.target.value; S.pin = null; render(); });
    $('theme').addEventListener('click', () => { S.theme = S.theme === 'dark' ? 'light' : 'dark'; render(); });
    $('png').addEventListener('click', savePNG);
    $('link').addEventListener('click', copyLink);
    $('heads-all').addEventListener('click', () => { S.heads = [...Array(D.H).keys()]; render(); });
    $('heads-none').addEventListener('click', () => { S.heads = []; render(); });
    $('topk').addEventListener('change', (e) => {
      const v = Number.parseInt(e.target.value, 10);
      S.k = Number.isInteger(v) && v >= 0 ? v : null;
      render();
    });
    $('agg').addEventListener('change', (e) => { S.agg = e.target.value; render(); });
    $('open-in').addEventListener('change', (e) => { S.open = e.target.value; render(); });
    $('smooth').addEventListener('change', (e) => { S.smooth = Number(e.target.value); render(); });
    $('matrix-fit').addEventListener('click', () => { matrixPanel.fit(); matrixPanel.draw(); });
    $('matrix-in').addEventListener('click', () => matrixPanel.zoom(1.5, matrixPanel.plot.x + matrixPanel.plot.w / 2, matrixPanel.plot.y + matrixPanel.plot.h / 2));
    $('matrix-out').addEventListener('click', () => matrixPanel.zoom(1 / 1.5, matrixPanel.plot.x + matrixPanel.plot.w / 2, matrixPanel.plot.y + matrixPanel.plot.h / 2));
    let scrollPending = false;
    $('head-scroll').addEventListener('scroll', () => {
      if (scrollPending) return;
      scrollPending = true;
      requestAnimationFrame(() => { scrollPending = false; if (D && S.view === 'head') drawHead(); });
    });
    const hc = $('head-canvas');
    hc.addEventListener('mousemove', (e) => {
      if (S.pin) return;
      const hit = headHit(e);
      if ((hit && hover && hit.side === hover.side && hit.index === hover.index) || (!hit && !hover)) return;
      hover = hit; drawHead();
    });
    hc.addEventListener('mouseleave', () => { if (hover && !S.pin) { hover = null; drawHead(); } });
    hc.addEventListener('click', (e) => {
      const hit = headHit(e);
      S.pin = hit && !(S.pin && S.pin.side === hit.side && S.pin.index === hit.index) ? hit : null;
      hover = null; render();
    });
    const tq = $('text-queries');
    tq.addEventListener('mouseover', (e) => {
      const q = e.target.dataset && e.target.dataset.q;
      if (q != null) { hover = { side: 't', index: Number(q) }; drawText(); }
    });
    tq.addEventListener('mouseleave', () => { hover = null; drawText(); });
    tq.addEventListener('click', (e) => {
      const q = e.target.dataset && e.target.dataset.q;
      if (q != null) { S.tq = Number(q); hover = null; render(); }
    });
    document.addEventListener('keydown', (e) => {
      if (!D || e.altKey || e.ctrlKey || e.metaKey) return;
      const tag = e.target.tagName;
      if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
      const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
      if (moves[e.key]) {
        e.preventDefault();
        select(S.layer + moves[e.key][0], S.head + moves[e.key][1]);
      } else if (e.key === 'Escape') { S.pin = null; hover = null; render(); }
      else if ('12345'.includes(e.key) && e.key.length === 1) { S.view = ['head', 'model', 'matrix', 'text', 'agg'][Number(e.key) - 1]; render(); }
    });
    window.addEventListener('hashchange', () => { if (D) { readHash(); render(); } });
    let resizeTimer = 0;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 120); });
  }

  async function load(payload) {
    try {
      D = await decodePayload(payload);
    } catch (err) {
      setStatus('Cannot show this attention: ' + err.message, true);
      throw err;
    }
    cache.clear(); topCache.clear(); thumbCache.clear(); aggCache.clear(); stats = null; HV.widthKey = null;
    matrixPanel.ctx = null; aggPanel.ctx = null; matrixPanel.key = ''; aggPanel.key = '';
    $('stats').removeAttribute('data-built');
    $('text-queries').removeAttribute('data-key');
    Object.assign(S, { view: 'head', layer: 0, head: 0, heads: null, k: null, pair: 'all', pin: null, tq: 0 });
    S.theme = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
    readHash();
    if (!S.heads) S.heads = [...Array(D.H).keys()];
    const fill = (sel, n, label) => {
      sel.replaceChildren();
      for (let i = 0; i < n; i++) { const o = document.createElement('option'); o.value = i; o.textContent = `${label} ${i}`; sel.appendChild(o); }
    };
    fill($('layer'), D.L, 'layer'); fill($('head'), D.H, 'head');
    for (const o of $('head').options) o.textContent = headName(Number(o.value));
    $('pair-wrap').hidden = D.split == null;
    const rollout = $('agg').querySelector('option[value="rollout"]');
    rollout.disabled = D.Q !== D.K;
    rollout.title = D.Q !== D.K ? 'rollout needs as many queries as keys' : '';
    if (D.title) document.title = D.title + ' — attnviz';
    buildChips();
    setStatus(`${D.title ? D.title + ' · ' : ''}${D.L} layers × ${D.H} heads × ${D.Q} queries × ${D.K} keys · ${D.precision === 'f16' ? 'float16' : '8-bit per head'}` +
      (D.split != null ? ` · sentence B starts at token ${D.split}` : ''));
    render();
    api.firstDrawn = performance.now();
    // Two animation frames later the first view has been painted.
    requestAnimationFrame(() => requestAnimationFrame(() => { api.firstPainted = performance.now(); }));
    return api;
  }

  Object.assign(api, {
    load,
    select,
    weight: (l, h, q, k) => weight(l, h, q, k),
    shape: () => D && [D.L, D.H, D.Q, D.K],
    state: () => JSON.parse(JSON.stringify(S)),
    setView: (v) => { S.view = v; render(); },
    cellCenter: (q, k) => (S.view === 'agg' ? aggPanel : matrixPanel).cellCenter(q, k),
    exportCanvas,
    textHeat,
    render,
  });

  matrixPanel = new MatrixPanel($('matrix-host'));
  aggPanel = new MatrixPanel($('agg-host'));
  wire();
  const inline = $('attnviz-data');
  const url = document.body.dataset.payloadUrl;
  let source;
  if (window.ATTNVIZ_PAYLOAD) source = Promise.resolve(window.ATTNVIZ_PAYLOAD);
  else if (inline) source = Promise.resolve().then(() => JSON.parse(inline.textContent));
  else if (url) source = fetch(url).then((r) => { if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`); return r.json(); });
  if (source) {
    api.ready = source.then(load).catch((err) => { setStatus('Cannot show this attention: ' + err.message, true); return null; });
  } else {
    setStatus('Waiting for attention data (window.attnviz.load(payload)).');
    api.ready = Promise.resolve(null);
  }
})();
