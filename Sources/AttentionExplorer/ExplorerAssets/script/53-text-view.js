// Text view: the note's text heat for one query, and for every query when the input is short.
/** Window means over the existing neighbours (window 1: the weights themselves; 3: the note's). */
function smoothed(weights, window) {
  const n = weights.length, half = Math.floor(window / 2), out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0, count = 0;
    for (let j = -half; j < window - half; j++) if (i + j >= 0 && i + j < n) { sum += weights[i + j]; count++; }
    out[i] = sum / count;
  }
  return out;
}
/** Values mapped to 0..1 over lo..hi (all equal -> 0). */
function scaled(values, lo, hi) {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = hi > lo ? (values[i] - lo) / (hi - lo) : 0;
  return out;
}
function extent(values) {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  return [lo, hi];
}
/** The note's text heat (window mean, then min-max within the example): `window.attnviz.textHeat`. */
function textHeat(weights, window) {
  const s = smoothed(weights, window), [lo, hi] = extent(s);
  return scaled(s, lo, hi);
}
function heatSpans(el, tokens, intensities) {
  el.replaceChildren();
  tokens.forEach((t, i) => {
    if (i) el.appendChild(document.createTextNode(' '));
    const s = document.createElement('span');
    s.textContent = display(t);
    s.style.backgroundColor = `rgba(255,0,0,${+intensities[i].toFixed(4)})`;
    s.dataset.intensity = intensities[i];
    el.appendChild(s);
  });
}
/** Inputs longer than this scroll in their own boxes, beside a minimap of the whole text. */
const LONG_TEXT = 300;

/** The legend over the text: the shared range lo..hi (what `sharedNote` says it is), or the
 * per-row min-max. */
function textLegend(lo, hi, sharedNote) {
  const shared = S.range === 'shared', what = S.smooth === 1 ? 'weight' : '3-token mean weight';
  $('text-legend-low').textContent = shared ? `${what} ${fmt(lo)}` : 'row minimum';
  $('text-legend-high').textContent = shared ? fmt(hi) : 'row maximum';
  $('text-legend-note').textContent = shared ? sharedNote : 'each query on its own scale: rows do not compare';
}

function drawText() {
  const r = ranges(), m = D.remote ? null : headMatrix(S.layer, S.head);
  const q = Math.min(Math.max((hover && hover.side === 't' ? hover.index : S.tq), r.q0), r.q1 - 1);
  const qs = $('text-queries');
  if (qs.dataset.key !== `${r.q0},${r.q1}`) {
    qs.replaceChildren();
    for (let i = r.q0; i < r.q1; i++) {
      if (i > r.q0) qs.appendChild(document.createTextNode(' '));
      const s = document.createElement('span');
      s.textContent = display(D.qt[i]); s.dataset.q = i;
      if (isGenerated(i)) s.classList.add('generated');
      const note = tokenNote(i).trim();
      if (note) s.title = note;
      qs.appendChild(s);
    }
    qs.dataset.key = `${r.q0},${r.q1}`;
    qs.classList.toggle('long', r.q1 - r.q0 > LONG_TEXT);
  }
  for (const s of qs.children) s.classList.toggle('current', Number(s.dataset.q) === q);
  if (qs.classList.contains('long') && qs.dataset.shown !== String(q) && !(hover && hover.side === 't')) {
    // Keep the chosen query in its box's view (not while the pointer is over the list).
    const span = qs.querySelector(`span[data-q="${q}"]`);
    if (span) qs.scrollTop = Math.max(0, span.offsetTop - qs.offsetTop - qs.clientHeight / 2);
    qs.dataset.shown = q;
  }
  if (D.remote) { drawRemoteText(r, q); return; }
  const rowOf = (i) => smoothed(Array.from(m.subarray(i * D.K + r.k0, i * D.K + r.k1)), S.smooth);
  // One range for every query (so rows compare), or each row its own min-max (the note's).
  let shared = [Infinity, -Infinity];
  if (S.range === 'shared') {
    for (let i = r.q0; i < r.q1; i++) { const [lo, hi] = extent(rowOf(i)); shared = [Math.min(shared[0], lo), Math.max(shared[1], hi)]; }
  }
  const intensities = (values) => (S.range === 'shared' ? scaled(values, shared[0], shared[1]) : scaled(values, ...extent(values)));
  $('text-caption').textContent = `Layer ${S.layer}, head ${S.head}: what “${display(D.qt[q])}” (query ${q}) attends to`;
  const heat = intensities(rowOf(q));
  heatSpans($('text-heat'), D.kt.slice(r.k0, r.k1), heat);
  longHeat(r, q, heat);
  textLegend(shared[0], shared[1], 'one scale for every query of this head');
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
      heatSpans(span, D.kt.slice(r.k0, r.k1), intensities(rowOf(i)));
      p.append(b, span);
      all.appendChild(p);
    }
  }
}

/** The text view of a remote run: query q's exact row from the server; the shared range is the
 * head's weight range (min..max over every cell), as no page holds every row. */
function drawRemoteText(r, q) {
  const row = remoteRow(S.layer, S.head, q), summary = remoteSummary(S.layer, S.head);
  $('text-caption').textContent = `Layer ${S.layer}, head ${S.head}: what “${display(D.qt[q])}” (query ${q}) attends to`;
  $('text-all').replaceChildren();
  if (!row || (S.range === 'shared' && !summary)) {
    $('text-caption').textContent += ' (loading…)';
    return;
  }
  // A budget page's top-k heads store only each query's strongest keys: the rest show as 0.
  const unstored = row.some(Number.isNaN);
  if (unstored) $('text-caption').textContent += ` (top ${D.remote.embedded.k} keys stored; other keys shown as 0)`;
  const values = smoothed(Array.from(row.subarray(r.k0, r.k1), (w) => (Number.isNaN(w) ? 0 : w)), S.smooth);
  const [lo, hi] = S.range === 'shared' ? [summary.min, summary.max] : extent(values);
  const heat = scaled(values, lo, hi);
  heatSpans($('text-heat'), D.kt.slice(r.k0, r.k1), heat);
  longHeat(r, q, heat);
  textLegend(lo, hi, 'one scale for the whole head: its smallest to its largest weight');
}

/** For long inputs: the heat in a box as tall as the window allows, scrolled to the query's own
 * position when the query changes, and the minimap beside it. */
function longHeat(r, q, heat) {
  const box = $('text-heat'), map = $('text-minimap'), long = r.k1 - r.k0 > LONG_TEXT;
  box.classList.toggle('long', long);
  map.hidden = !long;
  if (!long) { box.style.maxHeight = ''; return; }
  const height = Math.max(240, Math.floor(window.innerHeight - box.getBoundingClientRect().top - 24));
  box.style.maxHeight = height + 'px';
  // The query's own position among the keys, outlined: where "earlier" ends in a causal model.
  const self = box.children[q - r.k0];
  if (self && q >= r.k0) { self.classList.add('self'); self.title = `query ${q} itself`; }
  TM.heat = heat; TM.q = q; TM.r = r;
  if (TM.shown !== `${S.layer}/${S.head}/${q}`) {
    TM.shown = `${S.layer}/${S.head}/${q}`;
    if (q >= r.k0 && q < r.k1) scrollHeatTo(q - r.k0, 0.75);
  }
  paintTextMinimap();
}

/** The text minimap's state: the intensities shown, the query, the range. */
const TM = {};

/** Scrolls the heat box so key token i (in the range) sits at `at` (0 top .. 1 bottom) of it. */
function scrollHeatTo(i, at) {
  const box = $('text-heat'), span = box.children[i];
  if (!span) return;
  box.scrollTop = Math.max(0, span.offsetTop - box.offsetTop - box.clientHeight * at);
}

/** The first and last key token (range indices) in the heat box's view, by binary search. */
function heatInView() {
  const box = $('text-heat'), spans = box.children, n = spans.length, top = box.scrollTop + box.offsetTop;
  const first = (y) => { let a = 0, b = n; while (a < b) { const m = (a + b) >> 1; if (spans[m].offsetTop + spans[m].offsetHeight <= y) a = m + 1; else b = m; } return a; };
  return [Math.min(n - 1, first(top)), Math.max(0, first(top + box.clientHeight) - 1)];
}

/** Paints the minimap: each pixel row the strongest intensity of the tokens it covers, the
 * part of the text in view framed, the query's own position ticked. */
function paintTextMinimap() {
  const map = $('text-minimap'), box = $('text-heat');
  if (map.hidden || !TM.heat) return;
  const h = box.clientHeight + 2, n = TM.heat.length;
  map.style.height = h + 'px';
  const ctx = sizeCanvas(map, 18, h);
  ctx.fillStyle = css('--bg'); ctx.fillRect(0, 0, 18, h);
  for (let y = 0; y < h; y++) {
    const a = Math.floor(y * n / h), b = Math.max(a + 1, Math.floor((y + 1) * n / h));
    let m = 0;
    for (let i = a; i < b && i < n; i++) if (TM.heat[i] > m) m = TM.heat[i];
    if (m > 0) { ctx.fillStyle = `rgba(255,0,0,${m.toFixed(3)})`; ctx.fillRect(1, y, 16, 1); }
  }
  const [first, last] = heatInView();
  ctx.strokeStyle = css('--accent'); ctx.lineWidth = 1.5;
  ctx.strokeRect(1, first * h / n, 16, Math.max(3, (last - first + 1) * h / n));
  if (TM.q >= TM.r.k0 && TM.q < TM.r.k1) {
    ctx.fillStyle = css('--fg');
    ctx.fillRect(0, Math.round((TM.q - TM.r.k0 + 0.5) * h / n) - 1, 18, 2);
  }
}

function wireTextMinimap() {
  const map = $('text-minimap'), box = $('text-heat');
  let dragging = false;
  const go = (e) => {
    const rect = map.getBoundingClientRect(), n = TM.heat ? TM.heat.length : 0;
    if (!n) return;
    scrollHeatTo(Math.min(n - 1, Math.max(0, Math.floor((e.clientY - rect.top) / rect.height * n))), 0.5);
  };
  map.addEventListener('pointerdown', (e) => { dragging = true; map.setPointerCapture(e.pointerId); go(e); });
  map.addEventListener('pointermove', (e) => { if (dragging) go(e); });
  map.addEventListener('pointerup', () => { dragging = false; });
  let pending = false;
  box.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; paintTextMinimap(); });
  });
}
