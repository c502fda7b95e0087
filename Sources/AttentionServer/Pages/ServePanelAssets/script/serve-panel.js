// The serve panel (attnviz serve's page): sends a sentence to /api/attention or a dropped file to
// /api/upload and hands the answer's payload to the explorer's window.attnviz.load. Runs after
// the explorer's script, in a strict-mode function of its own.
//
// The latest request wins: every run takes a number, and an answer that is not the latest one's
// is dropped, so a slow earlier answer never replaces a later one. Until something is shown the
// explorer's bar and views are hidden (body.serve-empty); after a failed run the view still shows
// the previous input, dimmed (body.serve-stale), and the status says so.
const $ = (id) => document.getElementById(id);
window.__serveShown = 0;
let latest = 0, shownLabel = '';
const status = (text, kind) => { const s = $("serve-status"); s.textContent = text; s.className = kind || ""; };
const setStale = (stale) => document.body.classList.toggle("serve-stale", stale);
document.body.classList.add("serve-empty");
/** The response's status and JSON body (null when it has none). */
async function reply(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  return { status: response.status, ok: response.ok, body };
}
const failure = (r) => (r.body && r.body.error && r.body.error.message) || ("HTTP " + r.status);
async function call(url, options) {
  const r = await reply(url, options);
  if (!r.ok) throw new Error(failure(r));
  return r.body;
}
/** Runs `request` as the latest action; shows its answer only if no later action started. */
async function run(busyText, request, describe, label, show) {
  const mine = ++latest;
  status(busyText, "busy");
  const started = performance.now();
  try {
    const result = await request(mine);
    if (mine !== latest) return false;
    await (show ? show(result) : window.attnviz.load(result.attention));
    if (mine !== latest) return false;
    const wasEmpty = document.body.classList.contains("serve-empty");
    document.body.classList.remove("serve-empty");
    // The explorer was hidden while it drew: lay it out again now that it has its place.
    if (wasEmpty) window.attnviz.render();
    setStale(false);
    shownLabel = label;
    window.__serveShown += 1;
    status(describe(result, Math.round(performance.now() - started)));
    return true;
  } catch (error) {
    if (mine !== latest) return false;
    const shown = document.body.classList.contains("serve-empty") ? "" : " · still showing " + shownLabel + " (dimmed)";
    setStale(shown !== "");
    status(error.message + shown, "error");
    return false;
  }
}
const count = (n) => Number(n).toLocaleString("en-US");
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Follows run `answer.run`, which the server computes in the background (202 from
 * /api/attention), until it is served: the status counts its layers and seconds. Gives up
 * quietly when a later action started (`mine` is no longer the latest). */
async function whenReady(answer, mine) {
  const url = runURL(answer.run);
  for (let wait = 250; ; wait = Math.min(1000, wait * 2)) {
    if (mine !== latest) throw new Error("superseded");
    const r = await reply(url), body = r.body;
    if (r.status === 200) return answer;
    if (r.status !== 202 || !body) throw new Error(r.body && r.body.error ? failure(r) : "run " + answer.run + ": " + failure(r));
    if (mine !== latest) throw new Error("superseded");
    const layers = body.shape[0];
    status(body.state === "waiting"
      ? "Run " + answer.run + " · " + count(body.tokens) + " tokens · waiting for a worker…"
      : "Computing run " + answer.run + " · " + count(body.tokens) + " tokens · layer " + Math.min(body.layersDone + 1, layers) +
        " of " + layers + " · " + Math.round(body.seconds) + " s", "busy");
    await pause(wait);
  }
}
/** Shows an answer of /api/attention or /api/upload: its dense payload, or, when the server kept
 * the attention as a run of its own (a long text, a `--keep qk` file), that run (`runRemote`). */
const showAnswer = (result) => result.run ? window.attnviz.loadRun(runURL(result.run)) : window.attnviz.load(result.attention);
const runURL = (id) => "/api/runs/" + encodeURIComponent(id);
const servedRun = " · computed by the server as you look";
function quoted(text) {
  const one = text.replace(/\s+/g, " ").trim();
  return "“" + (one.length > 40 ? one.slice(0, 39) + "…" : one) + "”";
}
function runText(event) {
  if (event) event.preventDefault();
  if (!window.__serveModel) return;
  const text = $("serve-text").value, pair = $("serve-pair-label").hidden ? "" : $("serve-pair").value;
  if (!text.trim()) { status("Type a sentence first.", "error"); $("serve-text").focus(); return; }
  const body = JSON.stringify(pair.trim() ? { text: text, pair: pair } : { text: text });
  const request = async (mine) => {
    const answer = await call("/api/attention", { method: "POST", headers: { "Content-Type": "application/json" }, body: body });
    return answer.state ? whenReady(answer, mine) : answer;
  };
  return run("Computing…", request,
    (result, ms) => result.run
      ? count(result.tokens) + " tokens · " + result.shape.join(" × ") + " · run " + result.run + " (" + (ms / 1000).toFixed(1) + " s)" + servedRun
      : result.tokens.length + " tokens · " + result.shape[0] + " layers × " + result.shape[1] + " heads · " + ms + " ms",
    quoted(pair.trim() ? text + " / " + pair : text), showAnswer);
}
async function runFile(file) {
  if (!file) return;
  const shown = await run("Reading " + file.name + "…",
    () => call("/api/upload?name=" + encodeURIComponent(file.name), { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file }),
    (result) => file.name + " · " + result.shape.join(" × ") + (result.run ? " · run " + result.run + servedRun : ""),
    file.name, showAnswer);
  // The boxes no longer describe what is shown.
  if (shown) { $("serve-text").value = ""; $("serve-pair").value = ""; }
}
/** Opens run `id` the server holds (attnviz serve --file): the views ask the server for tiles,
 * rows and top-k as they draw, so nothing of its n² weights comes to the page at once. */
function runRemote(id) {
  const url = runURL(id);
  return run("Opening " + id + "…", () => call(url),
    (meta) => meta.title + " · " + meta.shape.join(" × ") + servedRun,
    String(id), () => window.attnviz.loadRun(url));
}
$("serve-form").addEventListener("submit", runText);
for (const id of ["serve-text", "serve-pair"]) {
  $(id).addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) runText(e); });
}
$("serve-file").addEventListener("change", (e) => { runFile(e.target.files[0]); e.target.value = ""; });
const drop = $("serve-drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); runFile(e.dataTransfer.files[0]); });
drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); $("serve-file").click(); } });
$("serve-run").disabled = true;
const explorerStatus = $("status");
if (explorerStatus) explorerStatus.textContent = "";
// The run the server was started with (--file, always id "file") opens first; the example
// sentence then waits. Runs started from an earlier page stay listed, not opened.
const runsListed = call("/api/runs").then((body) => {
  const runs = body && Array.isArray(body.runs) ? body.runs : [];
  if (runs.includes("file") && window.__serveShown === 0 && latest === 0) { runRemote("file"); return true; }
  return false;
}).catch(() => false);
runsListed.then((opened) => call("/api/model").then((info) => {
  window.__serveModel = info.loaded;
  $("serve-types").textContent = info.limits.uploadExtensions.map((e) => "." + e).join(" ");
  for (const id of ["serve-text", "serve-pair"]) $(id).maxLength = info.limits.maxTextCharacters;
  if (info.loaded) {
    $("serve-model").textContent = info.model.name + " · " + info.model.layers + " layers × " + info.model.heads + " heads";
    $("serve-run").disabled = false;
    $("serve-pair-label").hidden = !info.model.acceptsPairs;
    $("serve-form").classList.toggle("no-pair", !info.model.acceptsPairs);
    // The example sentence is real text: show its attention at once.
    if ($("serve-text").value.trim() && window.__serveShown === 0 && latest === 0 && !opened) runText();
  } else {
    $("serve-model").textContent = "no model loaded (start with --model DIR)";
    for (const id of ["serve-text-label", "serve-pair-label"]) $(id).hidden = true;
    $("serve-run").hidden = true;
    $("serve-form").classList.add("no-model");
    if (!opened) status("Drop an attention file to explore it.");
  }
})).catch((error) => status(error.message, "error"));
