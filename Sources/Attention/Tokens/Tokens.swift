/// An ordered list of token strings labelling one axis (queries or keys) of a tensor.
/// Token strings are untrusted: renderers escape them for their output.
///
/// ```swift
/// let tokens = Tokens(splittingOnSpaces: "武 汉 市")   // ["武", "汉", "市"]
/// tokens.count                                         // 3
/// ```
public struct Tokens: Equatable, Hashable, Sendable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The token strings in order.
    public var strings: [String]

    /// Tokens from an array of strings.
    public init(_ strings: [String]) { self.strings = strings }

    public init(arrayLiteral elements: String...) { self.strings = elements }

    /// Tokens from a text split on single spaces, exactly as the note's `text.split(" ")`
    /// (consecutive spaces give empty tokens).
    public init(splittingOnSpaces text: String) {
        self.strings = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
    }

    /// Numbered placeholder labels `0, 1, 2, ...` for files without tokens.
    public static func indices(_ count: Int) -> Tokens { Tokens((0..<count).map(String.init)) }

    public var startIndex: Int { strings.startIndex }
    public var endIndex: Int { strings.endIndex }
    public subscript(position: Int) -> String { strings[position] }
}
