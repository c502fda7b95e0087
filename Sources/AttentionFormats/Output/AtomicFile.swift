import Foundation

/// Writes files atomically: the bytes go to a temporary file in the same directory, which is
/// renamed over the destination only once complete, so a failed run never leaves a partial file.
///
/// ```swift
/// try AtomicFile.write(Data("hello".utf8), to: "out/page.html")
/// ```
public enum AtomicFile {
    /// Writes `data` to `path`, creating missing parent directories.
    public static func write(_ data: Data, to path: String) throws(FormatError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
            do {
                try data.write(to: temporary)
                // rename(2) replaces the destination in one step on the same file system.
                guard rename(temporary.path, url.path) == 0 else {
                    throw FormatError(path: path, problem: "cannot write: \(String(cString: strerror(errno)))")
                }
            } catch {
                try? FileManager.default.removeItem(at: temporary)
                throw error
            }
        } catch let error as FormatError {
            throw error
        } catch {
            throw FormatError(path: path, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// Writes a UTF-8 string to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FormatError) {
        try write(Data(text.utf8), to: path)
    }
}
