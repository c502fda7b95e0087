import Foundation

/// A text corpus read one line at a time: one example per line, a tab separating the two
/// sentences of a pair. Memory stays flat in the corpus size (one buffer of `chunkSize`, one line
/// at a time); a line longer than `maximumLineBytes` or not valid UTF-8 is an error naming its
/// line number.
///
/// ```swift
/// let corpus = try CorpusFile(path: "corpus.txt")
/// try corpus.forEachLine { line in
///     print(line.number, line.text, line.pair ?? "-")     // blank lines are skipped, and counted
/// }
/// ```
public struct CorpusFile: Sendable {
    /// One example.
    public struct Line: Sendable, Equatable {
        /// 1-based line number in the file.
        public var number: Int
        /// The text (before the first tab).
        public var text: String
        /// The second sentence (after the first tab), if any.
        public var pair: String?
    }

    /// The file.
    public let path: String
    /// Longest line accepted, in bytes.
    public var maximumLineBytes = 1 << 20
    /// Bytes read at a time.
    public var chunkSize = 1 << 20

    /// A corpus at `path`; throws if it cannot be opened.
    public init(path: String) throws(FormatError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        self.path = path
    }

    /// Calls `body` with each non-blank line in order (a final line without newline included,
    /// `\r\n` accepted, a UTF-8 byte order mark at the start ignored) and returns how many lines
    /// were blank.
    @discardableResult
    public func forEachLine(_ body: (Line) throws -> Void) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FormatError.unreadable(path: path, reason: "cannot be read") }
        defer { try? handle.close() }
        var pending = [UInt8]()
        var number = 0
        var blank = 0
        func emit(_ bytes: ArraySlice<UInt8>) throws {
            number += 1
            guard bytes.count <= maximumLineBytes else {
                throw FormatError.malformed(path: path, problem: "line \(number) is longer than \(maximumLineBytes) bytes")
            }
            var bytes = bytes
            if number == 1, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            if bytes.last == 0x0D { bytes = bytes.dropLast() }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw FormatError.malformed(path: path, problem: "line \(number) is not valid UTF-8")
            }
            if text.allSatisfy(\.isWhitespace) {
                blank += 1
                return
            }
            if let tab = text.firstIndex(of: "\t") {
                try body(Line(number: number, text: String(text[..<tab]), pair: String(text[text.index(after: tab)...])))
            } else {
                try body(Line(number: number, text: text, pair: nil))
            }
        }
        while true {
            let chunk: Data
            do { chunk = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw FormatError.malformed(path: path, problem: "read failed after line \(number): \(error.localizedDescription)")
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try emit(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(..<start)
            guard pending.count <= maximumLineBytes else {
                throw FormatError.malformed(path: path, problem: "line \(number + 1) is longer than \(maximumLineBytes) bytes")
            }
        }
        if !pending.isEmpty { try emit(pending[...]) }
        return blank
    }

    /// Lines in the file (newlines, plus a final unterminated line), counted without decoding,
    /// for progress and ETA.
    public func lineCount() throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw FormatError.unreadable(path: path, reason: "cannot be read") }
        defer { try? handle.close() }
        var count = 0
        var last: UInt8 = 0x0A
        while let chunk = try? handle.read(upToCount: chunkSize), !chunk.isEmpty {
            chunk.withUnsafeBytes { raw in
                for byte in raw where byte == 0x0A { count += 1 }
                last = raw.last ?? last
            }
        }
        return count + (last == 0x0A ? 0 : 1)
    }
}
