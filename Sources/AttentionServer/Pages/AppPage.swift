import AttentionExplorer

/// The page of `GET /`: the explorer page with a panel on top holding a text box (and an
/// optional second sentence) and a file drop zone; results are handed to the explorer's
/// `window.attnviz.load(payload)`. Self-contained: inline style and script, no external request
/// (the server's Content-Security-Policy forbids any).
///
/// ```swift
/// let html = AppPage.html(explorerShell: ExplorerPage.shell(title: "attnviz serve"))
/// ```
public enum AppPage {
    /// The page served by `attnviz serve`: the real explorer with the input panel.
    public static var standard: String { html(explorerShell: ExplorerPage.shell(title: "attnviz serve")) }

    /// The explorer shell with the serve panel injected after `<body…>` and its script before
    /// `</body>`; without a shell, a bare page listing tokens.
    public static func html(explorerShell: String?) -> String {
        guard let shell = explorerShell,
              let bodyOpen = shell.range(of: "<body"),
              let bodyOpenEnd = shell[bodyOpen.upperBound...].firstIndex(of: ">"),
              let bodyClose = shell.range(of: "</body>", options: .backwards),
              bodyClose.lowerBound > bodyOpenEnd
        else {
            return standalone
        }
        let afterOpen = shell.index(after: bodyOpenEnd)
        return String(shell[..<afterOpen]) + "\n<style>\(style)</style>\n" + panel
            + String(shell[afterOpen..<bodyClose.lowerBound])
            + "<script>\(script)</script>\n" + String(shell[bodyClose.lowerBound...])
    }

    static let panel = """
    <section id="serve-panel" aria-label="Input">
      <form id="serve-form" autocomplete="off">
        <div class="serve-head"><strong>attnviz serve</strong> <span id="serve-model">loading model…</span></div>
        <label class="serve-field">Sentence <textarea id="serve-text" rows="2" maxlength="2000" placeholder="The cat sat on the mat."></textarea></label>
        <label class="serve-field" id="serve-pair-label">Second sentence (optional) <textarea id="serve-pair" rows="1" maxlength="2000"></textarea></label>
        <div><button id="serve-run" type="submit">Show attention</button> <span class="serve-hint">Ctrl+Enter</span></div>
      </form>
      <div id="serve-drop" tabindex="0">Drop an attention file here<br>or <label class="serve-link">choose one<input id="serve-file" type="file" hidden></label>
        <div class="serve-hint" id="serve-types"></div></div>
      <div id="serve-status" role="status"></div>
    </section>

    """

    static let style = """
    #serve-panel{display:grid;grid-template-columns:minmax(0,1fr) 16em;gap:.6em 1em;padding:.7em 1em;border-bottom:1px solid #ccc;font:14px/1.4 system-ui,sans-serif}
    #serve-form{display:grid;gap:.35em}.serve-head{color:#555}.serve-head strong{color:#222}
    .serve-field{display:grid;gap:.15em;color:#555}
    #serve-panel textarea{font:inherit;padding:.35em;border:1px solid #aaa;border-radius:4px;resize:vertical;min-width:0}
    #serve-run{font:inherit;padding:.35em 1em;border-radius:4px;border:1px solid #2a5db0;background:#2f6fd6;color:#fff;cursor:pointer}
    #serve-run:disabled{opacity:.6;cursor:default}
    #serve-drop{border:2px dashed #999;border-radius:6px;padding:1em;text-align:center;color:#555;align-self:stretch;display:flex;flex-direction:column;justify-content:center}
    #serve-drop.over{border-color:#2f6fd6;background:rgba(47,111,214,.08)}
    .serve-link{color:#2f6fd6;text-decoration:underline;cursor:pointer}.serve-hint{color:#888;font-size:12px}
    #serve-status{grid-column:1/-1;min-height:1.3em;color:#555}#serve-status.error{color:#b00020}
    """

    static let script = #"""
    (function () {
      "use strict";
      const $ = (id) => document.getElementById(id);
      window.__serveShown = 0;
      const status = (text, isError) => { const s = $("serve-status"); s.textContent = text; s.className = isError ? "error" : ""; };
      async function show(result) {
        if (window.attnviz && typeof window.attnviz.load === "function") {
          await window.attnviz.load(result.attention);
        } else {
          const list = $("serve-tokens"); list.textContent = "";
          for (const t of result.tokens) { const span = document.createElement("span"); span.textContent = t; list.appendChild(span); }
        }
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
    })();
    """#

    static var standalone: String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>attnviz serve</title><style>\(style)</style></head>
        <body>
        \(panel)<main><div id="serve-tokens"></div></main>
        <script>\(script)</script>
        </body></html>
        """
    }
}
