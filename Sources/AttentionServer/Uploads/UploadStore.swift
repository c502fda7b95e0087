import Foundation

/// A private temporary directory (mode 0700, made by `mkdtemp`) holding uploads while they are
/// parsed. File names are `upload-N.EXT`: nothing from the request but an extension from an
/// allow-list reaches the file system, and each file is deleted right after use.
///
/// The directory is named `attnviz-serve-PID-XXXXXX` after the server's process id, so a
/// directory left behind by a server that crashed can be recognised: a new store first removes
/// every `attnviz-serve-PID-*` directory beside it (owned by the same user) whose process no
/// longer exists.
///
/// ```swift
/// let store = try UploadStore()
/// let result = try store.withTemporaryFile(contents: bytes, extension: "npy") { url in
///     try reader.read(fileAt: url)
/// }                                  // the file is gone here
/// store.removeDirectory()            // at shutdown
/// ```
public final class UploadStore: @unchecked Sendable {
    /// The directory; every upload lives directly inside it.
    public let directory: URL
    private let lock = NSLock()
    private var counter: UInt64 = 0

    /// Leftover directories of crashed servers that this store removed when it was created.
    public let removedLeftovers: [URL]

    /// Removes leftovers of crashed servers in `parent` (the system temporary directory by
    /// default), then creates a fresh directory there.
    public init(parent: URL = FileManager.default.temporaryDirectory) throws {
        removedLeftovers = Self.removeLeftovers(in: parent)
        var template = Array(parent.appendingPathComponent("\(Self.prefix)\(getpid())-XXXXXX").path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: parent.path])
        }
        let path = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? "" }
        directory = URL(fileURLWithPath: path, isDirectory: true)
    }

    /// Number of files in the directory now (0 between requests).
    public var fileCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: directory.path).count) ?? 0
    }

    /// Writes `contents` to a new file with extension `ext` (which must be 1-16 lowercase ASCII
    /// letters or digits, else `bin`), passes its URL to `body`, and deletes it afterwards.
    public func withTemporaryFile<T>(contents: some Sequence<UInt8>, extension ext: String, _ body: (URL) throws -> T) throws -> T {
        let safeExtension = Self.isSafeExtension(ext) ? ext : "bin"
        lock.lock()
        counter += 1
        let name = "upload-\(counter).\(safeExtension)"
        lock.unlock()
        let url = directory.appendingPathComponent(name, isDirectory: false)
        let data = Data(contents)
        guard FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url)
    }

    /// Deletes the directory and anything left in it.
    public func removeDirectory() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The start of every store's directory name; the process id and a random suffix follow.
    public static let prefix = "attnviz-serve-"

    /// Removes each directory in `parent` named `attnviz-serve-PID-XXXXXX`, owned by this user,
    /// whose process `PID` does not exist (`kill(PID, 0)` fails with `ESRCH`); returns them.
    /// Directories of running servers, of other users, symbolic links and anything else are left
    /// alone. (A server in another PID namespace sharing this temporary directory would look
    /// gone; give such containers their own `TMPDIR`.)
    @discardableResult
    public static func removeLeftovers(in parent: URL) -> [URL] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return [] }
        var removed: [URL] = []
        for name in names {
            guard let pid = ownerProcess(ofDirectoryNamed: name), pid != getpid(), !isRunning(pid) else { continue }
            let url = parent.appendingPathComponent(name, isDirectory: true)
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),  // of a link, not its target
                  attributes[.type] as? FileAttributeType == .typeDirectory,
                  (attributes[.ownerAccountID] as? NSNumber)?.uintValue == UInt(getuid()) else { continue }
            if (try? FileManager.default.removeItem(at: url)) != nil { removed.append(url) }
        }
        return removed
    }

    /// `PID` of a name `attnviz-serve-PID-XXXXXX` (PID 1-10 digits, six characters after it).
    static func ownerProcess(ofDirectoryNamed name: String) -> pid_t? {
        guard name.hasPrefix(prefix) else { return nil }
        let parts = name.dropFirst(prefix.count).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].utf8.count == 6, (1...10).contains(parts[0].utf8.count),
              parts[0].utf8.allSatisfy({ (0x30...0x39).contains($0) }),
              let pid = pid_t(parts[0]), pid > 0 else { return nil }
        return pid
    }

    /// Whether a process `pid` exists (it may belong to another user).
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }

    /// Whether `ext` is 1-16 characters of `a-z` and `0-9`.
    public static func isSafeExtension(_ ext: String) -> Bool {
        !ext.isEmpty && ext.utf8.count <= 16 && ext.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }
}
