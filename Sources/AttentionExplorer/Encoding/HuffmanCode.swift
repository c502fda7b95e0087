/// Length-limited canonical Huffman codes, as deflate blocks need them.
///
/// ```swift
/// let lengths = HuffmanCode.lengths([5, 1, 1, 0], maximum: 15)   // [1, 2, 2, 0]
/// let codes = HuffmanCode.codes(lengths)                          // bit-reversed for LSB-first output
/// ```
enum HuffmanCode {
    /// Code lengths for `frequencies` (0 = unused symbol), none longer than `maximum`. At least
    /// two symbols always get a code, so every code is complete.
    static func lengths(_ frequencies: [Int], maximum: Int) -> [Int] {
        var frequencies = frequencies
        var used = frequencies.indices.filter { frequencies[$0] > 0 }
        var filler = 0
        while used.count < 2 {
            if frequencies[filler] == 0 {
                frequencies[filler] = 1
                used.append(filler)
            }
            filler += 1
        }
        used.sort { frequencies[$0] != frequencies[$1] ? frequencies[$0] < frequencies[$1] : $0 < $1 }
        let n = used.count
        // Two-queue Huffman: leaves 0..<n sorted by weight, internal nodes appended in order.
        var weight = used.map { frequencies[$0] } + [Int](repeating: 0, count: n - 1)
        var parent = [Int](repeating: -1, count: 2 * n - 1)
        var leaf = 0
        var inner = n
        var next = n
        func smallest() -> Int {
            if leaf < n && (inner >= next || weight[leaf] <= weight[inner]) {
                leaf += 1
                return leaf - 1
            }
            inner += 1
            return inner - 1
        }
        while next < 2 * n - 1 {
            let a = smallest()
            let b = smallest()
            weight[next] = weight[a] + weight[b]
            parent[a] = next
            parent[b] = next
            next += 1
        }
        var depth = [Int](repeating: 0, count: 2 * n - 1)
        for node in stride(from: 2 * n - 3, through: 0, by: -1) { depth[node] = depth[parent[node]] + 1 }
        // Count codes per length, then push overlong codes back under the limit (as miniz does).
        var perLength = [Int](repeating: 0, count: max(maximum, depth.max() ?? 0) + 1)
        for i in 0..<n { perLength[min(depth[i], maximum)] += 1 }
        var total = 0
        for length in 1...maximum { total += perLength[length] << (maximum - length) }
        while total > 1 << maximum {
            perLength[maximum] -= 1
            for length in stride(from: maximum - 1, through: 1, by: -1) where perLength[length] > 0 {
                perLength[length] -= 1
                perLength[length + 1] += 2
                break
            }
            total -= 1
        }
        // Most frequent symbols get the shortest codes.
        var result = [Int](repeating: 0, count: frequencies.count)
        var j = n
        for length in 1...maximum {
            for _ in 0..<perLength[length] {
                j -= 1
                result[used[j]] = length
            }
        }
        return result
    }

    /// Canonical codes for `lengths`, bit-reversed so they can be written least-significant first.
    static func codes(_ lengths: [Int]) -> [UInt32] {
        let maximum = lengths.max() ?? 0
        var perLength = [Int](repeating: 0, count: maximum + 2)
        for length in lengths where length > 0 { perLength[length] += 1 }
        var nextCode = [UInt32](repeating: 0, count: maximum + 2)
        var code: UInt32 = 0
        if maximum >= 1 {
            for bits in 1...maximum {
                code = (code + UInt32(perLength[bits - 1])) << 1
                nextCode[bits] = code
            }
        }
        return lengths.map { length in
            guard length > 0 else { return 0 }
            let value = nextCode[length]
            nextCode[length] += 1
            var reversed: UInt32 = 0
            for bit in 0..<length where value & (1 << UInt32(bit)) != 0 { reversed |= 1 << UInt32(length - 1 - bit) }
            return reversed
        }
    }
}
