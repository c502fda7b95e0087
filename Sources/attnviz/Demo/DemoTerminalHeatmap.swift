import Attention
import AttentionRender
import AttentionText
import Foundation

/// The demo's terminal view: the note's matrix as a colour heatmap in the terminal
/// (truecolor, 256-colour fallback, `NO_COLOR` shading), as `attnviz heatmap --terminal` draws it.
enum DemoTerminalHeatmap {
    /// The heatmap text for the current terminal.
    static func render() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let map = try AttentionMap(matrix: SeedExample.matrix, rowLabels: SeedExample.tokens, columnLabels: SeedExample.tokens)
        let options = TerminalHeatmap.Options(
            colormap: try .named("YlOrRd"),
            mode: TerminalColorMode.detect(environment: environment),
            width: TerminalSize.columns(environment: environment),
            title: "gperes: 武汉市长江大桥 (rows = queries, columns = keys)")
        return TerminalHeatmap.render(map, options: options)
    }
}
