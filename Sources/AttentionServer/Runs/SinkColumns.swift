import Attention

/// The key columns that are attention sinks for a head's colour range: key 0 and every key whose
/// token is a special token, matched exactly as the explorer page matches them
/// (`^(\[CLS\]|\[SEP\]|<s>|</s>|<bos>|<eos>|<pad>|<\|[^|]*\|>)$`, case-insensitive).
///
/// ```swift
/// SinkColumns.indices(in: Tokens(["<s>", "a", "<|im_end|>", "[sep]"]))   // [0, 2, 3]
/// ```
public enum SinkColumns {
    /// Ascending sink columns of `keys` (key 0 whenever there is one).
    public static func indices(in keys: Tokens) -> [Int] {
        keys.strings.indices.filter { $0 == 0 || isSinkToken(keys.strings[$0]) }
    }

    /// Whether `token` is one of the special tokens the explorer treats as a sink.
    public static func isSinkToken(_ token: String) -> Bool {
        let t = token.lowercased()
        if ["[cls]", "[sep]", "<s>", "</s>", "<bos>", "<eos>", "<pad>"].contains(t) { return true }
        let u = Array(t.utf8)
        guard u.count >= 4, u[0] == UInt8(ascii: "<"), u[1] == UInt8(ascii: "|"),
              u[u.count - 2] == UInt8(ascii: "|"), u[u.count - 1] == UInt8(ascii: ">") else { return false }
        return !u[2..<(u.count - 2)].contains(UInt8(ascii: "|"))
    }
}
