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
/** matplotlib's magma (its 256 entries, as Sources/AttentionText/Colormaps/ColormapTables.swift),
 * the matrix and thumbnail ramp in the dark theme: low weights fade into the dark background,
 * high weights glow. */
const MAGMA_HEX = '00000401000501010601010802010902020b02020d03030f03031204041405041606051806051a07061c08071e0907200a08220b09240c09260d0a290e0b2b100b2d110c2f120d31130d34140e36150e38160f3b180f3d19103f1a10421c10441d11471e114920114b21114e22115024125325125527125829115a2a115c2c115f2d11612f116331116533106734106936106b38106c390f6e3b0f703d0f713f0f72400f74420f75440f764510774710784910784a10794c117a4e117b4f127b51127c52137c54137d56147d57157e59157e5a167e5c167f5d177f5f187f601880621980641a80651a80671b80681c816a1c816b1d816d1d816e1e81701f81721f817320817521817621817822817922827b23827c23827e24828025828125818326818426818627818827818928818b29818c29818e2a81902a81912b81932b80942c80962c80982d80992d809b2e7f9c2e7f9e2f7fa02f7fa1307ea3307ea5317ea6317da8327daa337dab337cad347cae347bb0357bb2357bb3367ab5367ab73779b83779ba3878bc3978bd3977bf3a77c03a76c23b75c43c75c53c74c73d73c83e73ca3e72cc3f71cd4071cf4070d0416fd2426fd3436ed5446dd6456cd8456cd9466bdb476adc4869de4968df4a68e04c67e24d66e34e65e44f64e55064e75263e85362e95462ea5661eb5760ec5860ed5a5fee5b5eef5d5ef05f5ef1605df2625df2645cf3655cf4675cf4695cf56b5cf66c5cf66e5cf7705cf7725cf8745cf8765cf9785df9795df97b5dfa7d5efa7f5efa815ffb835ffb8560fb8761fc8961fc8a62fc8c63fc8e64fc9065fd9266fd9467fd9668fd9869fd9a6afd9b6bfe9d6cfe9f6dfea16efea36ffea571fea772fea973feaa74feac76feae77feb078feb27afeb47bfeb67cfeb77efeb97ffebb81febd82febf84fec185fec287fec488fec68afec88cfeca8dfecc8ffecd90fecf92fed194fed395fed597fed799fed89afdda9cfddc9efddea0fde0a1fde2a3fde3a5fde5a7fde7a9fde9aafdebacfcecaefceeb0fcf0b2fcf2b4fcf4b6fcf6b8fcf7b9fcf9bbfcfbbdfcfdbf';
const LUT_DARK = new Uint8Array(256 * 3);
for (let i = 0; i < 256 * 3; i++) LUT_DARK[i] = Number.parseInt(MAGMA_HEX.slice(i * 2, i * 2 + 2), 16);
/** The weight ramp for the current theme: YlOrRd on light, magma on dark. */
const themeLut = () => (S.theme === 'dark' ? LUT_DARK : LUT);
/** Colours drawn over cells, off both ramps so they never read as a weight: the hovered cell's
 * outline (the accent) and the line where sentence B starts (teal). */
const PAIR_LINE = '#14b8a6';
const HEAD_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
  '#bcbd22', '#17becf', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173', '#3182bd', '#e6550d',
  '#31a354', '#756bb1', '#636363'];
const headColor = (h) => D.H <= HEAD_COLORS.length ? HEAD_COLORS[h] : `hsl(${Math.round(h * 360 / D.H)},70%,50%)`;
const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
