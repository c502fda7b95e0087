import AttentionExplorer

/// The page of `GET /`: the explorer page with a panel on top holding a text box (and an
/// optional second sentence) and a file drop zone; results are handed to the explorer's
/// `window.attnviz.load(payload)`. Self-contained: inline style and script, no external request
/// (the server's Content-Security-Policy forbids any). The panel's markup, style and script are
/// the files in `Pages/ServePanelAssets/`, filled into the explorer template's panel slots.
///
/// ```swift
/// let html = AppPage.standard   // ExplorerPage.shell(title: "attnviz serve", panel: AppPage.panel)
/// ```
public enum AppPage {
    /// The page served by `attnviz serve`: the real explorer with the input panel.
    public static var standard: String { ExplorerPage.shell(title: "attnviz serve", panel: panel) }

    /// The serve panel: text box, drop zone, status line, and the script that calls the API.
    public static var panel: ExplorerPanel {
        ExplorerPanel(html: ServePanelAssets.html, style: ServePanelAssets.style, script: ServePanelAssets.script)
    }
}
