// Bootstrap: wires the controls, load(payload), the window.attnviz API, and finds the data.
function wire() {
  for (const b of document.querySelectorAll('#views button')) b.addEventListener('click', () => { S.view = b.dataset.view; render(); });
  $('layer').addEventListener('change', (e) => select(Number(e.target.value), S.head));
  $('head').addEventListener('change', (e) => {
    const h = Number(e.target.value);
    if (S.view === 'head') { S.heads = [h]; setHeadNote(''); }
    select(S.layer, h);
  });
  $('head-svg').addEventListener('click', saveHeadSVG);
  $('pair').addEventListener('change', (e) => { S.pair = e.target.value; S.pin = null; render(); });
  $('theme').addEventListener('click', () => { S.theme = S.theme === 'dark' ? 'light' : 'dark'; render(); });
  $('png').addEventListener('click', savePNG);
  $('link').addEventListener('click', copyLink);
  $('heads-all').addEventListener('click', () => { S.heads = [...Array(D.H).keys()]; setHeadNote(''); render(); });
  $('heads-none').addEventListener('click', () => { S.heads = []; render(); });
  $('topk').addEventListener('change', (e) => {
    const v = Number.parseInt(e.target.value, 10);
    S.k = Number.isInteger(v) && v >= 0 ? v : null;
    render();
  });
  $('agg').addEventListener('change', (e) => { S.agg = e.target.value; render(); });
  $('open-in').addEventListener('change', (e) => { S.open = e.target.value; render(); });
  $('side').addEventListener('change', (e) => { S.side = e.target.value; render(); });
  $('pool').addEventListener('change', (e) => { S.pool = e.target.value; render(); });
  $('smooth').addEventListener('change', (e) => { S.smooth = Number(e.target.value); render(); });
  $('range').addEventListener('change', (e) => { S.range = e.target.value; render(); });
  $('matrix-fit').addEventListener('click', () => { matrixPanel.fit(); matrixPanel.draw(); });
  $('matrix-in').addEventListener('click', () => matrixPanel.zoomCentre(1.5));
  $('matrix-out').addEventListener('click', () => matrixPanel.zoomCentre(1 / 1.5));
  for (const sel of document.querySelectorAll('.scale-select')) sel.addEventListener('change', (e) => { S.scale = e.target.value; render(); });
  $('model-grid').addEventListener('mouseleave', () => { if (!MP.locked) hidePreview(); });
  $('preview-open').addEventListener('click', () => { if (MP.shown) openHead(MP.shown.l, MP.shown.h); });
  $('preview-unlock').addEventListener('click', hidePreview);
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
      const [dl, dh] = moves[e.key];
      select(S.layer + dl, S.view === 'head' && dh !== 0 ? headArrow(dh) : S.head + dh);
    } else if (e.key === 'Escape') { S.pin = null; hover = null; hidePreview(); render(); }
    else if ((e.key === 'a' || e.key === 'A') && S.view === 'head') { S.heads = [...Array(D.H).keys()]; setHeadNote(''); render(); }
    else if ((S.view === 'matrix' || S.view === 'agg') && ['+', '=', '-', '0'].includes(e.key)) {
      // Zoom keys: + (or =) and - about the centre of the matrix in view, 0 fits.
      const panel = S.view === 'agg' ? aggPanel : matrixPanel;
      if (e.key === '0') { panel.fit(); panel.draw(); } else panel.zoomCentre(e.key === '-' ? 1 / 1.5 : 1.5);
    }
    else if ('12345'.includes(e.key) && e.key.length === 1) { S.view = ['head', 'model', 'matrix', 'text', 'agg'][Number(e.key) - 1]; render(); }
  });
  window.addEventListener('hashchange', () => { if (D) { readHash(); render(); } });
  let resizeTimer = 0;
  window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 120); });
}

async function load(payload) {
  let data;
  try {
    // A page made to a size budget embeds a run (attnviz-run/1 with its data) instead of weights.
    data = payload && payload.format === 'attnviz-run/1' ? decodeRun(payload, null) : await decodePayload(payload);
  } catch (err) {
    setStatus('Cannot show this attention: ' + err.message, true);
    throw err;
  }
  return show(data);
}

/** Shows the run the server describes at `url` (GET /api/runs/ID): every view asks the server
 * for what it draws. */
async function loadRun(url) {
  let data;
  try {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    data = decodeRun(await response.json(), url);
  } catch (err) {
    setStatus('Cannot show this run: ' + err.message, true);
    throw err;
  }
  return show(data);
}

function show(data) {
  resetRemote();
  D = data;
  cache.clear(); topCache.clear(); thumbCache.clear(); aggCache.clear(); stats = null; HV.widthKey = null;
  matrixPanel.ctx = null; aggPanel.ctx = null; matrixPanel.key = ''; aggPanel.key = '';
  $('stats').removeAttribute('data-built');
  $('text-queries').removeAttribute('data-key');
  Object.assign(S, { view: 'head', layer: 0, head: 0, heads: null, k: null, pair: 'all', pin: null, tq: 0, scale: 'linear' });
  FIND.matches = findTokens(FIND.text); FIND.at = -1; showFindCount();
  hidePreview();
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
  const agg = document.querySelector('#views button[data-view="agg"]');
  agg.disabled = !!D.remote;
  agg.title = D.remote ? 'Aggregates need every weight of a layer at once: not for a run the server computes tile by tile' : 'Aggregates (key 5)';
  const held = !D.remote ? (D.precision === 'f16' ? 'float16' : '8-bit per head')
    : D.remote.embedded ? embeddedHolding()
      : `exact, computed by the server from ${D.remote.factored ? 'queries and keys' : 'the stored weights'} as each view asks`;
  setStatus(`${D.title ? D.title + ' · ' : ''}${D.L} layers × ${D.H} heads × ${D.Q} queries × ${D.K} keys · ${held}` +
    (D.split != null ? ` · sentence B starts at token ${D.split}` : ''));
  render();
  api.firstDrawn = performance.now();
  // Two animation frames later the first view has been painted.
  requestAnimationFrame(() => requestAnimationFrame(() => { api.firstPainted = performance.now(); }));
  if (D.remote && D.remote.embedded) api.whenIdle().then(prefetchFullHeads);
  return api;
}

Object.assign(api, {
  load,
  loadRun,
  select,
  weight: (l, h, q, k) => (D.remote ? (remoteCached(`/row?layer=${l}&head=${h}&query=${q}`) || [])[k] ?? NaN : weight(l, h, q, k)),
  shape: () => D && [D.L, D.H, D.Q, D.K],
  state: () => JSON.parse(JSON.stringify(S)),
  setView: (v) => { S.view = v; render(); },
  cellCenter: (q, k, minSize) => (S.view === 'agg' ? aggPanel : matrixPanel).cellCenter(q, k, minSize),
  /** For a remote run: whether every answer the views asked for has arrived (and drawn). */
  remoteIdle: () => !!D && !!D.remote && REMOTE.pending.size === 0 && !REMOTE.redraw,
  /** A promise of the time (performance.now()) when every answer the views asked for has been
   * drawn (at once for a page that holds its weights). */
  whenIdle: () => new Promise((resolve) => {
    const tick = () => (!D || !D.remote || api.remoteIdle() ? resolve(performance.now()) : requestAnimationFrame(tick));
    tick();
  }),
  /** The matrix panel's zoom: cells' size in CSS px, for a remote run the tile level shown, and
   * where the minimap is drawn (canvas px; null when the whole matrix is in view). */
  matrixZoom: () => ({
    cell: matrixPanel.s, level: matrixPanel.tiled ? matrixPanel.shownLevel : null, waiting: matrixPanel.waiting || 0,
    minimap: matrixPanel.mini ? { x: matrixPanel.mini.x, y: matrixPanel.mini.y, w: matrixPanel.mini.w, h: matrixPanel.mini.h } : null,
  }),
  exportCanvas,
  textHeat,
  render,
});

matrixPanel = new TiledMatrixPanel($('matrix-host'));
aggPanel = new MatrixPanel($('agg-host'));
wire();
wireFind();
wireTextMinimap();
const inline = $('attnviz-data');
const url = document.body.dataset.payloadUrl, runUrl = document.body.dataset.runUrl;
let source;
if (window.ATTNVIZ_PAYLOAD) source = Promise.resolve(window.ATTNVIZ_PAYLOAD);
else if (inline) source = Promise.resolve().then(() => JSON.parse(inline.textContent));
else if (url) source = fetch(url).then((r) => { if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`); return r.json(); });
if (!source && runUrl) api.ready = loadRun(runUrl).catch(() => null);
else if (source) {
  api.ready = source.then(load).catch((err) => { setStatus('Cannot show this attention: ' + err.message, true); return null; });
} else {
  setStatus('Waiting for attention data (window.attnviz.load(payload)).');
  api.ready = Promise.resolve(null);
}
