/// What a host page adds to the explorer: markup at the top of the page, a style sheet after
/// the explorer's, and a script that runs after the explorer's (so `window.attnviz` exists).
/// `ExplorerPage.shell(title:payloadURL:panel:)` puts each in its slot of the page template.
/// The parts are the host's own trusted text, inserted as they are: style and script must not
/// contain `</style` or `</script`.
///
/// ```swift
/// let panel = ExplorerPanel(html: #"<form id="ask">…</form>"#, style: "#ask{padding:1em}",
///                           script: "window.attnviz.load(await (await fetch('/x')).json());")
/// let page = ExplorerPage.shell(title: "my host", panel: panel)
/// ```
public struct ExplorerPanel: Sendable, Equatable {
    /// Markup placed first in `<body>`, above the explorer's bar.
    public var html: String
    /// CSS placed in `<head>` after the explorer's style sheet.
    public var style: String
    /// JavaScript placed after the explorer's script, before `</body>`.
    public var script: String

    public init(html: String, style: String = "", script: String = "") {
        self.html = html
        self.style = style
        self.script = script
    }
}
