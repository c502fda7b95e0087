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
