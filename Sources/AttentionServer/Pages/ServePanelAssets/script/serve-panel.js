// The serve panel (attnviz serve's page): sends a sentence to /api/attention or a dropped file to
// /api/upload and hands the answer's payload to the explorer's window.attnviz.load. Runs after
// the explorer's script, in a strict-mode function of its own.
const $ = (id) => document.getElementById(id);
window.__serveShown = 0;
const status = (text, isError) => { const s = $("serve-status"); s.textContent = text; s.className = isError ? "error" : ""; };
async function show(result) {
  await window.attnviz.load(result.attention);
  window.__serveShown += 1;
}
async function call(url, options) {
  const response = await fetch(url, options);
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) { throw new Error((body && body.error && body.error.message) || ("HTTP " + response.status)); }
  return body;
}
let busy = false;
async function runText(event) {
  if (event) event.preventDefault();
  if (busy) return;
  const text = $("serve-text").value, pair = $("serve-pair").value;
  if (!text.trim()) { status("Type a sentence first.", true); return; }
  busy = true; $("serve-run").disabled = true; status("Computing…");
  const started = performance.now();
  try {
    const body = JSON.stringify(pair.trim() ? { text: text, pair: pair } : { text: text });
    const result = await call("/api/attention", { method: "POST", headers: { "Content-Type": "application/json" }, body: body });
    await show(result);
    status(result.tokens.length + " tokens · " + result.shape[0] + " layers × " + result.shape[1] + " heads · " + Math.round(performance.now() - started) + " ms");
  } catch (error) { status(error.message, true); }
  finally { busy = false; $("serve-run").disabled = !window.__serveModel; }
}
async function runFile(file) {
  if (!file) return;
  status("Reading " + file.name + "…");
  try {
    const result = await call("/api/upload?name=" + encodeURIComponent(file.name), { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: file });
    await show(result);
    status(file.name + " · " + result.shape.join(" × "));
  } catch (error) { status(error.message, true); }
}
$("serve-form").addEventListener("submit", runText);
$("serve-text").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) runText(e); });
$("serve-file").addEventListener("change", (e) => { runFile(e.target.files[0]); e.target.value = ""; });
const drop = $("serve-drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); runFile(e.dataTransfer.files[0]); });
$("serve-run").disabled = true;
call("/api/model").then((info) => {
  window.__serveModel = info.loaded;
  $("serve-types").textContent = info.limits.uploadExtensions.map((e) => "." + e).join(" ");
  if (info.loaded) {
    $("serve-model").textContent = info.model.name + " · " + info.model.layers + " layers × " + info.model.heads + " heads";
    $("serve-run").disabled = false;
    $("serve-pair-label").hidden = !info.model.acceptsPairs;
  } else {
    $("serve-model").textContent = "no model loaded (start with --model DIR): drop a file";
    $("serve-text").disabled = true; $("serve-pair-label").hidden = true;
  }
}).catch((error) => status(error.message, true));
