import Attention

/// The explorer page: one HTML file with its style, script and (optionally) data inline, so it
/// opens from disk in any browser with no network and no files beside it.
///
/// ```swift
/// // A complete page with the data inline (what `attnviz explore` writes):
/// let html = try ExplorerPage.html(data: SeedExample.data, precision: .u8)
/// // A shell that fetches its data from a server endpoint returning ExplorerPayload JSON:
/// let shell = ExplorerPage.shell(payloadURL: "/api/attention")
/// // The same with a host's own panel above the explorer (what `attnviz serve` shows):
/// let served = ExplorerPage.shell(title: "attnviz serve", panel: ExplorerPanel(html: "<form>…</form>"))
/// // Or host the script yourself and call `window.attnviz.load(payload)`:
/// let js = ExplorerPage.script
/// ```
public enum ExplorerPage {
    /// The page script. It reads its data from, in order: `window.ATTNVIZ_PAYLOAD`, a
    /// `<script id="attnviz-data" type="application/json">` element, the URL in
    /// `<body data-payload-url>`; and exposes `window.attnviz.load(payload)` for hosts that
    /// obtain the payload themselves (a `POST`, a WebSocket).
    public static var script: String { ExplorerAssets.script }

    /// The page style sheet (light and dark themes).
    public static var style: String { ExplorerAssets.style }

    /// A complete page for labelled attention, data inline.
    public static func html(
        data: AttentionData, precision: ExplorerPrecision = .u8, pairSplit: Int? = nil, title: String? = nil
    ) throws(AttentionError) -> String {
        try html(payload: ExplorerPayload(data: data, precision: precision, pairSplit: pairSplit, title: title))
    }

    /// A page for a model run: key/value groups, partial tokens' bytes and unknown tokens' text
    /// marked (see ``RunAnnotations``), generated tokens as `data` marks them.
    public static func html(
        data: AttentionData, title: String?, annotations: RunAnnotations
    ) throws(AttentionError) -> String {
        var payload = try ExplorerPayload(data: data, precision: .u8, pairSplit: data.pairSplit, title: title)
        payload.annotate(annotations)
        return try html(payload: payload)
    }

    /// A complete page for an encoded payload, data inline.
    public static func html(payload: ExplorerPayload) throws(AttentionError) -> String {
        let json = String(decoding: try payload.jsonData(), as: UTF8.self)
        let data = #"<script id="attnviz-data" type="application/json">"# + scriptSafe(json) + "</script>"
        return fill(title: payload.title.map { "\($0) — attnviz" } ?? "attnviz explorer", bodyAttributes: "", data: data, panel: nil)
    }

    /// A page made to a size budget: the run's parts inline (see ``EmbeddedRun``); the views
    /// compute what they show from them.
    public static func html(run: EmbeddedRun) throws(AttentionError) -> String {
        let json = String(decoding: try run.jsonData(), as: UTF8.self)
        let data = #"<script id="attnviz-data" type="application/json">"# + scriptSafe(json) + "</script>"
        return fill(title: "\(run.title) — attnviz", bodyAttributes: "", data: data, panel: nil)
    }

    /// The page without data. With `payloadURL` the page fetches the payload from it (same
    /// origin); without, it waits for `window.attnviz.load(payload)`. A `panel` fills the
    /// template's panel slots: its markup above the explorer, its style after the explorer's, its
    /// script after the explorer's.
    public static func shell(title: String = "attnviz explorer", payloadURL: String? = nil, panel: ExplorerPanel? = nil) -> String {
        let attributes = payloadURL.map { #" data-payload-url=""# + escapeHTML($0) + #"""# } ?? ""
        return fill(title: title, bodyAttributes: attributes, data: "", panel: panel)
    }

    static func fill(title: String, bodyAttributes: String, data: String, panel: ExplorerPanel?) -> String {
        // Substitute in one pass over the template so no inserted text is scanned again.
        var out = ""
        var rest = Substring(ExplorerAssets.html)
        let values: [String: String] = [
            "TITLE": escapeHTML(title), "STYLE": ExplorerAssets.style, "BODY_ATTRIBUTES": bodyAttributes,
            "DATA": data, "SCRIPT": ExplorerAssets.script,
            // The one token-display table (Attention's TokenDisplay), which the script's display() reads.
            "DISPLAY_RULES": #"<script id="attnviz-display" type="application/json">"# + scriptSafe(TokenDisplay.rulesJSON) + "</script>",
            "PANEL": panel.map { $0.html + "\n" } ?? "",
            "PANEL_STYLE": panel.map { $0.style.isEmpty ? "" : "<style>\n\($0.style)\n</style>\n" } ?? "",
            "PANEL_SCRIPT": panel.map { $0.script.isEmpty ? "" : "<script>\n\($0.script)\n</script>\n" } ?? "",
        ]
        while let open = rest.range(of: "{{") {
            out += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            out += values[name] ?? String(rest[open.lowerBound..<close.upperBound])
            rest = rest[close.upperBound...]
        }
        out += rest
        return out
    }

    /// Escapes text for HTML element content and double-quoted attributes.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// JSON made safe inside a `<script>` element: every `<` (only ever inside strings) becomes
    /// `\u003c`, so no token can close the element or open a comment; U+2028/2029 escaped too.
    static func scriptSafe(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for c in json.unicodeScalars {
            switch c {
            case "<": out += "\\u003c"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
