// Head view: bertviz-style lines from query tokens to key tokens, one colour per head, top-k
// lines per token for long inputs, hover to focus and click to pin.
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
