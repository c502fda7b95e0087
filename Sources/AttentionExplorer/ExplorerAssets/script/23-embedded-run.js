// A run embedded in a page made to a size budget (`attnviz explore RUN --max-size 40MB`): the
// page answers the remote views' questions itself, from what the page holds. Every head has its
// range and a pooled overview (each pixel the exact max and mean of 2^level x 2^level cells);
// heads at full resolution hold every weight (exact at any zoom); the other heads hold the top-k
// keys of every query row (exact weights of those keys; the rest not stored). The matrix and
// the other views say which of these they show.
//
// meta.embedded = {
//   compression: 'deflate' | 'none',
//   summaries: [[max, sinkMax, min], ...],                 one per head (layer-major)
//   overview: {size, level, heads: [base64, ...]},         f32: size² max then size² mean, NaN outside
//   topk: {k, heads: [base64 | null, ...]} | null,         i32 Q·k keys then f32 Q·k weights (−1/0 padding)
//   full: {heads: [base64 | null, ...]},                   f32 Q·K row-major
// }

/** Checks the embedded parts against the run's shape; returns them with decoders. */
function embeddedParts(e, L, H, Q, K) {
  const heads = L * H, list = (x) => Array.isArray(x) && x.length === heads;
  if (!e || !list(e.summaries) || !e.overview || !list(e.overview.heads) || !e.full || !list(e.full.heads)) throw new Error('malformed embedded run');
  if (!e.summaries.every((s) => Array.isArray(s) && s.length === 3 && s.every((v) => typeof v === 'number'))) throw new Error('malformed head ranges');
  const size = e.overview.size, level = e.overview.level;
  if (!Number.isInteger(size) || size < 1 || !Number.isInteger(level) || level < 0 || size * 2 ** level < Math.max(Q, K)) throw new Error('bad overview geometry');
  const k = e.topk ? e.topk.k : 0;
  if (e.topk && (!Number.isInteger(k) || k < 1 || !list(e.topk.heads))) throw new Error('malformed top-k');
  for (let i = 0; i < heads; i++) {
    if (e.full.heads[i] == null && (!e.topk || e.topk.heads[i] == null)) throw new Error(`head ${i} has neither full weights nor top-k keys`);
  }
  return { compression: e.compression, summaries: e.summaries, size, level, k, overview: e.overview.heads, topk: e.topk ? e.topk.heads : null, full: e.full.heads, decoded: new Map() };
}

/** Whether head (l, h) of the page's embedded run holds every weight. */
function embeddedFull(l, h) { return D.remote.embedded.full[l * D.H + h] != null; }

/** One embedded part as bytes (inflated), decoded once per part and kept while the page lives
 * (full heads: only the most recent few). */
async function embeddedBytes(kind, i) {
  const E = D.remote.embedded, id = `${kind}${i}`;
  if (E.decoded.has(id)) return E.decoded.get(id);
  let bytes = base64Bytes(E[kind][i]);
  if (E.compression === 'deflate') bytes = await inflate(bytes);
  if (kind === 'full') {
    const fulls = [...E.decoded.keys()].filter((key) => key.startsWith('full'));
    if (fulls.length >= 6) E.decoded.delete(fulls[0]);
  }
  E.decoded.set(id, bytes);
  return bytes;
}

const f32 = (bytes) => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);

/** The answer to `path` (as the server would give it) from the page's own data. */
async function embeddedAnswer(path) {
  const [pathname, query] = path.split('?'), params = new URLSearchParams(query || '');
  const p = (name) => Number(params.get(name));
  const l = p('layer'), h = p('head'), i = l * D.H + h, E = D.remote.embedded;
  if (!(l >= 0 && l < D.L && h >= 0 && h < D.H)) throw new Error(`no head (${l}, ${h})`);
  const full = E.full[i] != null ? f32(await embeddedBytes('full', i)) : null;
  switch (pathname) {
    case '/head': { const [max, sinkMax, min] = E.summaries[i]; return { max, sinkMax, min }; }
    case '/tile': return embeddedTile(i, full, p('level'), p('row'), p('column'));
    case '/row': {
      const q = p('query');
      if (full) return full.slice(q * D.K, (q + 1) * D.K);
      // The row's own top-k entries; every other key not stored (NaN).
      const t = await embeddedTop(i), k = E.k, row = new Float32Array(D.K).fill(NaN);
      for (let j = q * k; j < (q + 1) * k; j++) if (t.keys[j] >= 0) row[t.keys[j]] = t.weights[j];
      return row;
    }
    case '/column': {
      const k = p('key');
      if (full) { const out = new Float32Array(D.Q); for (let q = 0; q < D.Q; q++) out[q] = full[q * D.K + k]; return out; }
      return sparseColumn(await embeddedTop(i), k);
    }
    case '/topk': {
      const k = p('k');
      if (full) return topOfRows(full, k);
      const t = await embeddedTop(i), keys = new Int32Array(D.Q * k).fill(-1), weights = new Float32Array(D.Q * k);
      for (let q = 0; q < D.Q; q++) {
        for (let j = 0; j < Math.min(k, E.k); j++) { keys[q * k + j] = t.keys[q * E.k + j]; weights[q * k + j] = t.weights[q * E.k + j]; }
      }
      return { keys, weights, byteLength: 8 * D.Q * k };
    }
  }
  throw new Error('unknown question ' + pathname);
}

/** Head i's stored top-k table. */
async function embeddedTop(i) {
  const bytes = await embeddedBytes('topk', i), n = D.Q * D.remote.embedded.k;
  if (bytes.byteLength !== 8 * n) throw new Error(`top-k of head ${i} has ${bytes.byteLength} bytes, not ${8 * n}`);
  return { keys: new Int32Array(bytes.buffer, bytes.byteOffset, n), weights: new Float32Array(bytes.buffer, bytes.byteOffset + 4 * n, n) };
}

/** Key `key`'s column from a top-k table: the weights of the rows that store it, NaN elsewhere. */
function sparseColumn(t, key) {
  const out = new Float32Array(D.Q).fill(NaN), k = D.remote.embedded.k;
  for (let q = 0; q < D.Q; q++) {
    for (let j = q * k; j < (q + 1) * k; j++) if (t.keys[j] === key) out[q] = t.weights[j];
  }
  return out;
}

/** Every row's k strongest keys of a full head (descending, ties by lower index). */
function topOfRows(full, k) {
  const keys = new Int32Array(D.Q * k).fill(-1), weights = new Float32Array(D.Q * k);
  for (let q = 0; q < D.Q; q++) {
    let n = 0;
    const base = q * k;
    for (let j = 0; j < D.K; j++) {
      const w = full[q * D.K + j];
      if (n === k && w <= weights[base + n - 1]) continue;
      let at = n < k ? n++ : k - 1;
      while (at > 0 && weights[base + at - 1] < w) { weights[base + at] = weights[base + at - 1]; keys[base + at] = keys[base + at - 1]; at--; }
      weights[base + at] = w; keys[base + at] = j;
    }
  }
  return { keys, weights, byteLength: 8 * D.Q * k };
}

/** Tile (ty, tx) at `level` of head i: pooled from the full weights, from the overview at its
 * level or coarser, from the top-k table at level 0 (cells not stored are −1), else absent. */
async function embeddedTile(i, full, level, ty, tx) {
  const size = D.remote.size, E = D.remote.embedded, n = 2 ** level, span = size * n;
  const max = new Float32Array(size * size).fill(NaN), mean = new Float32Array(size * size).fill(NaN);
  const q0 = ty * span, k0 = tx * span;
  if (full || level === 0) {
    const top = full ? null : E.topk && E.topk[i] != null ? await embeddedTop(i) : null;
    if (!full && !top) return { absent: true, byteLength: 16 };
    const sum = new Float64Array(size * size), count = new Uint32Array(size * size);
    if (full) {
      for (let q = q0; q < Math.min(D.Q, q0 + span); q++) {
        const py = ((q - q0) / n | 0) * size, row = q * D.K;
        for (let k = k0; k < Math.min(D.K, k0 + span); k++) {
          const pi = py + ((k - k0) / n | 0), v = full[row + k];
          if (!(v <= max[pi])) max[pi] = v;
          sum[pi] += v; count[pi]++;
        }
      }
      for (let p = 0; p < size * size; p++) if (count[p]) mean[p] = sum[p] / count[p];
    } else {
      // Level 0 of a top-k head: stored weights, −1 where the cell is not stored.
      for (let q = q0; q < Math.min(D.Q, q0 + size); q++) {
        for (let k = k0; k < Math.min(D.K, k0 + size); k++) max[(q - q0) * size + (k - k0)] = -1;
        for (let j = 0; j < E.k; j++) {
          const key = top.keys[q * E.k + j];
          if (key >= k0 && key < k0 + size) max[(q - q0) * size + (key - k0)] = top.weights[q * E.k + j];
        }
      }
      mean.set(max);
      return { max, mean, byteLength: 8 * size * size, stored: 'top-k' };
    }
    return { max, mean, byteLength: 8 * size * size, stored: full ? 'full' : 'top-k' };
  }
  if (level < E.level) return { absent: true, byteLength: 16 };
  // From the overview: its pixels cover 2^E.level cells; this level's pixels 2^(level − E.level) of them.
  const o = f32(await embeddedBytes('overview', i)), os = E.size, f = 2 ** (level - E.level), per = 2 ** E.level;
  const omax = o.subarray(0, os * os), omean = o.subarray(os * os);
  const sum = new Float64Array(size * size), count = new Float64Array(size * size);
  const oy0 = q0 / per, ox0 = k0 / per;
  for (let oy = oy0; oy < Math.min(os, oy0 + size * f); oy++) {
    const cellsY = Math.min(per, D.Q - oy * per);
    if (cellsY <= 0) break;
    for (let ox = ox0; ox < Math.min(os, ox0 + size * f); ox++) {
      const cellsX = Math.min(per, D.K - ox * per);
      if (cellsX <= 0) break;
      const pi = ((oy - oy0) / f | 0) * size + ((ox - ox0) / f | 0), v = omax[oy * os + ox];
      if (!(v <= max[pi])) max[pi] = v;
      // Edge pixels cover fewer cells: the mean weighs each overview pixel by its cells.
      sum[pi] += omean[oy * os + ox] * cellsY * cellsX; count[pi] += cellsY * cellsX;
    }
  }
  for (let p = 0; p < size * size; p++) if (count[p]) mean[p] = sum[p] / count[p];
  return { max, mean, byteLength: 8 * size * size, stored: 'overview' };
}

/** What a budget page holds, for the status line. */
function embeddedHolding() {
  const E = D.remote.embedded, full = E.full.filter((x) => x != null).length, n = 2 ** E.level;
  return `${full} of ${D.L * D.H} heads at full resolution (float32)` +
    (E.k ? `, the others as the top ${E.k} keys of each query` : '') + `; every head's overview: max and mean of ${n}×${n} cells`;
}

/** After the first view is drawn, inflates the full-resolution heads in idle time (as many as
 * the decoded cache keeps), so the first switch to one does not wait for it. */
function prefetchFullHeads() {
  const E = D.remote && D.remote.embedded;
  if (!E) return;
  const heads = E.full.map((x, i) => (x != null ? i : -1)).filter((i) => i >= 0).slice(0, 6), mine = D;
  const idle = window.requestIdleCallback || ((f) => setTimeout(f, 50));
  const next = () => {
    if (D !== mine || !heads.length) return;
    embeddedBytes('full', heads.shift()).then(() => idle(next), () => {});
  };
  idle(next);
}
