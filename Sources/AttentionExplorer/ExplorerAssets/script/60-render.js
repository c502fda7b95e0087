// Rendering: draws the current view from S, selects a layer and head, writes the status line.
let matrixPanel = null, aggPanel = null;
function render() {
  if (!D) return;
  if (S.agg === 'rollout' && D.Q !== D.K) S.agg = 'mean';
  if (S.view === 'agg' && D.remote) S.view = 'matrix';
  document.documentElement.dataset.theme = S.theme;
  $('theme').textContent = S.theme === 'dark' ? 'Light theme' : 'Dark theme';
  for (const b of document.querySelectorAll('#views button')) b.setAttribute('aria-selected', String(b.dataset.view === S.view));
  for (const v of document.querySelectorAll('.view')) v.classList.toggle('active', v.id === 'view-' + S.view);
  $('layer').value = S.layer; $('head').value = S.head; $('pair').value = S.pair;
  $('side').value = S.side; $('side-label').hidden = !D.B;
  for (const sel of document.querySelectorAll('.scale-select')) sel.value = S.scale;
  $('pool').value = S.pool; $('pool-label').hidden = !D.remote;
  $('topk').value = effectiveK(); $('agg').value = S.agg; $('open-in').value = S.open; $('smooth').value = S.smooth; $('range').value = S.range;
  syncHeadControl();
  for (const c of $('head-chips').children) c.classList.toggle('off', !S.heads.includes(Number(c.dataset.head)));
  $('tooltip').hidden = true;
  const r = ranges();
  switch (S.view) {
    case 'head': drawHead(); break;
    case 'model': drawModel(); break;
    case 'matrix':
      if (D.remote) { matrixPanel.setRemote(S.layer, S.head, r, `Layer ${S.layer}, ${headName(S.head)}`); break; }
      matrixPanel.set(sideMatrix(S.layer, S.head), D.K, r, `Layer ${S.layer}, ${headName(S.head)}${sideCaption()}`,
        D.B && S.side === 'diff');
      break;
    case 'text': drawText(); break;
    case 'agg': {
      const names = { mean: 'mean over heads', max: 'max over heads', rollout: 'attention rollout' };
      aggPanel.set(aggregate(S.agg, S.layer), D.K, r, `Layer ${S.layer}: ${names[S.agg]}${S.agg === 'rollout' ? ` of layers 0–${S.layer}` : ''}`);
      drawStats();
      break;
    }
  }
  writeHash();
}

/** Selects a layer and head and redraws; returns the milliseconds the redraw took. */
function select(l, h) {
  const t0 = performance.now(), previous = S.head;
  S.layer = Math.max(0, Math.min(D.L - 1, l));
  S.head = Math.max(0, Math.min(D.H - 1, h));
  if (S.view === 'head' && S.head !== previous) S.heads = [S.head];
  S.pin = null; hover = null;
  render();
  return performance.now() - t0;
}


function setStatus(text, error) {
  const s = $('status');
  s.textContent = text;
  s.classList.toggle('error', !!error);
}

/** What the matrix caption adds when the page compares two runs. */
function sideCaption() {
  if (!D.B) return '';
  const d = D.B.divergence[S.layer * D.H + S.head];
  const jsd = d == null ? '' : ` · divergence ${d.toFixed(3)} bits`;
  return { a: ` · A${jsd}`, b: ` · B (${D.B.label})${jsd}`, diff: ` · A − B${jsd}` }[S.side];
}
