// Decoding: the attnviz-explorer/1 payload (base64, zlib via DecompressionStream, key-major heads)
// into D, and the weights of one head or one cell from it.
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
  const width = p.precision === 'f16' ? 2 : 1;
  const bytes = await unpack(p.data, p.compression, layout, L, H, Q, K, width);
  const B = await decodeComparison(p.comparison, p.compression, layout, L, H, Q, K, width);
  const split = Number.isInteger(p.pairSplit) && p.pairSplit > 0 && p.pairSplit < K && Q === K ? p.pairSplit : null;
  return {
    L, H, Q, K, split, title: p.title || '', precision: p.precision,
    qt: p.queryTokens.map(String), kt: p.keyTokens.map(String),
    offsets: Float32Array.from(p.offsets), scales: Float32Array.from(p.scales),
    scores: validScores(p.headScores, L * H),
    generated: Number.isInteger(p.generatedFrom) && p.generatedFrom > 0 && p.generatedFrom < K && Q === K ? p.generatedFrom : null,
    kvg: Number.isInteger(p.kvGroupSize) && p.kvGroupSize > 1 && H % p.kvGroupSize === 0 ? p.kvGroupSize : 1,
    bytes: Array.isArray(p.tokenBytes) && p.tokenBytes.length === K && Q === K ? p.tokenBytes.map(String) : null,
    unknown: Array.isArray(p.unknownSources) && p.unknownSources.length === K && Q === K ? p.unknownSources.map(String) : null,
    raw: width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : bytes,
    B,
  };
}

/** One run's weights as row-major bytes: base64, inflated, restored from key-major. */
async function unpack(data, compression, layout, L, H, Q, K, width) {
  let bytes = base64Bytes(data);
  if (compression === 'deflate') bytes = await inflate(bytes);
  if (bytes.length !== L * H * Q * K * width) throw new Error(`payload has ${bytes.length} bytes, shape needs ${L * H * Q * K * width}`);
  return layout === 'columns' ? restoreRows(bytes, L * H, Q, K, width) : bytes;
}

/** The compared run B (`attnviz compare --explore`), packed as A, with each head's divergence; null without. */
async function decodeComparison(c, compression, layout, L, H, Q, K, width) {
  if (!c) return null;
  const heads = L * H;
  if (typeof c.data !== 'string' || !Array.isArray(c.offsets) || c.offsets.length !== heads || !Array.isArray(c.scales) ||
      c.scales.length !== heads || !Array.isArray(c.divergence) || c.divergence.length !== heads) {
    throw new Error('malformed comparison run');
  }
  const bytes = await unpack(c.data, compression, layout, L, H, Q, K, width);
  return {
    label: String(c.label || 'B'),
    offsets: Float32Array.from(c.offsets), scales: Float32Array.from(c.scales),
    divergence: c.divergence.map((v) => (typeof v === 'number' ? v : null)),
    raw: width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2) : bytes,
  };
}

const cache = new Map();
const CACHE_VALUES = 24 * 1024 * 1024;
/** The decoded queries x keys weights of one head of run A (cached). */
function headMatrix(l, h) { return runMatrix(D, 'a', l, h); }
/** The same head of the compared run B. */
function headMatrixB(l, h) { return runMatrix(D.B, 'b', l, h); }
/** What the matrix view shows of a head: A, B, or A - B (S.side). */
function sideMatrix(l, h) {
  if (!D.B || S.side === 'a') return headMatrix(l, h);
  if (S.side === 'b') return headMatrixB(l, h);
  const a = headMatrix(l, h), b = headMatrixB(l, h), out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] - b[i];
  return out;
}
function runMatrix(run, tag, l, h) {
  const key = `${tag}${l * D.H + h}`;
  let m = cache.get(key);
  if (m) { cache.delete(key); cache.set(key, m); return m; }
  const n = D.Q * D.K, head = l * D.H + h, base = head * n;
  m = new Float32Array(n);
  if (D.precision === 'f16') {
    const t = halfTable(), raw = run.raw;
    for (let i = 0; i < n; i++) m[i] = t[raw[base + i]];
  } else {
    const off = run.offsets[head], sc = run.scales[head], raw = run.raw;
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

/** The payload's head scores when well formed: {names, values: per head one number or null per name}. */
function validScores(scores, heads) {
  if (!scores || !Array.isArray(scores.names) || !Array.isArray(scores.values) || scores.values.length !== heads) return null;
  const n = scores.names.length;
  if (!scores.names.every((x) => typeof x === 'string')) return null;
  if (!scores.values.every((row) => Array.isArray(row) && row.length === n && row.every((v) => v === null || typeof v === 'number'))) return null;
  return { names: scores.names.map(String), values: scores.values };
}
