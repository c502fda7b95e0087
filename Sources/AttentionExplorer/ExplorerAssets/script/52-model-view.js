// Model view: every layer (rows) and head (columns) as a max-pooled thumbnail, on the theme's
// ramp (YlOrRd light, magma dark). Hovering one previews it large beside it; a click locks the
// preview (click again, Unlock or Esc unlocks); a double-click or Open opens it in S.open's view.
const thumbCache = new Map();
function thumbnail(l, h, size, r) {
  const lut = themeLut();
  const id = `${l}/${h}/${size}/${r.q0},${r.q1},${r.k0},${r.k1}/${S.theme}`;
  if (thumbCache.has(id)) return thumbCache.get(id);
  const rows = r.q1 - r.q0, cols = r.k1 - r.k0;
  const th = Math.min(size, rows), tw = Math.min(size, cols);
  if (D.remote) {
    // From the head's top-level tile (the whole matrix, max-pooled by the server); null until it arrives.
    const level = overviewLevel(), tile = remoteTile(l, h, level, 0, 0, false);
    if (!tile || tile.absent) return null;
    const n = D.remote.size, per = 2 ** level, ph = Math.ceil(D.Q / per), pw = Math.ceil(D.K / per);
    const sh = Math.min(th, ph), sw = Math.min(tw, pw), small = new Float32Array(sh * sw).fill(-Infinity);
    for (let y = 0; y < ph; y++) {
      const py = Math.floor(y * sh / ph) * sw;
      for (let x = 0; x < pw; x++) { const v = tile.max[y * n + x], i = py + Math.floor(x * sw / pw); if (v > small[i]) small[i] = v; }
    }
    return thumbImage(small, sw, sh, lut, id);
  }
  const pooled = new Float32Array(th * tw).fill(-Infinity);
  const key = l * D.H + h, base = key * D.Q * D.K;
  const f16 = D.precision === 'f16', t = f16 ? halfTable() : null, off = D.offsets[key], sc = D.scales[key], raw = D.raw;
  for (let q = r.q0; q < r.q1; q++) {
    const py = Math.floor((q - r.q0) * th / rows) * tw, row = base + q * D.K;
    for (let k = r.k0; k < r.k1; k++) {
      const v = f16 ? t[raw[row + k]] : off + raw[row + k] * sc;
      const i = py + Math.floor((k - r.k0) * tw / cols);
      if (v > pooled[i]) pooled[i] = v;
    }
  }
  return thumbImage(pooled, tw, th, lut, id);
}

/** Pooled values (tw x th) as a thumbnail on its own min-max range, cached under `id`. */
function thumbImage(pooled, tw, th, lut, id) {
  let lo = Infinity, hi = -Infinity;
  for (const v of pooled) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const img = new ImageData(tw, th), span = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < pooled.length; i++) {
    const c = ((pooled[i] - lo) * span + 0.5) | 0;
    img.data[i * 4] = lut[c * 3]; img.data[i * 4 + 1] = lut[c * 3 + 1]; img.data[i * 4 + 2] = lut[c * 3 + 2]; img.data[i * 4 + 3] = 255;
  }
  if (thumbCache.size > 4 * D.L * D.H) thumbCache.clear();
  thumbCache.set(id, img);
  return img;
}

/** Draws thumbnail `img` of range r on canvas c, with where sentence B starts (a teal line on
 * each axis the range spans). */
function paintThumbnail(c, img, r) {
  if (!img) {
    // A remote head still on its way: a blank square in the border colour.
    c.width = 8; c.height = 8;
    const ctx = c.getContext('2d');
    ctx.fillStyle = css('--border'); ctx.fillRect(0, 0, 8, 8);
    c.dataset.pending = '1';
    return;
  }
  delete c.dataset.pending;
  c.width = img.width; c.height = img.height;
  const ctx = c.getContext('2d');
  ctx.putImageData(img, 0, 0);
  if (D.split == null) return;
  ctx.fillStyle = PAIR_LINE;
  const rows = r.q1 - r.q0, cols = r.k1 - r.k0;
  if (D.split > r.q0 && D.split < r.q1) ctx.fillRect(0, Math.floor((D.split - r.q0) * img.height / rows), img.width, 1);
  if (D.split > r.k0 && D.split < r.k1) ctx.fillRect(Math.floor((D.split - r.k0) * img.width / cols), 0, 1, img.height);
}

/** The model view's preview: the head shown (`shown`) and whether a click locked it. */
const MP = { shown: null, locked: false };

/** Shows head (l, h) large in the preview beside `anchor` (its thumbnail). */
function showPreview(l, h, anchor) {
  MP.shown = { l, h };
  const box = $('model-preview'), c = $('preview-canvas'), r = ranges();
  const img = thumbnail(l, h, 320, r);
  paintThumbnail(c, img, r);
  const side = Math.min(320, Math.max(160, window.innerHeight - 140));
  const scale = img ? side / Math.max(img.width, img.height) : side / 8;
  c.style.width = Math.round((img ? img.width : 8) * scale) + 'px'; c.style.height = Math.round((img ? img.height : 8) * scale) + 'px';
  $('preview-title').textContent = `layer ${l}, ${headName(h)}`;
  $('preview-state').textContent = MP.locked ? 'locked · click again or Esc to unlock' : 'preview · click to lock';
  $('preview-open').textContent = `Open in the ${S.open} view`;
  $('preview-unlock').hidden = !MP.locked;
  box.classList.toggle('locked', MP.locked);
  box.hidden = false;
  for (const t of document.querySelectorAll('#model-grid canvas')) {
    const here = Number(t.dataset.layer) === l && Number(t.dataset.head) === h;
    t.classList.toggle('previewed', here && !MP.locked);
    t.classList.toggle('locked', here && MP.locked);
  }
  // Beside the thumbnail, right of it when there is room, else left; inside the window.
  const a = anchor.getBoundingClientRect(), w = box.offsetWidth, bh = box.offsetHeight;
  let x = a.right + 12;
  if (x + w > window.innerWidth - 6) x = a.left - w - 12;
  if (x < 6) x = Math.max(6, window.innerWidth - w - 6);
  const y = Math.max(6, Math.min(a.top, window.innerHeight - bh - 6));
  box.style.left = Math.round(x) + 'px'; box.style.top = Math.round(y) + 'px';
}

function hidePreview() {
  MP.shown = null; MP.locked = false;
  $('model-preview').hidden = true;
  for (const t of document.querySelectorAll('#model-grid canvas.previewed, #model-grid canvas.locked')) t.classList.remove('previewed', 'locked');
}

/** Opens head (l, h) in the view the model view opens heads in. */
function openHead(l, h) {
  hidePreview();
  S.layer = l; S.head = h;
  if (S.open === 'head') S.heads = [h];
  S.view = S.open;
  render();
}

function drawModel() {
  const grid = $('model-grid'), r = ranges();
  const avail = Math.max(400, (document.querySelector('main').clientWidth || 900) - 60);
  const size = Math.max(36, Math.min(96, Math.floor(avail / D.H) - 8));
  grid.style.gridTemplateColumns = `auto repeat(${D.H}, ${size + 2}px)`;
  grid.replaceChildren();
  const axis = (text) => { const d = document.createElement('div'); d.className = 'axis'; d.textContent = text; return d; };
  grid.appendChild(axis(''));
  for (let h = 0; h < D.H; h++) grid.appendChild(axis(headName(h)));
  for (let l = 0; l < D.L; l++) {
    grid.appendChild(axis(`layer ${l}`));
    for (let h = 0; h < D.H; h++) {
      const img = thumbnail(l, h, size, r);
      const c = document.createElement('canvas');
      paintThumbnail(c, img, r);
      c.style.width = size + 'px'; c.style.height = Math.round(img ? size * img.height / img.width : size) + 'px';
      c.dataset.size = size;
      c.title = `layer ${l}, ${headName(h)}: click to lock the preview, double-click to open in the ${S.open} view`;
      c.dataset.layer = l; c.dataset.head = h;
      if (l === S.layer && h === S.head) c.classList.add('current');
      c.addEventListener('mouseenter', () => { if (!MP.locked) showPreview(l, h, c); });
      c.addEventListener('click', () => {
        const same = MP.shown && MP.shown.l === l && MP.shown.h === h;
        MP.locked = !(MP.locked && same);
        showPreview(l, h, c);
      });
      c.addEventListener('dblclick', () => openHead(l, h));
      grid.appendChild(c);
    }
  }
  if (MP.shown) {
    const anchor = grid.querySelector(`canvas[data-layer="${MP.shown.l}"][data-head="${MP.shown.h}"]`);
    if (anchor) showPreview(MP.shown.l, MP.shown.h, anchor); else hidePreview();
  }
}

/** Paints the model view's thumbnails (and the preview) whose remote tiles have arrived. */
function refreshThumbnails() {
  const r = ranges();
  for (const c of document.querySelectorAll('#model-grid canvas[data-pending]')) {
    const l = Number(c.dataset.layer), h = Number(c.dataset.head), size = Number(c.dataset.size);
    const img = thumbnail(l, h, size, r);
    if (!img) continue;
    paintThumbnail(c, img, r);
    c.style.height = Math.round(size * img.height / img.width) + 'px';
  }
  if (MP.shown && $('preview-canvas').dataset.pending) {
    const anchor = document.querySelector(`#model-grid canvas[data-layer="${MP.shown.l}"][data-head="${MP.shown.h}"]`);
    if (anchor) showPreview(MP.shown.l, MP.shown.h, anchor);
  }
}
