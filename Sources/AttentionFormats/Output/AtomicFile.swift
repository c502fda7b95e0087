import Foundation

/// Writes files atomically: the bytes go to a temporary file in the same directory, which is
/// renamed over the destination only once complete, so a failed run never leaves a partial file
/// (the old file stays as it was, and the temporary file is removed).
///
/// ```swift
/// try AtomicFile.write(Data("hello".utf8), to: "out/page.html")
/// ```
public enum AtomicFile {
    /// Writes `data` to `path`, creating missing parent directories. Errors name `path` and the
    /// system's reason (`cannot write: Not a directory`, `cannot write: Read-only file system`).
    public static func write(_ data: Data, to path: String) throws(FormatError) {
        try write(to: path) { emit in _ = data.withUnsafeBytes { emit($0) } }
    }

    /// Writes the bytes `produce` hands to its `emit` callback, in order, to `path` atomically:
    /// large outputs go to the file piece by piece instead of being assembled in memory first.
    /// `emit` returns `false` once a write has failed (the rest is then skipped).
    public static func write(to path: String, _ produce: (_ emit: (UnsafeRawBufferPointer) -> Bool) -> Void) throws(FormatError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        func failure(_ code: Int32) -> FormatError {
            .unwritable(path: path, reason: String(cString: strerror(code)))
        }
        if let code = makeDirectories(directory.path) { throw failure(code) }
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp").path
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw failure(errno) }
        var code: Int32 = 0
        produce { bytes in
            if code == 0 { code = writeAll(fd, bytes) }
            return code == 0
        }
        if close(fd) != 0 && code == 0 { code = errno }
        // rename(2) replaces the destination in one step on the same file system.
        if code == 0 && rename(temporary, path) != 0 { code = errno }
        if code != 0 {
            unlink(temporary)
            throw failure(code)
        }
    }

    /// Writes a UTF-8 string to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FormatError) {
        try write(Data(text.utf8), to: path)
    }

    /// Writes every byte (retrying short writes and interrupts); 0 or the `errno` of the failure.
    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return 0
    }

    /// `mkdir -p`: `nil` on success, or the `errno` of the component that failed.
    private static func makeDirectories(_ path: String) -> Int32? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return isDirectory.boolValue ? nil : ENOTDIR
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path, let code = makeDirectories(parent) { return code }
        if mkdir(path, 0o777) != 0 && errno != EEXIST { return errno }
        return nil
    }
}
