// View state: S (what is shown; mirrored in the URL fragment), the hovered token, and the
// query/key ranges the sentence-pair filter selects.
const S = {
  view: 'head', layer: 0, head: 0, heads: null, k: null, pair: 'all', theme: 'light', agg: 'mean',
  open: 'matrix', pin: null, tq: 0, smooth: 1, range: 'shared', side: 'a',
  scale: 'linear', pool: 'max',
};
let hover = null;

function ranges() {
  if (D.split == null || S.pair === 'all') return { q0: 0, q1: D.Q, k0: 0, k1: D.K };
  const a = [0, D.split], b = [D.split, D.Q];
  const qr = S.pair[0] === 'A' ? a : b, kr = S.pair[1] === 'A' ? a : b;
  return { q0: qr[0], q1: qr[1], k0: kr[0], k1: kr[1] };
}
