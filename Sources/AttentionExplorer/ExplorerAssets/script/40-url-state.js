// URL state: S written to and read from the fragment (#v=matrix&l=3&h=5&t=dark), so a link
// restores the view. Everything read is validated against the data's shape.
function writeHash() {
  const parts = [`v=${S.view}`, `l=${S.layer}`, `h=${S.head}`, `t=${S.theme}`];
  if (S.heads && S.heads.length !== D.H) parts.push('hs=' + (S.heads.length ? S.heads.join('.') : 'none'));
  if (S.k != null) parts.push(`k=${S.k}`);
  if (S.pair !== 'all') parts.push(`p=${S.pair}`);
  if (S.agg !== 'mean') parts.push(`agg=${S.agg}`);
  if (S.open !== 'matrix') parts.push(`open=${S.open}`);
  if (S.pin) parts.push(`pin=${S.pin.side}${S.pin.index}`);
  if (S.tq) parts.push(`tq=${S.tq}`);
  if (S.smooth !== 1) parts.push(`sm=${S.smooth}`);
  if (S.range !== 'shared') parts.push(`rg=${S.range}`);
  if (D.B && S.side !== 'a') parts.push(`c=${S.side}`);
  if (S.scale !== 'linear') parts.push(`sc=${S.scale}`);
  if (S.pool !== 'max') parts.push(`pl=${S.pool}`);
  const hash = '#' + parts.join('&');
  if (location.hash === hash) return;
  // A page shown in a sandboxed iframe's srcdoc (attnviz.explore in a notebook) has an opaque
  // origin and may not change its URL: the view then simply stays out of the URL.
  try { history.replaceState(null, '', hash); } catch (_) { /* not addressable */ }
}
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  const int = (name, max, fallback) => {
    const v = Number.parseInt(p.get(name), 10);
    return Number.isInteger(v) && v >= 0 && v < max ? v : fallback;
  };
  const v = p.get('v');
  if (['head', 'model', 'matrix', 'text', 'agg'].includes(v)) S.view = v;
  S.layer = int('l', D.L, S.layer);
  S.head = int('h', D.H, S.head);
  if (['light', 'dark'].includes(p.get('t'))) S.theme = p.get('t');
  const hs = p.get('hs');
  if (hs === 'none') S.heads = [];
  else if (hs) S.heads = [...new Set(hs.split('.').map(Number).filter((h) => Number.isInteger(h) && h >= 0 && h < D.H))].sort((a, b) => a - b);
  if (p.has('k')) S.k = int('k', 1e6, S.k);
  if (['all', 'AA', 'AB', 'BA', 'BB'].includes(p.get('p')) && D.split != null) S.pair = p.get('p');
  if (['mean', 'max', 'rollout'].includes(p.get('agg'))) S.agg = p.get('agg');
  if (['matrix', 'head'].includes(p.get('open'))) S.open = p.get('open');
  const pin = /^([qk])(\d+)$/.exec(p.get('pin') || '');
  S.pin = pin ? { side: pin[1], index: Number(pin[2]) } : null;
  S.tq = int('tq', D.Q, S.tq);
  if (['1', '3'].includes(p.get('sm'))) S.smooth = Number(p.get('sm'));
  if (['shared', 'row'].includes(p.get('rg'))) S.range = p.get('rg');
  if (D.B && ['a', 'b', 'diff'].includes(p.get('c'))) S.side = p.get('c');
  S.scale = ['log', 'sink'].includes(p.get('sc')) ? p.get('sc') : 'linear';  // a link without sc= is linear
  S.pool = p.get('pl') === 'mean' ? 'mean' : 'max';
}
