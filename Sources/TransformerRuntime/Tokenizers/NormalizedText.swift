/// Text as a list of Unicode scalars, each remembering which scalar of the original input it
/// came from, so tokens found after normalisation can be mapped back to the input for display.
///
/// ```swift
/// var text = NormalizedText("Ça")
/// text.map { $0.properties.lowercaseMapping.unicodeScalars.map { $0 } }
/// text.originalRange(of: 0..<2)   // 0..<2
/// ```
struct NormalizedText: Sendable, Equatable {
    /// The current scalars.
    var scalars: [Unicode.Scalar]
    /// For each scalar, the index of the original scalar it derives from.
    var origins: [Int]

    /// The scalars of `text`, each its own origin (offset by `base`).
    init(_ text: some StringProtocol, base: Int = 0) {
        scalars = Array(text.unicodeScalars)
        origins = Array(base..<(base + scalars.count))
    }

    init(scalars: [Unicode.Scalar], origins: [Int]) {
        self.scalars = scalars
        self.origins = origins
    }

    var isEmpty: Bool { scalars.isEmpty }
    var count: Int { scalars.count }

    /// Replaces every scalar by zero or more scalars, which inherit its origin.
    mutating func map(_ transform: (Unicode.Scalar) -> [Unicode.Scalar]) {
        var newScalars = [Unicode.Scalar]()
        var newOrigins = [Int]()
        newScalars.reserveCapacity(scalars.count)
        newOrigins.reserveCapacity(scalars.count)
        for (scalar, origin) in zip(scalars, origins) {
            for replacement in transform(scalar) {
                newScalars.append(replacement)
                newOrigins.append(origin)
            }
        }
        scalars = newScalars
        origins = newOrigins
    }

    /// The sub-text of scalars `range`.
    func slice(_ range: Range<Int>) -> NormalizedText {
        NormalizedText(scalars: Array(scalars[range]), origins: Array(origins[range]))
    }

    /// The range of original scalars covered by normalised scalars `range`.
    func originalRange(of range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < origins.count ? origins[range.lowerBound] : (origins.last.map { $0 + 1 } ?? 0)
            return at..<at
        }
        var low = Int.max
        var high = Int.min
        for i in range {
            low = min(low, origins[i])
            high = max(high, origins[i])
        }
        return low..<(high + 1)
    }

    /// The scalars as a string.
    var string: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars)
        return String(s)
    }
}
