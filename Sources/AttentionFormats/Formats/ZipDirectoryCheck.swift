import Attention

/// Checks a zip archive's directory before ZIPFoundation reads it: the end-of-central-directory
/// record (and its ZIP64 form), the central directory's place, and every entry's local-header
/// offset and sizes must lie inside the file. ZIPFoundation converts such offsets to `off_t`
/// without a range check, so a 147-byte archive claiming an offset past `Int64.max` stopped the
/// whole process; here it is one clear error.
///
/// ```swift
/// try ZipDirectoryCheck.validate(file, path: "run.npz")
/// ```
enum ZipDirectoryCheck {
    /// Validates the directory of the zip in `file`.
    static func validate(_ file: MappedFile, path: String) throws(FormatError) {
        func fail(_ problem: String) -> FormatError { .malformed(path: path, problem: "not a readable .npz (zip) archive: \(problem)") }
        try file.withBytes { (bytes: UnsafeRawBufferPointer) throws(FormatError) in
            let size = bytes.count
            func u16(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 }
            func u32(_ at: Int) -> UInt64 { (0..<4).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
            func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
            func inside(_ offset: UInt64, _ length: UInt64 = 0) -> Bool {
                offset <= UInt64(size) && length <= UInt64(size) - offset
            }

            // The end record: signature 0x06054b50, within the last 22 + 65535 bytes.
            guard size >= 22 else { throw fail("too short for a zip end record") }
            var end = -1
            var at = size - 22
            while at >= max(0, size - 22 - 0xFFFF) {
                if u32(at) == 0x0605_4B50 { end = at; break }
                at -= 1
            }
            guard end >= 0 else { throw fail("no end of central directory record") }
            var entries = UInt64(u16(end + 10))
            var directorySize = u32(end + 12)
            var directoryOffset = u32(end + 16)
            if directoryOffset != 0xFFFF_FFFF && directorySize != 0xFFFF_FFFF {
                guard inside(directoryOffset, directorySize) else {
                    throw fail("central directory at \(directoryOffset) (\(directorySize) bytes) lies outside the \(size)-byte file")
                }
            }
            // ZIP64: a locator just before the end record points at the ZIP64 end record.
            if end >= 20, u32(end - 20) == 0x0706_4B50 {
                let record = u64(end - 12)
                guard inside(record, 56), u32(Int(record)) == 0x0606_4B50 else { throw fail("ZIP64 end record outside the file") }
                entries = u64(Int(record) + 32)
                directorySize = u64(Int(record) + 40)
                directoryOffset = u64(Int(record) + 48)
            }
            guard inside(directoryOffset, directorySize) else {
                throw fail("central directory at \(directoryOffset) (\(directorySize) bytes) lies outside the \(size)-byte file")
            }
            guard entries <= directorySize / 46 else { throw fail("\(entries) entries cannot fit in a \(directorySize)-byte directory") }

            // Every entry: its sizes and local header inside the file.
            var cursor = Int(directoryOffset)
            let directoryEnd = Int(directoryOffset + directorySize)
            for index in 0..<Int(entries) {
                guard cursor + 46 <= directoryEnd, u32(cursor) == 0x0201_4B50 else { throw fail("entry \(index) of the central directory is malformed") }
                var compressed = u32(cursor + 20)
                var uncompressed = u32(cursor + 24)
                let nameLength = u16(cursor + 28), extraLength = u16(cursor + 30), commentLength = u16(cursor + 32)
                var local = u32(cursor + 42)
                let extraStart = cursor + 46 + nameLength
                let next = extraStart + extraLength + commentLength
                guard next <= directoryEnd else { throw fail("entry \(index) runs past the central directory") }
                // ZIP64 extra field (id 1): the 64-bit values of whichever fields read 0xFFFFFFFF.
                var field = extraStart
                while field + 4 <= extraStart + extraLength {
                    let id = u16(field), length = u16(field + 2)
                    var value = field + 4
                    let fieldEnd = value + length
                    guard fieldEnd <= extraStart + extraLength else { break }
                    if id == 1 {
                        func take(_ current: inout UInt64) {
                            if current == 0xFFFF_FFFF, value + 8 <= fieldEnd { current = u64(value); value += 8 }
                        }
                        take(&uncompressed)
                        take(&compressed)
                        take(&local)
                    }
                    field = fieldEnd
                }
                guard inside(local, 30) else { throw fail("entry \(index)'s local header at \(local) lies outside the file") }
                guard compressed <= UInt64(size) else { throw fail("entry \(index) claims \(compressed) stored bytes in a \(size)-byte file") }
                guard uncompressed < UInt64(Int64.max) else { throw fail("entry \(index) claims \(uncompressed) bytes") }
                cursor = next
            }
        }
    }
}
