// Head view: bertviz-style lines from query tokens to key tokens, one colour per head. A line's
// opacity is its weight divided by the number of selected heads (as bertviz shares it), lines
// are LINE_SPAN px long at any window width, and the canvas is as wide as its content.
// Hovering a token draws all its lines, per-head bars over the other side's tokens (height ∝
// weight) and lists its top targets beside the canvas; clicking pins it (outline + badge).
// Long inputs: only the visible rows are painted, under a sticky queries/keys header; the
// exports (PNG, SVG) paint the whole length.
const topCache = new Map();
/** Top-k lines per query of one head as flat [q, k, w] triples. For 8-bit data the packed
 * bytes are scanned directly (byte order is weight order), so no head is decoded. */
function topLines(l, h, k, r) {
  const id = `${l}/${h}/${k}/${r.q0},${r.q1},${r.k0},${r.k1}`;
  if (topCache.has(id)) return topCache.get(id);
  if (D.remote) return remoteTopLines(l, h, k, r, id);
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

/** topLines of a remote run, from the server's top-k of every row (empty until it arrives). */
function remoteTopLines(l, h, k, r, id) {
  const kk = Math.min(k, REMOTE_TOP_K, D.K), t = remoteTopK(l, h, kk);
  if (!t) return new Float32Array(0);
  const out = [];
  for (let q = r.q0; q < r.q1; q++) {
    for (let i = 0; i < kk; i++) {
      const key = t.keys[q * kk + i], w = t.weights[q * kk + i];
      if (key >= r.k0 && key < r.k1 && w > 0.004) out.push(q, key, w);
    }
  }
  const lines = Float32Array.from(out);
  if (topCache.size > 64) topCache.delete(topCache.keys().next().value);
  topCache.set(id, lines);
  return lines;
}
/** The most lines per token a remote run's head view asks for (the server's top-k limit). */
const REMOTE_TOP_K = 64;

/** Horizontal length of every line (px), whatever the window width. */
const LINE_SPAN = 200;
/** How many targets the list beside the canvas shows. */
const TARGETS_SHOWN = 12;
const HV = {};

/** Lines per token: the top-k field when set (0 = all); otherwise all of them for one head
 * of up to 48 keys, 3 when several heads are shown, else 6. */
function effectiveK() {
  const nk = D.remote ? Math.min(REMOTE_TOP_K, ranges().k1 - ranges().k0) : ranges().k1 - ranges().k0;
  if (S.k != null) return S.k === 0 ? nk : S.k;
  if (S.heads && S.heads.length > 1) return Math.min(3, nk);
  return nk <= 48 ? nk : 6;
}

/** The head view's geometry in content coordinates (the whole length, unscrolled). */
function headLayout(ctx, r) {
  const nq = r.q1 - r.q0, nk = r.k1 - r.k0, rows = Math.max(nq, nk);
  const rh = rows > 1000 ? 12 : rows > 200 ? 15 : 20;
  const size = rh >= 20 ? 14 : rh - 3;
  const pair = D.split != null && S.pair === 'all';
  const filtered = D.split != null && S.pair !== 'all';
  const part = (a) => !filtered ? '' : a < D.split ? ' (sentence A)' : ' (sentence B)';
  const queriesLabel = 'queries' + part(r.q0), keysLabel = 'keys' + part(r.k0);
  const widthKey = `${size}/${r.q0},${r.q1},${r.k0},${r.k1}/${queriesLabel}/${keysLabel}`;
  if (HV.widthKey !== widthKey) {
    ctx.font = `${size}px ${FONT}`;
    let w = 0;
    for (let i = r.q0; i < r.q1; i++) w = Math.max(w, ctx.measureText(display(D.qt[i])).width);
    for (let i = r.k0; i < r.k1; i++) w = Math.max(w, ctx.measureText(display(D.kt[i])).width);
    ctx.font = `600 12px ${FONT}`;
    const heading = Math.max(ctx.measureText(queriesLabel).width, ctx.measureText(keysLabel).width);
    HV.widthKey = widthKey; HV.widest = w; HV.heading = heading;
  }
  // Label columns fit the widest token (up to 190 px) and the column headings.
  const col = Math.max(Math.min(190, Math.ceil(HV.widest) + 10), Math.ceil(HV.heading) + 4, 48);
  const gutter = pair ? 18 : 0, margin = 10, pad = 4, gap = 6;
  const slot = Math.max(2, Math.min(6, Math.floor(60 / D.H))), strip = slot * D.H;
  const xl = margin + gutter + col, qs = xl + pad, x0 = qs + strip + gap;
  const x1 = x0 + LINE_SPAN, ks = x1 + gap, xr = ks + strip + pad;
  const width = xr + col + gutter + margin, top = 34, height = top + rows * rh + 12;
  return { r, rows, rh, size, pair, queriesLabel, keysLabel, col, gutter, slot, strip, xl, qs, x0, x1, ks, xr, width, top, height };
}

/** The hovered or pinned token, if it is inside the shown ranges. */
function headFocus(r) {
  const f = S.pin || hover;
  if (!f || (f.side !== 'q' && f.side !== 'k')) return null;
  const [a, b] = f.side === 'q' ? [r.q0, r.q1] : [r.k0, r.k1];
  return f.index >= a && f.index < b ? f : null;
}

/** Per selected head, the focused token's weights to the other side (a row for a query, a
 * column for a key), over the whole shown range. */
function focusWeights(focus, r) {
  if (D.remote) {
    // Exact rows or columns from the server; zeros until they arrive.
    // (A budget page's top-k heads leave unstored weights NaN: they count as 0 here.)
    return S.heads.map((h) => (focus.side === 'q' ? remoteRow(S.layer, h, focus.index) || new Float32Array(D.K)
      : remoteColumn(S.layer, h, focus.index) || new Float32Array(D.Q)).map((w) => (Number.isNaN(w) ? 0 : w)));
  }
  return S.heads.map((h) => {
    const m = headMatrix(S.layer, h);
    if (focus.side === 'q') return m.subarray(focus.index * D.K, (focus.index + 1) * D.K);
    const col = new Float32Array(D.Q);
    for (let q = r.q0; q < r.q1; q++) col[q] = m[q * D.K + focus.index];
    return col;
  });
}

/** Paints content rows y0..y1 (content coordinates) of layout G on ctx (a canvas context or an
 * SvgPen): pair divider, focus highlight, per-head bars, lines, labels. */
function paintHead(ctx, G, y0, y1) {
  const { r, rh, top, xl, xr, qs, ks, x0, x1, slot, width } = G;
  const yq = (q) => top + (q - r.q0 + 0.5) * rh, yk = (k) => top + (k - r.k0 + 0.5) * rh;
  const fg = css('--fg'), muted = css('--muted'), accent = css('--accent');
  ctx.globalAlpha = 1;
  ctx.fillStyle = css('--bg'); ctx.fillRect(0, y0, width, y1 - y0);
  const heads = S.heads, n = Math.max(1, heads.length);
  const focus = headFocus(r), pinned = focus && S.pin === focus;
  const visible = (y) => y >= y0 - rh && y <= y1 + rh;
  if (focus) {
    const y = focus.side === 'q' ? yq(focus.index) : yk(focus.index);
    const x = focus.side === 'q' ? 4 : xr - 4, w = G.col + G.gutter + 10;
    ctx.fillStyle = css('--focus'); ctx.fillRect(x, y - rh / 2, w, rh);
    if (pinned) {
      ctx.strokeStyle = accent; ctx.lineWidth = 2; ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(x + 1, y - rh / 2 + 1); ctx.lineTo(x + w - 1, y - rh / 2 + 1); ctx.lineTo(x + w - 1, y + rh / 2 - 1);
      ctx.lineTo(x + 1, y + rh / 2 - 1); ctx.lineTo(x + 1, y - rh / 2 + 1); ctx.stroke();
    }
    // Per-head bars over the other side's tokens: head i in its own slot, height ∝ weight.
    const weights = focusWeights(focus, r);
    const [a, b, ys, sx] = focus.side === 'q' ? [r.k0, r.k1, yk, ks] : [r.q0, r.q1, yq, qs];
    heads.forEach((h, i) => {
      ctx.fillStyle = headColor(h);
      const w = weights[i];
      for (let j = a; j < b; j++) {
        if (w[j] <= 0.004 || !visible(ys(j))) continue;
        const bar = Math.max(1, Math.round(w[j] * (rh - 2)));
        ctx.fillRect(sx + h * slot, ys(j) + rh / 2 - 1 - bar, Math.max(1, slot - 1), bar);
      }
    });
  }
  if (G.pair) {
    const y = top + D.split * rh;
    if (visible(y)) {
      ctx.strokeStyle = muted; ctx.setLineDash([4, 3]); ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(2, y); ctx.lineTo(x0 - 2, y); ctx.moveTo(x1 + 2, y); ctx.lineTo(width - 2, y); ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.font = `700 12px ${FONT}`; ctx.fillStyle = accent; ctx.textBaseline = 'middle'; ctx.textAlign = 'center';
    for (const [letter, at] of [['A', 0], ['B', D.split]]) {
      const y = top + (at + 0.5) * rh;
      if (!visible(y)) continue;
      ctx.fillText(letter, 10 + G.gutter / 2 - 2, y); ctx.fillText(letter, width - 10 - G.gutter / 2 + 2, y);
    }
  }
  // Lines, one short stroke each: a single path of thousands of crossing lines makes the
  // rasteriser resolve their overlaps and paints take seconds. Opacity is the weight shared
  // among the selected heads; lines fainter than one 8-bit step are skipped.
  ctx.lineWidth = G.rows > 1000 ? 1 : G.rows > 200 ? 1.5 : 2;
  const line = (q, k, w) => {
    const a = yq(q), b = yk(k), alpha = Math.min(1, w / n);
    if (alpha < 0.004 || (a < y0 && b < y0) || (a > y1 && b > y1)) return;
    ctx.globalAlpha = alpha;
    ctx.beginPath(); ctx.moveTo(x0, a); ctx.lineTo(x1, b); ctx.stroke();
  };
  const weights = focus ? focusWeights(focus, r) : null;
  heads.forEach((h, i) => {
    ctx.strokeStyle = headColor(h);
    if (focus) {
      const w = weights[i];
      if (focus.side === 'q') { for (let j = r.k0; j < r.k1; j++) line(focus.index, j, w[j]); }
      else for (let q = r.q0; q < r.q1; q++) line(q, focus.index, w[q]);
    } else {
      const lines = topLines(S.layer, h, effectiveK(), r);
      for (let j = 0; j < lines.length; j += 3) line(lines[j], lines[j + 1], lines[j + 2]);
    }
  });
  ctx.globalAlpha = 1;
  ctx.textBaseline = 'middle';
  ctx.font = `${G.size}px ${FONT}`;
  const first = Math.max(0, Math.floor((y0 - top) / rh) - 1), last = Math.ceil((y1 - top) / rh) + 1;
  ctx.textAlign = 'right';
  for (let q = r.q0 + first; q < Math.min(r.q1, r.q0 + last); q++) {
    ctx.fillStyle = isGenerated(q) ? GENERATED : fg;
    ctx.fillText(clip(ctx, display(D.qt[q]), G.col - 4), xl, yq(q));
  }
  ctx.textAlign = 'left';
  for (let k = r.k0 + first; k < Math.min(r.k1, r.k0 + last); k++) {
    ctx.fillStyle = isGenerated(k) ? GENERATED : fg;
    ctx.fillText(clip(ctx, display(D.kt[k]), G.col - 4), xr, yk(k));
  }
}

/** The queries/keys heading band at y = at (sticky on screen: drawn over the scrolled rows,
 * with a rule under it once rows pass beneath). */
function paintHeadHeader(ctx, G, at, scrolled) {
  ctx.globalAlpha = 1;
  ctx.fillStyle = css('--bg'); ctx.fillRect(0, at, G.width, G.top - 4);
  if (scrolled) {
    ctx.strokeStyle = css('--border'); ctx.lineWidth = 1; ctx.setLineDash([]);
    ctx.beginPath(); ctx.moveTo(0, at + G.top - 4.5); ctx.lineTo(G.width, at + G.top - 4.5); ctx.stroke();
  }
  ctx.textBaseline = 'middle'; ctx.font = `600 12px ${FONT}`; ctx.fillStyle = css('--muted');
  ctx.textAlign = 'right'; ctx.fillText(G.queriesLabel, G.xl, at + 15);
  ctx.textAlign = 'left'; ctx.fillText(G.keysLabel, G.xr, at + 15);
  ctx.textAlign = 'center';
  ctx.fillText(`layer ${S.layer} · ${headsLabel()}`, (G.x0 + G.x1) / 2, at + 15);
}

/** What the selected heads are called: "all heads", "no heads", "3 heads", "head 5". */
function headsLabel() {
  const hs = S.heads || [];
  return hs.length === D.H && D.H > 1 ? 'all heads' : hs.length === 0 ? 'no heads' : hs.length === 1 ? headName(hs[0]) : `${hs.length} heads`;
}

function drawHead() {
  const canvas = $('head-canvas'), scroller = $('head-scroll'), r = ranges();
  showPin(r);  // first: the badge may move the canvas down
  const G = headLayout(canvas.getContext('2d'), r);
  // The canvas is only as tall as the scroller's visible part (sticky inside it; a spacer gives
  // the full height), so long inputs paint as fast as short ones. The scroller is sized to the
  // space left in the window, so no blank strip opens under the canvas.
  const available = Math.floor(window.innerHeight - (scroller.getBoundingClientRect().top + window.scrollY) - 32);
  const viewH = Math.max(240, Math.min(G.height, available));
  scroller.style.height = (viewH + 2) + 'px';
  $('head-spacer').style.height = (G.height - viewH) + 'px';
  const scroll = Math.max(0, Math.min(scroller.scrollTop, G.height - viewH));
  const ctx = sizeCanvas(canvas, G.width, viewH);
  ctx.save(); ctx.translate(0, -scroll);
  paintHead(ctx, G, scroll, scroll + viewH);
  ctx.restore();
  paintHeadHeader(ctx, G, 0, scroll > 0);
  Object.assign(HV, { G, scroll, viewH });
  showTargets(r);
}

/** The list beside the canvas: the focused token's top targets, mean weight over the selected heads. */
function showTargets(r) {
  const box = $('head-targets'), focus = headFocus(r);
  box.replaceChildren();
  const title = document.createElement('p');
  title.className = 'targets-title';
  box.appendChild(title);
  if (!focus || !S.heads.length) {
    title.textContent = 'Hover a token to list where it looks; click to pin it.';
    box.dataset.index = '';
    return;
  }
  const q = focus.side === 'q', tokens = q ? D.qt : D.kt, others = q ? D.kt : D.qt;
  title.textContent = `${q ? 'query' : 'key'} “${display(tokens[focus.index])}” (#${focus.index}) ${q ? 'attends most to' : 'is attended most by'}` +
    ` · ${S.heads.length === 1 ? headName(S.heads[0]) : 'mean of ' + headsLabel()}` +
    (S.pin === focus ? ' · click a target to scroll to it' : ' · click the token to pin this list');
  box.dataset.side = focus.side; box.dataset.index = focus.index;
  const weights = focusWeights(focus, r), n = S.heads.length;
  const [a, b] = q ? [r.k0, r.k1] : [r.q0, r.q1];
  const mean = new Float64Array(b - a);
  for (const w of weights) for (let j = a; j < b; j++) mean[j - a] += w[j] / n;
  const order = [...mean.keys()].sort((x, y) => mean[y] - mean[x] || x - y).slice(0, TARGETS_SHOWN);
  const list = document.createElement('ol');
  for (const i of order) {
    const j = a + i, li = document.createElement('li');
    li.dataset.index = j; li.dataset.weight = mean[i];
    li.title = 'click to scroll to it';
    const tok = document.createElement('span'), idx = document.createElement('span'), val = document.createElement('span'), bar = document.createElement('span');
    tok.className = 'tok'; tok.textContent = display(others[j]);
    idx.className = 'idx'; idx.textContent = '#' + j;
    val.className = 'w'; val.textContent = mean[i].toFixed(3);
    bar.className = 'bar'; bar.style.width = Math.round(Math.min(1, mean[i]) * 100) + '%';
    li.append(tok, idx, val, bar);
    li.addEventListener('click', () => scrollHeadTo(j - a));
    list.appendChild(li);
  }
  box.appendChild(list);
}

/** Scrolls the head view so that row i (from the top of the shown range) is in the middle. */
function scrollHeadTo(i) {
  const G = HV.G, scroller = $('head-scroll');
  if (G) scroller.scrollTop = Math.max(0, G.top + (i + 0.5) * G.rh - HV.viewH / 2);
}

/** The pinned token's badge above the canvas. */
function showPin(r) {
  const badge = $('head-pin'), focus = headFocus(r);
  const pinned = focus && S.pin === focus;
  badge.hidden = !pinned;
  if (pinned) badge.textContent = `pinned: ${focus.side === 'q' ? 'query' : 'key'} “${display((focus.side === 'q' ? D.qt : D.kt)[focus.index])}” (#${focus.index}) — click it again or press Esc to unpin`;
}

function headHit(e) {
  const G = HV.G;
  if (!G) return null;
  const rect = $('head-canvas').getBoundingClientRect();
  const x = e.clientX - rect.left, y = e.clientY - rect.top;
  if (y < G.top) return null;
  const i = Math.floor((y + HV.scroll - G.top) / G.rh);
  if (x <= G.qs + G.strip && i >= 0 && i < G.r.q1 - G.r.q0) return { side: 'q', index: G.r.q0 + i };
  if (x >= G.ks && i >= 0 && i < G.r.k1 - G.r.k0) return { side: 'k', index: G.r.k0 + i };
  return null;
}

/** The header's Head control tells the truth: in the head view it reads "all heads", "3 heads"
 * or "no heads" when not one head is shown; it is hidden in the model and aggregate views,
 * which show every head. */
function syncHeadControl() {
  const sel = $('head');
  sel.parentElement.hidden = S.view === 'model' || S.view === 'agg';
  let multi = sel.querySelector('option[data-multi]');
  if (S.view === 'head' && S.heads.length !== 1) {
    if (!multi) {
      multi = document.createElement('option');
      multi.dataset.multi = '1'; multi.value = 'multi'; multi.disabled = true;
      sel.prepend(multi);
    }
    multi.textContent = headsLabel();
    sel.value = 'multi';
  } else {
    if (multi) multi.remove();
    sel.value = S.view === 'head' ? S.heads[0] : S.head;
  }
}

/** ←/→ in the head view: one head is stepped to the next or previous; with several (or all)
 * heads shown, → shows the first selected head alone and ← the last one (from none: the current
 * head), and the hint says how to get all heads back (the All button or the A key). */
function headArrow(step) {
  if (S.heads.length === 1) {
    const next = Math.max(0, Math.min(D.H - 1, S.heads[0] + step));
    S.heads = [next];
    return next;
  }
  const h = S.heads.length ? (step > 0 ? S.heads[0] : S.heads[S.heads.length - 1]) : S.head;
  S.heads = [h];
  setHeadNote(`Arrow keys step through heads one at a time: showing ${headName(h)} alone. Press A or “All” for every head.`);
  return h;
}

function setHeadNote(text) { $('head-note').textContent = text; }

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
      if (S.heads.length === 1) S.head = S.heads[0];
      setHeadNote('');
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
