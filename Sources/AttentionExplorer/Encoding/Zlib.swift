import Attention
import CSystemZlib

/// zlib streams (RFC 1950/1951) through the system's zlib: what the explorer's payloads are
/// compressed with. Browsers decode them natively (`DecompressionStream("deflate")`), and so
/// does any zlib.
///
/// ```swift
/// let packed = Zlib.compress([UInt8](repeating: 0, count: 1 << 20))   // about a kilobyte
/// let back = try Zlib.decompress(packed, count: 1 << 20)               // the megabyte again
/// ```
public enum Zlib {
    /// How zlib looks for matches.
    public enum Strategy: Sendable {
        /// zlib's default.
        case standard
        /// `Z_FILTERED`: fewer short matches, more Huffman coding; smaller for quantised
        /// attention, whose bytes are mostly small numbers without long repeats.
        case filtered
    }

    /// Bytes handed to zlib per call (its counters are 32-bit).
    static let chunk = 1 << 30

    /// Compresses `input` into one complete zlib stream at `level` (0...9).
    public static func compress(_ input: [UInt8], level: Int32 = 9, strategy: Strategy = .filtered) -> [UInt8] {
        var stream = z_stream()
        let zStrategy = strategy == .filtered ? Z_FILTERED : Z_DEFAULT_STRATEGY
        // deflateInit2 is a macro; this is what it expands to. It fails only for bad arguments
        // or no memory: ours are constants, and no memory is fatal anyway.
        let status = deflateInit2_(&stream, max(0, min(9, level)), Z_DEFLATED, 15, 8, zStrategy,
                                   zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        precondition(status == Z_OK, "deflateInit2 failed (\(status))")
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let written = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> Int in
                // zlib counts in 32 bits: feed at most `chunk` bytes per call. deflateBound leaves
                // room for the whole stream, so the output never runs out.
                var result = Z_OK
                repeat {
                    let read = Int(stream.total_in), done = Int(stream.total_out)
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + read })
                    stream.avail_in = uInt(min(chunk, source.count - read))
                    stream.next_out = target.baseAddress.map { $0 + done }
                    stream.avail_out = uInt(min(chunk, target.count - done))
                    result = deflate(&stream, source.count - read <= chunk ? Z_FINISH : Z_NO_FLUSH)
                    precondition(result == Z_OK || result == Z_STREAM_END, "deflate failed (\(result))")
                } while result != Z_STREAM_END
                return Int(stream.total_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses one zlib stream that must hold exactly `count` bytes. Throws
    /// `invalidParameter` for a corrupt or truncated stream, one that holds more or fewer bytes,
    /// or bytes after its end.
    public static func decompress(_ input: [UInt8], count: Int) throws(AttentionError) -> [UInt8] {
        guard count >= 0 else { throw .invalidParameter("cannot inflate to \(count) bytes") }
        var stream = z_stream()
        guard inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw .invalidParameter("zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        // One spare byte shows a stream that holds more than `count`.
        var output = [UInt8](repeating: 0, count: count + 1)
        let (status, produced, consumed) = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target -> (Int32, Int, Int) in
                var status = Z_OK
                repeat {
                    let read = Int(stream.total_in), done = Int(stream.total_out)
                    stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress.map { $0 + read })
                    stream.avail_in = uInt(min(chunk, source.count - read))
                    stream.next_out = target.baseAddress.map { $0 + done }
                    stream.avail_out = uInt(min(chunk, target.count - done))
                    status = inflate(&stream, Z_NO_FLUSH)
                    // Stop at the end, an error, or when a call can make no progress (input used
                    // up, or output full).
                } while status == Z_OK && stream.avail_in == 0 && Int(stream.total_in) < source.count
                    || status == Z_OK && stream.avail_out == 0 && Int(stream.total_out) < target.count
                return (status, Int(stream.total_out), Int(stream.total_in))
            }
        }
        guard status == Z_STREAM_END else {
            if produced > count { throw .invalidParameter("zlib stream holds more than the \(count) bytes expected") }
            throw .invalidParameter("corrupt or truncated zlib stream (zlib status \(status) after \(produced) bytes)")
        }
        guard produced == count else {
            throw .invalidParameter("zlib stream holds \(produced) bytes, expected \(count)")
        }
        guard consumed == input.count else {
            throw .invalidParameter("\(input.count - consumed) bytes after the end of the zlib stream")
        }
        output.removeLast()
        return output
    }
}
