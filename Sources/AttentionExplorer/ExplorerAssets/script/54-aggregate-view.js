// Aggregates view: mean / max over heads and attention rollout of a layer, and the per-head
// statistics table.
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
/** Heads with their scores (computed by attnviz from the exact weights, HeadScore): [{l, h, values}]. */
function headStats() {
  if (stats) return stats;
  stats = D.scores ? D.scores.values.map((values, i) => ({ l: Math.floor(i / D.H), h: i % D.H, values })) : [];
  // Comparing two runs: each head's divergence from B as one more column.
  if (D.B && D.scores) stats.forEach((s, i) => { s.values = s.values.concat([D.B.divergence[i]]); });
  return stats;
}
/** Sort of the Heads table: a score column (notable first: high, entropy low), or layer order. */
const statsSort = { column: -1, ascending: false };

function drawStats() {
  const table = $('stats');
  if (!D.scores) {
    if (!table.dataset.built) {
      const caption = document.createElement('caption');
      caption.textContent = 'This page has no head scores (written by an older attnviz).';
      table.replaceChildren(caption);
      table.dataset.built = '1';
    }
    return;
  }
  if (!table.dataset.built) {
    const names = D.B ? D.scores.names.concat(['divergence']) : D.scores.names;
    const st = headStats();
    const max = names.map((_, c) => Math.max(1e-12, ...st.map((s) => (s.values[c] == null ? 0 : Math.abs(s.values[c])))));
    const thead = document.createElement('thead'), tr = document.createElement('tr');
    ['layer', 'head', ...names, ''].forEach((t, i) => {
      const th = document.createElement('th'); th.textContent = t;
      const c = i - 2;
      if (c >= 0 && c < names.length) {
        th.className = 'sortable'; th.title = `sort by ${t}`;
        th.setAttribute('aria-sort', statsSort.column === c ? (statsSort.ascending ? 'ascending' : 'descending') : 'none');
        th.addEventListener('click', (e) => {
          e.stopPropagation();
          statsSort.ascending = statsSort.column === c ? !statsSort.ascending : names[c] === 'entropy';
          statsSort.column = c;
          table.removeAttribute('data-built');
          drawStats();
        });
      }
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    const order = st.slice();
    if (statsSort.column >= 0) {
      const c = statsSort.column, sign = statsSort.ascending ? 1 : -1;
      order.sort((a, b) => {
        const x = a.values[c], y = b.values[c];
        if (x == null || y == null) return (x == null) - (y == null);
        return sign * (x - y) || (a.l - b.l) || (a.h - b.h);
      });
    }
    const tbody = document.createElement('tbody');
    for (const s of order) {
      const row = document.createElement('tr');
      row.dataset.layer = s.l; row.dataset.head = s.h;
      const cell = (text, shade) => {
        const td = document.createElement('td'); td.textContent = text;
        if (shade != null) td.style.background = `rgba(252,78,42,${(0.45 * shade).toFixed(3)})`;
        row.appendChild(td);
      };
      cell(String(s.l)); cell(String(s.h));
      s.values.forEach((v, c) => cell(v == null ? '–' : v.toFixed(3), v == null ? null : Math.abs(v) / max[c]));
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
