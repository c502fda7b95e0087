// Find a token: the header's box lists the query tokens whose display contains the text (case
// folded); Enter (Shift+Enter backwards) jumps to the next match. The head view pins that query
// and scrolls it into view, the text view shows its row; the other views switch to the head view.
// "/" focuses the box, Esc leaves it.
const FIND = { text: '', matches: [], at: -1 };

/** Indices of the query tokens whose displayed text contains `text`, ignoring case. */
function findTokens(text) {
  const needle = text.trim().toLocaleLowerCase();
  if (!needle || !D) return [];
  const out = [];
  for (let i = 0; i < D.Q; i++) if (display(D.qt[i]).toLocaleLowerCase().includes(needle)) out.push(i);
  return out;
}

function showFindCount() {
  const n = FIND.matches.length, box = $('find-count');
  box.textContent = !FIND.text.trim() ? '' : n === 0 ? 'no match' : FIND.at < 0 ? `${n} match${n === 1 ? '' : 'es'}` : `${FIND.at + 1} of ${n}`;
  $('find').classList.toggle('none', FIND.text.trim() !== '' && n === 0);
}

/** Jumps to match `FIND.at`: pins and scrolls in the head view, selects the row in the text view. */
function jumpToMatch() {
  const q = FIND.matches[FIND.at];
  if (q === undefined) return;
  if (S.view !== 'text') S.view = 'head';
  S.pair = 'all';
  S.tq = q;
  if (S.view === 'head') S.pin = { side: 'q', index: q };
  render();
  if (S.view === 'head') scrollHeadTo(q);
  showFindCount();
}

function wireFind() {
  const box = $('find');
  box.addEventListener('input', () => {
    FIND.text = box.value;
    FIND.matches = findTokens(box.value);
    FIND.at = -1;
    showFindCount();
  });
  box.addEventListener('keydown', (e) => {
    e.stopPropagation();   // the views' keys (1-5, arrows, A) do not apply while typing
    if (e.key === 'Escape') { box.blur(); return; }
    if (e.key !== 'Enter' || FIND.matches.length === 0) return;
    e.preventDefault();
    const n = FIND.matches.length;
    FIND.at = e.shiftKey ? (FIND.at <= 0 ? n - 1 : FIND.at - 1) : (FIND.at + 1) % n;
    jumpToMatch();
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === '/' && document.activeElement !== box && !(e.target instanceof HTMLInputElement) && !(e.target instanceof HTMLTextAreaElement)) {
      e.preventDefault();
      box.focus();
      box.select();
    }
  });
}
api.find = (text) => { const box = $('find'); box.value = text; box.dispatchEvent(new Event('input')); return FIND.matches.slice(); };
