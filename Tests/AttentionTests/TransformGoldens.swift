import Foundation
@testable import Attention

/// The NumPy results of `scripts/fixtures/make_transform_goldens.py`, read with Foundation's
/// JSON parser.
struct TransformGoldens {
    let object: [String: Any]

    static func load() throws -> TransformGoldens {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/transforms.json")
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        return TransformGoldens(object: object)
    }

    func values(_ key: String) -> [Double] { (object[key] as? [NSNumber] ?? []).map(\.doubleValue) }
    func shape(_ key: String) -> [Int] { (object[key] as? [NSNumber] ?? []).map(\.intValue) }

    /// The `[3, 4, 6, 6]` softmax tensor.
    func attention() throws -> AttentionTensor {
        try AttentionTensor(shape: shape("shape"), values: values("attention").map(Float.init))
    }

    /// The `[2, 2, 4, 6]` non-normalised cross-attention tensor with an all-zero row.
    func cross() throws -> AttentionTensor {
        try AttentionTensor(shape: shape("crossShape"), values: values("cross").map(Float.init))
    }
}

/// Whether two sequences agree within `tolerance` (absolute plus relative).
func close(_ a: [Float], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
    guard a.count == b.count, !a.isEmpty else { return false }
    return zip(a, b).allSatisfy { abs(Double($0) - $1) <= tolerance * (1 + abs($1)) }
}

func close(_ a: [Double], _ b: [Double], tolerance: Double = 1e-5) -> Bool {
    close(a.map(Float.init), b, tolerance: tolerance)
}
