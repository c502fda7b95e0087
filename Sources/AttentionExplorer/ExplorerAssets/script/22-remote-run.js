// Remote runs (`attnviz serve --file RUN.safetensors`; runs kept as queries and keys at thousands
// of tokens): the page holds no weights. Each view asks the server for what it shows: 256 x 256
// tiles of one head at a zoom level (each pixel the exact max and the exact mean of the cells it
// covers), a head's range, one query row, one key column, the top-k keys of every row. Answers
// are cached (bounded) and the view redraws as they arrive. `D.remote` holds the run's address
// and tile geometry; `D.raw` is null.
const REMOTE = {
  cache: new Map(), bytes: 0, limit: 160 * 1024 * 1024,
  pending: new Map(), urgent: [], background: [], inflight: 0, parallel: 3,
  generation: 0, failure: null, redraw: 0,
};

/** The run described by `meta` (GET /api/runs/ID) at `base` as the page's D. */
function decodeRun(meta, base) {
  if (!meta || meta.format !== 'attnviz-run/1') throw new Error('not an attnviz run description');
  const [L, H, Q, K] = meta.shape || [];
  if (![L, H, Q, K].every((n) => Number.isInteger(n) && n > 0)) throw new Error('bad shape ' + JSON.stringify(meta.shape));
  if (!Array.isArray(meta.queryTokens) || meta.queryTokens.length !== Q || !Array.isArray(meta.keyTokens) || meta.keyTokens.length !== K) {
    throw new Error('token counts do not match shape');
  }
  const size = meta.tileSize, top = meta.topLevel;
  if (size !== 256 || !Number.isInteger(top) || top < 0 || size * 2 ** top < Math.max(Q, K)) throw new Error('bad tile geometry');
  const sinks = Array.isArray(meta.sinkColumns) ? meta.sinkColumns.filter((k) => Number.isInteger(k) && k >= 0 && k < K) : [];
  const kvg = Number.isInteger(meta.kvGroupSize) && meta.kvGroupSize > 1 && H % meta.kvGroupSize === 0 ? meta.kvGroupSize : 1;
  return {
    L, H, Q, K, split: null, title: String(meta.title || ''), precision: 'f32',
    qt: meta.queryTokens.map(String), kt: meta.keyTokens.map(String),
    offsets: null, scales: null, scores: null,
    generated: Number.isInteger(meta.generatedFrom) && meta.generatedFrom > 0 && meta.generatedFrom < K && Q === K ? meta.generatedFrom : null,
    kvg,
    bytes: Array.isArray(meta.tokenBytes) && meta.tokenBytes.length === K && Q === K ? meta.tokenBytes.map(String) : null,
    unknown: Array.isArray(meta.unknownSources) && meta.unknownSources.length === K && Q === K ? meta.unknownSources.map(String) : null,
    raw: null, B: null,
    remote: {
      base, size, top, causal: !!meta.causal, factored: !!meta.factored, sinks,
      embedded: meta.embedded ? embeddedParts(meta.embedded, L, H, Q, K) : null,
    },
  };
}

/** The cached answer for `path` (relative to the run), or undefined after asking for it.
 * `urgent` requests (what is on screen now) go newest first; background ones (thumbnails) in
 * order, after them. `parse` turns the response into the cached value. */
function remote(path, parse, urgent = true) {
  const hit = REMOTE.cache.get(path);
  if (hit) { REMOTE.cache.delete(path); REMOTE.cache.set(path, hit); return hit.value; }
  if (!REMOTE.pending.has(path)) {
    REMOTE.pending.set(path, parse);
    (urgent ? REMOTE.urgent : REMOTE.background).push(path);
    // A burst of zooming leaves old tiles queued; the oldest urgent ones are dropped.
    while (REMOTE.urgent.length > 96) REMOTE.pending.delete(REMOTE.urgent.shift());
    pump();
  }
  return undefined;
}

/** The cached answer for `path`, without asking for it. */
function remoteCached(path) {
  const hit = REMOTE.cache.get(path);
  return hit ? hit.value : undefined;
}

function pump() {
  while (REMOTE.inflight < REMOTE.parallel && (REMOTE.urgent.length || REMOTE.background.length)) {
    const path = REMOTE.urgent.length ? REMOTE.urgent.pop() : REMOTE.background.shift();
    const parse = REMOTE.pending.get(path);
    if (!parse) continue;
    REMOTE.inflight++;
    const generation = REMOTE.generation;
    // A page made to a size budget answers from its own data; a served run asks the server.
    const answer = D.remote.embedded ? embeddedAnswer(path) : fetch(D.remote.base + path).then(async (response) => {
      if (!response.ok) {
        let message = `HTTP ${response.status}`;
        try { const body = await response.json(); if (body && body.error && body.error.message) message = body.error.message; } catch (_) { /* not JSON */ }
        throw new Error(message);
      }
      return parse(response);
    });
    answer.then((value) => {
      if (generation !== REMOTE.generation) return;
      store(path, value);
    }).catch((error) => {
      if (generation !== REMOTE.generation) return;
      REMOTE.failure = `${path.split('?')[0].slice(1)}: ${error.message}`;
      setStatus((D.remote.embedded ? 'The page could not read its data: ' : 'The server could not answer: ') + REMOTE.failure, true);
    }).finally(() => {
      if (generation !== REMOTE.generation) return;
      REMOTE.pending.delete(path);
      REMOTE.inflight--;
      pump();
      scheduleRemoteRedraw();
    });
  }
}

function store(path, value) {
  // Typed arrays, tiles and top-k tables carry byteLength; a head's range is a few numbers.
  const bytes = (value && value.byteLength) || 64;
  REMOTE.cache.set(path, { value, bytes });
  REMOTE.bytes += bytes;
  while (REMOTE.bytes > REMOTE.limit && REMOTE.cache.size > 1) {
    const [oldest, entry] = REMOTE.cache.entries().next().value;
    REMOTE.cache.delete(oldest);
    REMOTE.bytes -= entry.bytes;
  }
}

/** Forgets the previous run's answers and requests (answers still in flight are dropped). */
function resetRemote() {
  REMOTE.cache.clear(); REMOTE.bytes = 0; REMOTE.pending.clear();
  REMOTE.urgent = []; REMOTE.background = []; REMOTE.inflight = 0; REMOTE.failure = null;
  REMOTE.generation++;
}

/** One redraw of the current view per animation frame, however many answers arrived. */
function scheduleRemoteRedraw() {
  if (REMOTE.redraw) return;
  REMOTE.redraw = requestAnimationFrame(() => {
    REMOTE.redraw = 0;
    if (!D || !D.remote) return;
    if (S.view === 'matrix') matrixPanel.draw();
    else if (S.view === 'model') refreshThumbnails();
    else if (S.view === 'text') drawText();
    else if (S.view === 'head') drawHead();
    matrixPanel.refreshTip();
  });
}

const floats = async (response) => new Float32Array(await response.arrayBuffer());

/** The level whose tile (0, 0) overviews a whole head: the top level, or for a budget page
 * the level of its overviews when that is coarser. */
function overviewLevel() {
  return D.remote.embedded ? Math.max(D.remote.top, D.remote.embedded.level) : D.remote.top;
}

/** Tile (ty, tx) of head (l, h) at `level`: {max, mean} planes of size x size, NaN outside. */
function remoteTile(l, h, level, ty, tx, urgent = true) {
  return remote(`/tile?layer=${l}&head=${h}&level=${level}&row=${ty}&column=${tx}`, async (response) => {
    const all = await floats(response), n = D.remote.size * D.remote.size;
    if (all.length !== 2 * n) throw new Error(`a tile has ${all.length} values, not ${2 * n}`);
    return { max: all.subarray(0, n), mean: all.subarray(n), byteLength: all.byteLength };
  }, urgent);
}

/** Head (l, h)'s range: {max, sinkMax, min}. */
function remoteSummary(l, h) {
  return remote(`/head?layer=${l}&head=${h}`, async (response) => {
    const s = await response.json();
    if (![s.max, s.sinkMax, s.min].every((v) => typeof v === 'number')) throw new Error('malformed head summary');
    return s;
  });
}

/** Query q's exact weights over every key. */
function remoteRow(l, h, q) {
  return remote(`/row?layer=${l}&head=${h}&query=${q}`, async (response) => {
    const row = await floats(response);
    if (row.length !== D.K) throw new Error(`a row has ${row.length} values, not ${D.K}`);
    return row;
  });
}

/** Key k's exact weights from every query. */
function remoteColumn(l, h, k) {
  return remote(`/column?layer=${l}&head=${h}&key=${k}`, async (response) => {
    const column = await floats(response);
    if (column.length !== D.Q) throw new Error(`a column has ${column.length} values, not ${D.Q}`);
    return column;
  });
}

/** The k largest weights of every query row: {keys: Int32Array, weights: Float32Array}, Q x k. */
function remoteTopK(l, h, k) {
  return remote(`/topk?layer=${l}&head=${h}&k=${k}`, async (response) => {
    const buffer = await response.arrayBuffer(), n = D.Q * k;
    if (buffer.byteLength !== 8 * n) throw new Error(`top-k has ${buffer.byteLength} bytes, not ${8 * n}`);
    return { keys: new Int32Array(buffer, 0, n), weights: new Float32Array(buffer, 4 * n, n), byteLength: buffer.byteLength };
  });
}
