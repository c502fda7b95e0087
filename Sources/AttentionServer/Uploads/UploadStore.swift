import Foundation

/// A private temporary directory (mode 0700, made by `mkdtemp`) holding uploads while they are
/// parsed. File names are `upload-N.EXT`: nothing from the request but an extension from an
/// allow-list reaches the file system, and each file is deleted right after use.
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

    /// Creates a fresh directory under `parent` (the system temporary directory by default).
    public init(parent: URL = FileManager.default.temporaryDirectory) throws {
        var template = Array(parent.appendingPathComponent("attnviz-serve-XXXXXX").path.utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: parent.path])
        }
        let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
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

    /// Whether `ext` is 1-16 characters of `a-z` and `0-9`.
    public static func isSafeExtension(_ ext: String) -> Bool {
        !ext.isEmpty && ext.utf8.count <= 16 && ext.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
    }
}
