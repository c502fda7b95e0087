// Model view: every layer (rows) and head (columns) as a max-pooled thumbnail.
const thumbCache = new Map();
function thumbnail(l, h, size, r) {
  const id = `${l}/${h}/${size}/${r.q0},${r.q1},${r.k0},${r.k1}`;
  if (thumbCache.has(id)) return thumbCache.get(id);
  const rows = r.q1 - r.q0, cols = r.k1 - r.k0;
  const th = Math.min(size, rows), tw = Math.min(size, cols);
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
  let lo = Infinity, hi = -Infinity;
  for (const v of pooled) { if (v < lo) lo = v; if (v > hi) hi = v; }
  const img = new ImageData(tw, th), span = hi > lo ? 255 / (hi - lo) : 0;
  for (let i = 0; i < pooled.length; i++) {
    const c = ((pooled[i] - lo) * span + 0.5) | 0;
    img.data[i * 4] = LUT[c * 3]; img.data[i * 4 + 1] = LUT[c * 3 + 1]; img.data[i * 4 + 2] = LUT[c * 3 + 2]; img.data[i * 4 + 3] = 255;
  }
  if (thumbCache.size > 4 * D.L * D.H) thumbCache.clear();
  thumbCache.set(id, img);
  return img;
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
      c.width = img.width; c.height = img.height;
      c.style.width = size + 'px'; c.style.height = Math.round(size * img.height / img.width) + 'px';
      c.getContext('2d').putImageData(img, 0, 0);
      c.title = `layer ${l}, ${headName(h)}: open in the ${S.open} view`;
      c.dataset.layer = l; c.dataset.head = h;
      if (l === S.layer && h === S.head) c.classList.add('current');
      c.addEventListener('click', () => {
        S.layer = l; S.head = h;
        if (S.open === 'head') S.heads = [h];
        S.view = S.open;
        render();
      });
      grid.appendChild(c);
    }
  }
}
