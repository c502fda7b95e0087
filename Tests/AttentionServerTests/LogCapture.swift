import Foundation
import Logging

/// Collects a logger's lines (message and metadata, as a stream handler would print them).
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    /// A logger writing into this capture at `level` and above.
    func logger(level: Logger.Level = .info) -> Logger {
        Logger(label: "attnviz.serve.test") { _ in Handler(capture: self, logLevel: level) }
    }

    /// Everything captured so far.
    var text: String {
        lock.withLock { lines.joined(separator: "\n") }
    }

    fileprivate func append(_ line: String) {
        lock.withLock { lines.append(line) }
    }

    private struct Handler: LogHandler {
        let capture: LogCapture
        var logLevel: Logger.Level
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            let rendered = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(rendered)")
        }
    }
}
