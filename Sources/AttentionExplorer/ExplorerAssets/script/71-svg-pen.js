// SvgPen: a canvas-like recorder that writes SVG, so the head view paints one way for the
// screen, the PNG and the SVG export.
/** The few canvas calls paintHead makes, recorded as SVG elements. Text is escaped for XML
 * (and characters XML cannot hold dropped), so tokens stay text. */
class SvgPen {
  constructor(measure) {
    this.measure = measure; this.parts = []; this.path = ''; this.dash = []; this.ty = 0; this.sx = 1;
    Object.assign(this, { fillStyle: '#000', strokeStyle: '#000', globalAlpha: 1, lineWidth: 1, font: '10px sans-serif', textAlign: 'left', textBaseline: 'alphabetic' });
  }
  static esc(s) {
    return String(s).replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  opacity() { return this.globalAlpha < 1 ? ` opacity="${+this.globalAlpha.toFixed(4)}"` : ''; }
  scale() {} save() {} restore() {} translate() {}
  setLineDash(d) { this.dash = d; }
  measureText(t) { this.measure.font = this.font; return this.measure.measureText(t); }
  fillRect(x, y, w, h) { this.parts.push(`<rect x="${+x.toFixed(2)}" y="${+y.toFixed(2)}" width="${+w.toFixed(2)}" height="${+h.toFixed(2)}" fill="${SvgPen.esc(this.fillStyle)}"${this.opacity()}/>`); }
  beginPath() { this.path = ''; }
  moveTo(x, y) { this.path += `M${+x.toFixed(2)} ${+y.toFixed(2)}`; }
  lineTo(x, y) { this.path += `L${+x.toFixed(2)} ${+y.toFixed(2)}`; }
  stroke() {
    const dash = this.dash.length ? ` stroke-dasharray="${this.dash.join(' ')}"` : '';
    this.parts.push(`<path d="${this.path}" fill="none" stroke="${SvgPen.esc(this.strokeStyle)}" stroke-width="${this.lineWidth}"${dash}${this.opacity()}/>`);
  }
  fillText(t, x, y) {
    const anchor = { left: 'start', start: 'start', right: 'end', end: 'end', center: 'middle' }[this.textAlign] || 'start';
    const base = this.textBaseline === 'middle' ? ' dominant-baseline="central"' : '';
    this.parts.push(`<text x="${+x.toFixed(2)}" y="${+y.toFixed(2)}" text-anchor="${anchor}"${base} style="font: ${SvgPen.esc(this.font)}" fill="${SvgPen.esc(this.fillStyle)}"${this.opacity()}>${SvgPen.esc(t)}</text>`);
  }
  document(w, h) {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(w)}" height="${Math.ceil(h)}" viewBox="0 0 ${Math.ceil(w)} ${Math.ceil(h)}">\n${this.parts.join('\n')}\n</svg>\n`;
  }
}
