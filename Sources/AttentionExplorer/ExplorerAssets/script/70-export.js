// Export: the current view as a PNG, and a link to it (clipboard, or a box to copy from).
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
