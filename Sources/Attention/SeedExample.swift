/// The note's own example: `gperes`, attention among the characters of 武汉市长江大桥,
/// rows are queries in the note's order, columns keys in the note's order.
///
/// ```swift
/// let data = SeedExample.data        // [1, 1, 7, 7] with tokens 武 汉 市 长 江 大 桥
/// ```
public enum SeedExample {
    /// The seven tokens, in the note's order.
    public static let tokens: Tokens = ["武", "汉", "市", "长", "江", "大", "桥"]

    /// The note's `gperes[q][k]` as rows.
    public static let rows: [[Float]] = [
        [0.1, 0.9, 1, 0.05, 0.09, 0.03, 0.2],
        [0, 0.2, 0.1, 0.03, 0.04, 0.02, 0.07],
        [0, 0, 0.1, 0.01, 0.02, 0.03, 0.05],
        [0, 0, 0, 0.25, 0.1, 0.08, 0.09],
        [0, 0, 0, 0, 0.15, 0.04, 0.015],
        [0, 0, 0, 0, 0, 0.14, 0.15],
        [0, 0, 0, 0, 0, 0, 0.12],
    ]

    /// The example as a 7x7 matrix.
    public static var matrix: AttentionMatrix {
        AttentionMatrix(rows: 7, columns: 7, values: rows.flatMap { $0 })
    }

    /// The example as labelled attention.
    public static var data: AttentionData {
        // The literal above is well-formed; these cannot fail.
        try! AttentionData(tensor: AttentionTensor(matrix: matrix), queryTokens: tokens, keyTokens: tokens)
    }

    /// The note's JSON `gperes` text, dict-of-dicts, for format round trips and `demo`.
    public static let gperesJSON = """
    {
         "武": {"武": 0.1, "汉": 0.9, "市": 1, "长": 0.05, "江": 0.09, "大": 0.03, "桥": 0.2},
         "汉": {"武": 0, "汉": 0.2, "市": 0.1, "长": 0.03, "江": 0.04, "大": 0.02, "桥": 0.07},
         "市": {"武": 0, "汉": 0, "市": 0.1, "长": 0.01, "江": 0.02, "大": 0.03, "桥": 0.05},
         "长": {"武": 0, "汉": 0, "市": 0, "长": 0.25, "江": 0.1, "大": 0.08, "桥": 0.09},
         "江": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0.15, "大": 0.04, "桥": 0.015},
         "大": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0, "大": 0.14, "桥": 0.15},
         "桥": {"武": 0, "汉": 0, "市": 0, "长": 0, "江": 0, "大": 0, "桥": 0.12}
    }
    """
}
