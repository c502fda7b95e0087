// Shared by every fuzz target (compiled into each binary by scripts/fuzz).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-process scratch files for readers that only take a path: one file per extension under
/// /dev/shm (or $TMPDIR when /dev/shm is missing), rewritten in place for every input, so a
/// run costs a pwrite and an ftruncate rather than a create and an unlink.
enum FuzzFiles {
    nonisolated(unsafe) private static var directory: String?
    nonisolated(unsafe) private static var files: [String: (fd: Int32, path: String)] = [:]

    private static func scratchDirectory() -> String {
        if let directory { return directory }
        var base = "/dev/shm"
        var info = stat()
        if stat(base, &info) != 0 { base = String(cString: getenv("TMPDIR") ?? strdup("/tmp")) }
        let made = "\(base)/attnviz-fuzz-\(getpid())"
        mkdir(made, 0o700)
        directory = made
        atexit {
            for (_, file) in FuzzFiles.files { close(file.fd); unlink(file.path) }
            if let directory = FuzzFiles.directory { rmdir(directory) }
        }
        return made
    }

    /// Writes `bytes` to this process's scratch file named `name` (e.g. "input.npz") and returns its path.
    static func write(_ data: UnsafePointer<UInt8>, _ size: Int, name: String) -> String {
        let file: (fd: Int32, path: String)
        if let existing = files[name] {
            file = existing
        } else {
            let path = scratchDirectory() + "/" + name
            let fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            precondition(fd >= 0, "cannot create \(path)")
            file = (fd, path)
            files[name] = file
        }
        precondition(ftruncate(file.fd, 0) == 0)
        var written = 0
        while written < size {
            let n = pwrite(file.fd, data + written, size - written, off_t(written))
            precondition(n > 0, "cannot write \(file.path)")
            written += n
        }
        return file.path
    }
}

/// The folder this repository is checked out in (for targets that load fixtures).
let fuzzRepositoryRoot: String = {
    if let root = getenv("ATTNVIZ_ROOT") { return String(cString: root) }
    // Fuzz/Support/FuzzSupport.swift -> the repository root (scripts/fuzz sets ATTNVIZ_ROOT).
    var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count > 3, parts[0].isEmpty else { return "." }
    parts.removeLast(3)
    return parts.joined(separator: "/")
}()
