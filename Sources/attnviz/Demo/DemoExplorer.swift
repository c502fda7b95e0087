import Attention
import AttentionExplorer
import AttentionFormats
import Foundation

/// The demo's interactive page: the note's matrix in the offline explorer.
enum DemoExplorer {
    /// Writes explorer.html into `folder`, returning its path.
    static func write(to folder: String) throws -> [String] {
        let path = (folder as NSString).appendingPathComponent("explorer.html")
        let html = try ExplorerPage.html(data: SeedExample.data, title: "武汉市长江大桥")
        try AtomicFile.write(html, to: path)
        return [path]
    }
}
