// Colours: matplotlib's YlOrRd lookup table, one colour per head, CSS custom properties.
// matplotlib's YlOrRd is a linear ramp through these nine ColorBrewer colours.
const YLORRD = [[255, 255, 204], [255, 237, 160], [254, 217, 118], [254, 178, 76], [253, 141, 60],
  [252, 78, 42], [227, 26, 28], [189, 0, 38], [128, 0, 38]];
const LUT = new Uint8Array(256 * 3);
for (let i = 0; i < 256; i++) {
  const t = i / 255 * 8, j = Math.min(7, Math.floor(t)), f = t - j;
  for (let c = 0; c < 3; c++) LUT[i * 3 + c] = Math.round(YLORRD[j][c] + (YLORRD[j + 1][c] - YLORRD[j][c]) * f);
}
/** matplotlib's RdBu_r (ColorBrewer's eleven RdBu colours, blue to red), for A - B. */
const RDBU_R = [[5, 48, 97], [33, 102, 172], [67, 147, 195], [146, 197, 222], [209, 229, 240], [247, 247, 247],
  [253, 219, 199], [244, 165, 130], [214, 96, 77], [178, 24, 43], [103, 0, 31]];
const LUT_DIVERGING = new Uint8Array(256 * 3);
for (let i = 0; i < 256; i++) {
  const t = i / 255 * 10, j = Math.min(9, Math.floor(t)), f = t - j;
  for (let c = 0; c < 3; c++) LUT_DIVERGING[i * 3 + c] = Math.round(RDBU_R[j][c] + (RDBU_R[j + 1][c] - RDBU_R[j][c]) * f);
}
const HEAD_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d',
  '#31a354', '#756bb1', '#636363'];
const headColor = (h) => D.H <= HEAD_COLORS.length ? HEAD_COLORS[h] : `hsl(${Math.round(h * 360 / D.H)},70%,50%)`;
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
