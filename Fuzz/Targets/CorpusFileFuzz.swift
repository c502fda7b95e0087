// A corpus for `attnviz stats`: the input as a file read line by line (blank lines, a tab
// before the second sentence, CRLF, a byte order mark, invalid UTF-8, over-long lines), with a
// small chunk size and line limit so lines straddle chunk boundaries and hit the limit; then
// the line count used for progress.
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(data, size, name: "corpus.txt")
    guard var corpus = try? CorpusFile(path: path) else { return 0 }
    corpus.chunkSize = 7
    corpus.maximumLineBytes = 64
    var lines = 0
    _ = try? corpus.forEachLine { line in
        precondition(line.number > lines, "line numbers go up")
        lines = line.number
        precondition(!line.text.contains("\n"), "a line holds no newline")
    }
    _ = try? corpus.lineCount()
    return 0
}
