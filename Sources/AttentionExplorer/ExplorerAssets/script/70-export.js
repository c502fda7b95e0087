// Export: the current view as a PNG (the head view's whole length, also as SVG), and a link to
// it (clipboard, or a box to copy from).
function exportCanvas() {
  const bg = css('--bg'), fg = css('--fg');
  if (S.view === 'head') return exportHeadCanvas();
  if (S.view === 'matrix') return matrixPanel.canvas;
  if (S.view === 'agg') return aggPanel.canvas;
  const root = $('view-' + S.view), box = root.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  const out = document.createElement('canvas');
  out.width = Math.ceil(box.width * dpr); out.height = Math.ceil(root.scrollHeight * dpr);
  const ctx = out.getContext('2d');
  ctx.scale(dpr, dpr);
  ctx.fillStyle = bg; ctx.fillRect(0, 0, box.width, root.scrollHeight);
  if (S.view === 'model') {
    for (const el of root.querySelectorAll('.model-grid > *')) {
      const b = el.getBoundingClientRect();
      if (el.tagName === 'CANVAS') {
        ctx.imageSmoothingEnabled = false;
        ctx.drawImage(el, b.left - box.left, b.top - box.top, b.width, b.height);
      } else {
        ctx.fillStyle = fg; ctx.font = `12px ${FONT}`; ctx.textBaseline = 'middle'; ctx.textAlign = 'center';
        ctx.fillText(el.textContent, b.left - box.left + b.width / 2, b.top - box.top + b.height / 2);
      }
    }
  } else {
    for (const el of root.querySelectorAll('p.label, #text-heat span, #text-queries span, .example b, .example span span')) {
      const b = el.getBoundingClientRect(), st = getComputedStyle(el);
      ctx.fillStyle = st.backgroundColor;
      ctx.fillRect(b.left - box.left, b.top - box.top, b.width, b.height);
      ctx.fillStyle = st.color; ctx.font = `${st.fontWeight} ${st.fontSize} ${FONT}`;
      ctx.textBaseline = 'middle'; ctx.textAlign = 'left';
      ctx.fillText(el.textContent, b.left - box.left, b.top - box.top + b.height / 2);
    }
  }
  return out;
}

function savePNG() {
  exportCanvas().toBlob((blob) => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `attnviz-${S.view}-l${S.layer}-h${S.head}.png`;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 2000);
  }, 'image/png');
}

function copyLink() {
  writeHash();
  const url = location.href, status = $('status');
  if (location.protocol === 'about:') {  // embedded (a notebook's srcdoc iframe): no URL to share
    status.classList.remove('error'); status.textContent = 'No link inside a notebook: save the page to link to its views.';
    return;
  }
  const fallback = () => {
    const box = document.createElement('span'), input = document.createElement('input');
    box.className = 'copy-box'; input.readOnly = true; input.value = url;
    box.append('Link to this view: ', input);
    status.classList.remove('error'); status.replaceChildren(box);
    input.focus(); input.select();
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(url).then(() => { status.textContent = 'Link copied: ' + url; }, fallback);
  } else fallback();
}

/** The whole head view (every row, heading at the top) at `scale`, for export. */
function paintHeadExport(ctx, G, scale) {
  ctx.scale(scale, scale);
  paintHead(ctx, G, 0, G.height);
  paintHeadHeader(ctx, G, 0);
}

/** Browsers refuse canvases past about 32,767 px a side or 268 M pixels; exports stay below. */
const EXPORT_MAX_SIDE = 32000, EXPORT_MAX_AREA = 200e6;
/** The full-length head view as a canvas: device pixels, or scaled down to the limits (and said so). */
function exportHeadCanvas() {
  const out = document.createElement('canvas');
  const G = headLayout(out.getContext('2d'), ranges());
  const dpr = window.devicePixelRatio || 1;
  const scale = Math.min(dpr, EXPORT_MAX_SIDE / G.height, EXPORT_MAX_SIDE / G.width, Math.sqrt(EXPORT_MAX_AREA / (G.width * G.height)));
  out.width = Math.max(1, Math.floor(G.width * scale)); out.height = Math.max(1, Math.floor(G.height * scale));
  paintHeadExport(out.getContext('2d'), G, scale);
  setHeadNote(scale < Math.min(1, dpr) - 1e-9
    ? `The PNG is scaled to ${Math.round(scale * 100)}% (${out.width}×${out.height} px): browsers cannot make canvases over ${EXPORT_MAX_SIDE} px. Save SVG keeps every row at full size.`
    : `The PNG holds all ${G.rows} rows (${out.width}×${out.height} px).`);
  return out;
}

/** The full-length head view as SVG text (every line a path, every token a <text>). */
function headSVG() {
  const measure = document.createElement('canvas').getContext('2d');
  const G = headLayout(measure, ranges());
  const pen = new SvgPen(measure);
  paintHeadExport(pen, G, 1);
  return pen.document(G.width, G.height);
}

function saveHeadSVG() {
  const blob = new Blob([headSVG()], { type: 'image/svg+xml' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `attnviz-head-l${S.layer}.svg`;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 2000);
}

api.headSVG = headSVG;
api.exportHeadCanvas = exportHeadCanvas;
