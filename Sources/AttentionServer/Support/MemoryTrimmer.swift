import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hands memory freed after large requests back to the system. glibc keeps freed heap memory
/// for reuse, and after a burst of multi-megabyte uploads parsed on several threads that can be
/// hundreds of megabytes of resident memory nobody uses; `malloc_trim(0)` returns it.
///
/// ``trimSoon()`` trims once, `delay` later, on its own short-lived thread (by then the request
/// and its response buffers are gone); calls made while a trim is pending share it. Elsewhere
/// than glibc it does nothing.
///
/// ```swift
/// let trimmer = MemoryTrimmer(delay: .milliseconds(200))
/// trimmer.trimSoon()      // after an upload finished
/// ```
public final class MemoryTrimmer: @unchecked Sendable {
    /// How long after a request the trim runs.
    public let delay: Duration
    private let lock = NSLock()
    private var pending = false
    private var count = 0

    public init(delay: Duration = .milliseconds(200)) {
        self.delay = delay
    }

    /// Schedules a trim `delay` from now unless one is already pending.
    public func trimSoon() {
        let schedule = lock.withLock {
            if pending { return false }
            pending = true
            return true
        }
        guard schedule else { return }
        let microseconds = delay.components.seconds * 1_000_000 + delay.components.attoseconds / 1_000_000_000_000
        Thread.detachNewThread { [self] in
            usleep(UInt32(clamping: microseconds))
            lock.withLock { pending = false }
            Self.trimNow()
            lock.withLock { count += 1 }
        }
    }

    /// Trims finished so far.
    public var trims: Int {
        lock.withLock { count }
    }

    /// Returns free heap memory to the system now (glibc only).
    public static func trimNow() {
        _ = mallocTrim?(0)
    }

    /// glibc's `int malloc_trim(size_t pad)`, looked up at run time: Swift's Glibc module does
    /// not declare it. `nil` elsewhere.
    private static let mallocTrim: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
