/// A small zlib (RFC 1950) compressor: greedy LZ77 over a 32 KiB window with hash chains,
/// dynamic Huffman blocks (RFC 1951). Quantised attention is mostly runs of small bytes, so
/// this takes a `[6, 12, 512, 512]` tensor from 19 MB to a few MB; browsers decode it natively
/// (`DecompressionStream("deflate")`), and so does any zlib.
///
/// ```swift
/// let packed = Deflate.zlib([UInt8](repeating: 0, count: 1 << 20))   // about a kilobyte
/// ```
public enum Deflate {
    /// Compresses `input` into a complete zlib stream.
    public static func zlib(_ input: [UInt8]) -> [UInt8] {
        var writer = BitWriter()
        writer.bytes.reserveCapacity(input.count / 4 + 64)
        writer.bytes.append(0x78)
        writer.bytes.append(0x9C)
        var matcher = Matcher()
        var tokens = [UInt32]()
        tokens.reserveCapacity(blockTokens + 2)
        var position = 0
        input.withUnsafeBufferPointer { buffer in
            while position < buffer.count {
                position = matcher.tokenize(buffer, from: position, into: &tokens, limit: blockTokens)
                writeBlock(tokens, final: position >= buffer.count, to: &writer)
                tokens.removeAll(keepingCapacity: true)
            }
        }
        if input.isEmpty { writeBlock([], final: true, to: &writer) }
        writer.flush()
        let checksum = adler32(input)
        for shift in [24, 16, 8, 0] { writer.bytes.append(UInt8(truncatingIfNeeded: checksum >> UInt32(shift))) }
        return writer.bytes
    }

    /// Tokens per block: each block gets Huffman codes fitted to its own statistics.
    static let blockTokens = 1 << 16

    /// Token encoding: literals are `0..<256`; matches set bit 31 with the length in bits
    /// 16...24 and `distance - 1` in bits 0...15.
    static let matchFlag: UInt32 = 1 << 31

    static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra: [Int] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase: [Int] = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    static let distanceExtra: [Int] = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
    /// Order in which code-length code lengths are written.
    static let codeLengthOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// Length code index (0...28) for every match length 0...258.
    static let lengthCodeOf: [Int] = {
        var table = [Int](repeating: 0, count: 259)
        for code in 0..<29 {
            let end = code == 28 ? 259 : lengthBase[code + 1]
            for length in lengthBase[code]..<min(end, 259) { table[length] = code }
        }
        table[258] = 28
        return table
    }()

    static func distanceCode(_ distance: Int) -> Int {
        var low = 0
        var high = 29
        while low < high {
            let mid = (low + high + 1) / 2
            if distanceBase[mid] <= distance { low = mid } else { high = mid - 1 }
        }
        return low
    }

    static func writeBlock(_ tokens: [UInt32], final: Bool, to writer: inout BitWriter) {
        var literalFrequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 30)
        for token in tokens {
            if token & matchFlag != 0 {
                literalFrequencies[257 + lengthCodeOf[Int((token >> 16) & 0x1FF)]] += 1
                distanceFrequencies[distanceCode(Int(token & 0xFFFF) + 1)] += 1
            } else {
                literalFrequencies[Int(token)] += 1
            }
        }
        literalFrequencies[256] = 1
        let literalLengths = HuffmanCode.lengths(literalFrequencies, maximum: 15)
        let distanceLengths = HuffmanCode.lengths(distanceFrequencies, maximum: 15)
        let literalCount = max(257, (literalLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let distanceCount = max(1, (distanceLengths.lastIndex { $0 > 0 } ?? 0) + 1)
        let sequence = Array(literalLengths[0..<literalCount]) + Array(distanceLengths[0..<distanceCount])
        var lengthFrequencies = [Int](repeating: 0, count: 19)
        for length in sequence { lengthFrequencies[length] += 1 }
        let codeLengthLengths = HuffmanCode.lengths(lengthFrequencies, maximum: 7)
        var codeLengthCount = 19
        while codeLengthCount > 4 && codeLengthLengths[codeLengthOrder[codeLengthCount - 1]] == 0 { codeLengthCount -= 1 }

        writer.write(final ? 1 : 0, 1)
        writer.write(2, 2)
        writer.write(UInt32(literalCount - 257), 5)
        writer.write(UInt32(distanceCount - 1), 5)
        writer.write(UInt32(codeLengthCount - 4), 4)
        for index in 0..<codeLengthCount { writer.write(UInt32(codeLengthLengths[codeLengthOrder[index]]), 3) }
        let codeLengthCodes = HuffmanCode.codes(codeLengthLengths)
        for length in sequence { writer.write(codeLengthCodes[length], codeLengthLengths[length]) }

        let literalCodes = HuffmanCode.codes(literalLengths)
        let distanceCodes = HuffmanCode.codes(distanceLengths)
        for token in tokens {
            if token & matchFlag != 0 {
                let length = Int((token >> 16) & 0x1FF)
                let lengthCode = lengthCodeOf[length]
                writer.write(literalCodes[257 + lengthCode], literalLengths[257 + lengthCode])
                writer.write(UInt32(length - lengthBase[lengthCode]), lengthExtra[lengthCode])
                let distance = Int(token & 0xFFFF) + 1
                let code = distanceCode(distance)
                writer.write(distanceCodes[code], distanceLengths[code])
                writer.write(UInt32(distance - distanceBase[code]), distanceExtra[code])
            } else {
                writer.write(literalCodes[Int(token)], literalLengths[Int(token)])
            }
        }
        writer.write(literalCodes[256], literalLengths[256])
    }

    static func adler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var index = 0
        while index < bytes.count {
            let end = min(index + 5552, bytes.count)
            while index < end {
                a &+= UInt32(bytes[index])
                b &+= a
                index += 1
            }
            a %= 65521
            b %= 65521
        }
        return b << 16 | a
    }

    /// Greedy LZ77 matcher with hash chains over the last 32 KiB.
    struct Matcher {
        static let window = 1 << 15
        static let hashBits = 15
        static let maxChain = 24
        static let niceLength = 128
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        var previous = [Int32](repeating: -1, count: window)

        static func hash(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
            let v = UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16
            return Int((v &* 2_654_435_761) >> UInt32(32 - hashBits))
        }

        mutating func insert(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) {
            guard i + 2 < b.count else { return }
            let h = Self.hash(b, i)
            previous[i & (Self.window - 1)] = head[h]
            head[h] = Int32(i)
        }

        /// Appends tokens starting at `start` until `limit` tokens; returns the next position.
        mutating func tokenize(_ b: UnsafeBufferPointer<UInt8>, from start: Int, into tokens: inout [UInt32], limit: Int) -> Int {
            var i = start
            let n = b.count
            while i < n && tokens.count < limit {
                var bestLength = 0
                var bestDistance = 0
                if i + 2 < n {
                    let maxLength = min(258, n - i)
                    var candidate = Int(head[Self.hash(b, i)])
                    var chain = Self.maxChain
                    while candidate >= 0 && i - candidate <= Self.window && chain > 0 {
                        if b[candidate + bestLength] == b[i + bestLength] || bestLength == 0 {
                            var length = 0
                            while length < maxLength && b[candidate + length] == b[i + length] { length += 1 }
                            if length > bestLength {
                                bestLength = length
                                bestDistance = i - candidate
                                if length >= Self.niceLength || length == maxLength { break }
                            }
                        }
                        let next = Int(previous[candidate & (Self.window - 1)])
                        if next >= candidate { break }
                        candidate = next
                        chain -= 1
                    }
                }
                if bestLength >= 3 {
                    tokens.append(Deflate.matchFlag | UInt32(bestLength) << 16 | UInt32(bestDistance - 1))
                    for p in i..<(i + bestLength) { insert(b, p) }
                    i += bestLength
                } else {
                    tokens.append(UInt32(b[i]))
                    insert(b, i)
                    i += 1
                }
            }
            return i
        }
    }

    /// Writes bits least-significant first, as deflate wants.
    struct BitWriter {
        var bytes = [UInt8]()
        var buffer: UInt64 = 0
        var count = 0

        mutating func write(_ value: UInt32, _ bits: Int) {
            buffer |= UInt64(value) << UInt64(count)
            count += bits
            while count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                count -= 8
            }
        }

        mutating func flush() {
            if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            buffer = 0
            count = 0
        }
    }
}
