/// Byte-pair encoding: a word is cut into symbols, then adjacent symbols are merged in the order
/// of the merge list, lowest rank first. Byte-level (GPT-2, Llama 3, Qwen2): the symbols are the
/// word's UTF-8 bytes, each shown as a printable character (`Ġ` for a space). SentencePiece-style
/// (Llama 2, Mistral, Gemma): the symbols are characters, and with `byteFallback` a character
/// missing from the vocabulary becomes its bytes as `<0xE6>`-style tokens.
///
/// ```swift
/// let bpe = BPEModel(vocabulary: ["h": 0, "i": 1, "hi": 2], merges: [("h", "i")])
/// bpe.tokenize(NormalizedText("hi")).map(\.token)   // ["hi"]
/// ```
struct BPEModel: Sendable {
    var vocabulary: [String: Int]
    /// Rank of each merge, keyed by the pair.
    var ranks: [Pair: Int]
    /// When set, a word already in the vocabulary is taken whole, without merging.
    var ignoreMerges = false
    var unknownToken: String?
    /// Symbols are bytes (`true`) or characters.
    var byteLevel = true
    /// Characters missing from the vocabulary become `<0x..>` byte tokens (character symbols only).
    var byteFallback = false
    /// Consecutive unknown characters become one unknown token.
    var fuseUnknown = false

    struct Pair: Hashable, Sendable {
        var left: String
        var right: String
    }

    init(vocabulary: [String: Int], merges: [(String, String)], ignoreMerges: Bool = false, unknownToken: String? = nil) {
        self.vocabulary = vocabulary
        var ranks = [Pair: Int]()
        for (rank, merge) in merges.enumerated() where ranks[Pair(left: merge.0, right: merge.1)] == nil {
            ranks[Pair(left: merge.0, right: merge.1)] = rank
        }
        self.ranks = ranks
        self.ignoreMerges = ignoreMerges
        self.unknownToken = unknownToken
    }

    /// SentencePiece's name for byte `b`: `<0xE6>`.
    static func byteToken(_ b: UInt8) -> String {
        let hex = String(b, radix: 16, uppercase: true)
        return "<0x" + (hex.count == 1 ? "0" + hex : hex) + ">"
    }

    /// The byte a `<0x..>` token stands for, or `nil`.
    static func byteOfToken(_ token: String) -> UInt8? {
        let u = Array(token.utf8)
        guard u.count == 6, u[0] == UInt8(ascii: "<"), u[1] == UInt8(ascii: "0"), u[2] == UInt8(ascii: "x"),
              u[5] == UInt8(ascii: ">") else { return nil }
        return UInt8(String(decoding: u[3..<5], as: UTF8.self), radix: 16)
    }

    /// The bytes a token of this model stands for: its byte-level symbols as bytes, or (characters)
    /// `<0x..>` as that byte and `▁` as a space; `nil` when a byte-level token holds other scalars.
    func bytes(of token: String) -> [UInt8]? {
        if byteLevel {
            var bytes = [UInt8]()
            for scalar in token.unicodeScalars {
                guard let byte = Self.scalarToByte[scalar] else { return nil }
                bytes.append(byte)
            }
            return bytes
        }
        if let byte = Self.byteOfToken(token) { return [byte] }
        return Array(token.replacingOccurrences(of: "\u{2581}", with: " ").utf8)
    }

    /// GPT-2's `bytes_to_unicode`: printable bytes stand for themselves, the rest map to
    /// U+0100 upwards in byte order.
    static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar?](repeating: nil, count: 256)
        let printable = Array(33...126) + Array(161...172) + Array(174...255)
        for b in printable { table[b] = Unicode.Scalar(UInt8(b)) }
        var next: UInt32 = 256
        for b in 0..<256 where table[b] == nil {
            table[b] = Unicode.Scalar(next)
            next += 1
        }
        return table.map { $0 ?? " " }
    }()

    /// The pieces of one word with their ranges in the word's scalars.
    func tokenize(_ word: NormalizedText) -> [(token: String, id: Int, range: Range<Int>)] {
        // Bytes or characters of the word, remembering which scalar each came from.
        var symbols = [String]()
        var owners = [Range<Int>]()   // scalar range of each symbol
        for (index, scalar) in word.scalars.enumerated() {
            if byteLevel {
                for byte in String(scalar).utf8 {
                    symbols.append(String(Character(Self.byteToScalar[Int(byte)])))
                    owners.append(index..<(index + 1))
                }
                continue
            }
            let character = String(scalar)
            if vocabulary[character] != nil {
                symbols.append(character)
                owners.append(index..<(index + 1))
            } else if byteFallback, case let bytes = character.utf8.map(Self.byteToken), bytes.allSatisfy({ vocabulary[$0] != nil }) {
                symbols += bytes
                owners += Array(repeating: index..<(index + 1), count: bytes.count)
            } else if let unknownToken {
                if fuseUnknown, symbols.last == unknownToken, let last = owners.last, last.upperBound == index {
                    owners[owners.count - 1] = last.lowerBound..<(index + 1)
                } else {
                    symbols.append(unknownToken)
                    owners.append(index..<(index + 1))
                }
            }
        }
        if ignoreMerges, let id = vocabulary[symbols.joined()] {
            return [(symbols.joined(), id, 0..<word.count)]
        }
        (symbols, owners) = merge(symbols, owners)
        var pieces = [(token: String, id: Int, range: Range<Int>)]()
        for (symbol, range) in zip(symbols, owners) {
            if let id = vocabulary[symbol] {
                pieces.append((symbol, id, range))
            } else if let unknownToken, let id = vocabulary[unknownToken] {
                pieces.append((unknownToken, id, range))
            }
        }
        return pieces
    }
}

extension BPEModel {
    /// Applies merges until none is left: always the lowest-ranked pair, the leftmost of equals
    /// (as the tokenizers library does). Pairs wait in a heap keyed by (rank, position) and the
    /// symbols form a linked list, so a word of n bytes costs O(n log n), not O(n²): a long run
    /// of letters without spaces cannot stall the tokenizer.
    func merge(_ initial: [String], _ initialOwners: [Range<Int>]) -> ([String], [Range<Int>]) {
        guard initial.count > 1 else { return (initial, initialOwners) }
        var symbols = initial
        var owners = initialOwners
        var next = Array(1...symbols.count)
        next[symbols.count - 1] = -1
        var previous = Array(-1..<(symbols.count - 1))
        var alive = [Bool](repeating: true, count: symbols.count)
        var heap = MergeHeap()
        func push(_ i: Int) {
            guard i >= 0 else { return }
            let j = next[i]
            guard j >= 0, let rank = ranks[Pair(left: symbols[i], right: symbols[j])] else { return }
            heap.push(MergeHeap.Entry(rank: rank, position: i))
        }
        for i in 0..<(symbols.count - 1) { push(i) }
        while let entry = heap.pop() {
            let i = entry.position
            let j = next[i]
            // Stale entries (a side was merged away since) no longer name this rank's pair.
            guard alive[i], j >= 0, ranks[Pair(left: symbols[i], right: symbols[j])] == entry.rank else { continue }
            symbols[i] += symbols[j]
            owners[i] = owners[i].lowerBound..<owners[j].upperBound
            alive[j] = false
            next[i] = next[j]
            if next[j] >= 0 { previous[next[j]] = i }
            push(previous[i])
            push(i)
        }
        var outSymbols = [String](), outOwners = [Range<Int>]()
        var i = 0
        while i >= 0 {
            outSymbols.append(symbols[i])
            outOwners.append(owners[i])
            i = next[i]
        }
        return (outSymbols, outOwners)
    }

    /// A binary min-heap of pending merges ordered by rank, then position.
    struct MergeHeap {
        struct Entry {
            var rank: Int
            var position: Int
            func precedes(_ other: Entry) -> Bool { rank != other.rank ? rank < other.rank : position < other.position }
        }
        private var items = [Entry]()

        mutating func push(_ entry: Entry) {
            items.append(entry)
            var child = items.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard items[child].precedes(items[parent]) else { break }
                items.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Entry? {
            guard let first = items.first else { return nil }
            let last = items.removeLast()
            if !items.isEmpty {
                items[0] = last
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var smallest = parent
                    if left < items.count, items[left].precedes(items[smallest]) { smallest = left }
                    if right < items.count, items[right].precedes(items[smallest]) { smallest = right }
                    if smallest == parent { break }
                    items.swapAt(parent, smallest)
                    parent = smallest
                }
            }
            return first
        }
    }

    /// Byte value of each byte-level symbol scalar.
    static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var table = [Unicode.Scalar: UInt8]()
        for (byte, scalar) in byteToScalar.enumerated() { table[scalar] = UInt8(byte) }
        return table
    }()
}

extension BPEModel {
    /// Readable strings for byte-level tokens (see `readable(_:bytes:)`).
    static func readable(_ tokens: [String]) -> [String] {
        let byteLevel = BPEModel(vocabulary: [:], merges: [])
        return readable(tokens, bytes: tokens.map(byteLevel.bytes(of:)))
    }

    /// Readable strings for a run of tokens, read in context from the bytes each stands for
    /// (`nil` for special tokens): each token shows the text its bytes decode to (`Ġquick` and
    /// `▁quick` → ` quick`); a token holding only part of a character's UTF-8 bytes shows that
    /// whole character, marked partial with `…` on the side where it is cut (`武` split over two
    /// tokens reads `武…` then `…武`). Special tokens are shown as they are; bytes that are not
    /// UTF-8 at all as `<e6 ad>`.
    static func readable(_ tokens: [String], bytes bytesOfToken: [[UInt8]?]) -> [String] {
        var out = tokens
        var start = 0
        while start < tokens.count {
            guard bytesOfToken[start] != nil else { start += 1; continue }
            var end = start
            while end < tokens.count, bytesOfToken[end] != nil { end += 1 }
            readRun(bytesOfToken[start..<end].map { $0 ?? [] }, into: &out, at: start)
            start = end
        }
        return out
    }

    /// One run of byte-level tokens: character boundaries found over the joined bytes.
    private static func readRun(_ pieces: [[UInt8]], into out: inout [String], at first: Int) {
        let bytes = pieces.flatMap { $0 }
        // Start offset of the character each byte belongs to, and that character's length;
        // nil where the bytes are not UTF-8.
        var characterStart = [Int?](repeating: nil, count: bytes.count)
        var characterLength = [Int](repeating: 0, count: bytes.count)
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length > 0, i + length <= bytes.count, String(validating: bytes[i..<(i + length)], as: UTF8.self) != nil {
                for k in i..<(i + length) { characterStart[k] = i; characterLength[k] = length }
                i += length
            } else {
                i += 1
            }
        }
        var offset = 0
        for (index, piece) in pieces.enumerated() {
            defer { offset += piece.count }
            guard !piece.isEmpty else { out[first + index] = ""; continue }
            let range = offset..<(offset + piece.count)
            guard let from = characterStart[range.lowerBound], let lastStart = characterStart[range.upperBound - 1],
                  range.allSatisfy({ characterStart[$0] != nil }) else {
                out[first + index] = "<" + piece.map { String($0, radix: 16) }.joined(separator: " ") + ">"
                continue
            }
            let to = lastStart + characterLength[range.upperBound - 1]
            let text = String(decoding: bytes[from..<to], as: UTF8.self)
            out[first + index] = (from < range.lowerBound ? "…" : "") + text + (to > range.upperBound ? "…" : "")
        }
    }
}
