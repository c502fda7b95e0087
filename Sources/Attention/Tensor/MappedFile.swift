#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A read-only memory map of a whole file: pages are read only when touched, so a 64 GiB
/// tensor file can be opened and one head of it read with a few megabytes of memory. A file
/// already in memory (an upload) can stand in for one: its bytes are read in place, the same way.
///
/// ```swift
/// let file = try MappedFile(path: "attn.npy")
/// file.count                       // size in bytes
/// file.withBytes { $0.load(as: UInt8.self) }
/// let upload = MappedFile(data: body, path: "attn.npy")   // errors name "attn.npy"
/// ```
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from (for error messages).
    public let path: String
    /// Size of the file in bytes.
    public let count: Int
    private let base: UnsafeMutableRawPointer?
    /// The bytes of a file given in memory (`base` is then `nil`).
    private let data: Data?

    /// Maps `path` read-only. Empty files map to an empty buffer.
    public init(path: String) throws(AttentionError) {
        self.path = path
        data = nil
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw .fileAccess(path: path, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .fileAccess(path: path, reason: "not a regular file")
        }
        count = Int(info.st_size)
        if count == 0 {
            base = nil
            return
        }
        let mapped = mmap(nil, count, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw .fileAccess(path: path, reason: "cannot map file: \(String(cString: strerror(errno)))")
        }
        base = mapped
    }

    /// Reads `data` as if it were the file `path` (which names it in messages and is never
    /// opened); nothing is copied.
    public init(data: Data, path: String) {
        self.path = path
        self.data = data
        count = data.count
        base = nil
    }

    deinit {
        if let base { munmap(base, count) }
    }

    /// Calls `body` with the mapped bytes.
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        if let data {
            // `Data.withUnsafeBytes` only rethrows; carry the typed error across it.
            let result: Result<R, E> = data.withUnsafeBytes { bytes in
                do throws(E) { return .success(try body(bytes)) } catch { return .failure(error) }
            }
            return try result.get()
        }
        return try body(UnsafeRawBufferPointer(start: base.map { UnsafeRawPointer($0) }, count: count))
    }

    /// Tells the kernel the pages in `range` are no longer needed, so resident memory stays low
    /// after a large strided read.
    public func release(byteRange range: Range<Int>) {
        guard let base, !range.isEmpty else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = (range.lowerBound / page) * page
        let end = min(count, range.upperBound)
        guard end > start else { return }
        madvise(base + start, end - start, Int32(MADV_DONTNEED))
    }
}
