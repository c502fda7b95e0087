// attnviz explorer: every layer and head of an attention tensor, offline, no dependencies.
// Data comes from (first found): window.ATTNVIZ_PAYLOAD, <script id="attnviz-data">, the URL
// in <body data-payload-url>, or a later call to window.attnviz.load(payload).
// Tokens are untrusted: they only ever reach the DOM through textContent and the canvas.
//
// The script is these files (ExplorerAssets/script/*.js) in name order, inside one strict-mode
// function the build adds (Plugins/ExplorerAssetsPlugin), so they share one scope and nothing
// but window.attnviz leaks. Each file may use what the files before it declare; code that runs
// at load time (not inside a function) may only use what is declared above it.
// This one: the element lookup and the object the page exposes as window.attnviz.
const $ = (id) => document.getElementById(id);
const api = {};
window.attnviz = api;
