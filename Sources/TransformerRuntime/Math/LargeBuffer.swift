#if canImport(Glibc)
import Glibc
#endif

/// Large scratch and result arrays for the forward pass.
enum LargeBuffer {
    /// An array of `count` floats whose contents are unspecified: every element must be written
    /// before it is read. Spans of 2 MiB inside it are offered to the kernel as transparent huge
    /// pages, so filling a 75 MB attention tensor takes a few dozen page faults, not 18 000.
    static func floats(count: Int) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            #if canImport(Glibc)
            if let base = buffer.baseAddress, count * 4 >= 4 << 20 {
                let huge = 2 << 20
                let start = (Int(bitPattern: base) + huge - 1) / huge * huge
                let end = (Int(bitPattern: base) + count * 4) / huge * huge
                if end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) {
                    _ = madvise(pointer, end - start, Int32(MADV_HUGEPAGE))
                }
            }
            #endif
            initialized = count
        }
    }
}
