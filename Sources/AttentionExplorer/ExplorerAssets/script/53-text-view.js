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
function drawText() {
  const r = ranges(), m = headMatrix(S.layer, S.head);
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
  }
  for (const s of qs.children) s.classList.toggle('current', Number(s.dataset.q) === q);
  const rowOf = (i) => smoothed(Array.from(m.subarray(i * D.K + r.k0, i * D.K + r.k1)), S.smooth);
  // One range for every query (so rows compare), or each row its own min-max (the note's).
  let shared = [Infinity, -Infinity];
  if (S.range === 'shared') {
    for (let i = r.q0; i < r.q1; i++) { const [lo, hi] = extent(rowOf(i)); shared = [Math.min(shared[0], lo), Math.max(shared[1], hi)]; }
  }
  const intensities = (values) => (S.range === 'shared' ? scaled(values, shared[0], shared[1]) : scaled(values, ...extent(values)));
  $('text-caption').textContent = `Layer ${S.layer}, head ${S.head}: what “${display(D.qt[q])}” (query ${q}) attends to`;
  heatSpans($('text-heat'), D.kt.slice(r.k0, r.k1), intensities(rowOf(q)));
  const what = S.smooth === 1 ? 'weight' : '3-token mean weight';
  $('text-legend-low').textContent = S.range === 'shared' ? `${what} ${fmt(shared[0])}` : 'row minimum';
  $('text-legend-high').textContent = S.range === 'shared' ? fmt(shared[1]) : 'row maximum';
  $('text-legend-note').textContent = S.range === 'shared' ? 'one scale for every query of this head' : 'each query on its own scale: rows do not compare';
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
