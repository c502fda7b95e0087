import Attention
import Foundation

/// A second run in an explorer page, for `attnviz compare --explore`: B's weights packed as the
/// page's own (same precision, layout and compression), and each head's divergence from the
/// page's run A (`HeadDivergence`, from the exact weights). The page then shows A, B or A − B
/// of a head, and ranks heads by divergence.
///
/// ```swift
/// var payload = try ExplorerPayload(data: a, title: "base vs tuned")
/// payload.comparison = try ExplorerComparison(a: a, b: b, label: "tuned", like: payload)
/// ```
public struct ExplorerComparison: Codable, Sendable, Equatable {
    /// What B is called on the page (a file name, a checkpoint).
    public var label: String
    /// Per head, the value of byte 0 (`u8`), as `ExplorerPayload.offsets`.
    public var offsets: [Float]
    /// Per head, the value of one byte step (`u8`).
    public var scales: [Float]
    /// B's packed weights, encoded as the payload's own `data`.
    public var data: String
    /// Per head (`layer * heads + head`), the mean Jensen–Shannon divergence of A's and B's rows
    /// in bits; `nil` where no row is defined in both.
    public var divergence: [Float?]

    /// Packs `b` the way `payload` packs `a`; the two runs must have the same shape. Pass
    /// `divergence` when it is already computed for these runs (it is computed otherwise).
    public init(
        a: AttentionData, b: AttentionData, label: String, like payload: ExplorerPayload, divergence known: HeadDivergence? = nil
    ) throws(AttentionError) {
        guard a.tensor.shape == b.tensor.shape, a.tensor.shape.dimensions == payload.shape else {
            throw .shapeMismatch("compared runs have shapes \(a.tensor.shape) and \(b.tensor.shape)")
        }
        let packed = try QuantizedTensor(b.tensor, precision: payload.precision)
        self.label = label
        offsets = packed.offsets
        scales = packed.scales
        let bytes = payload.layout == .columns
            ? ExplorerLayout.columns.arrange(packed.bytes, shape: packed.shape, width: packed.precision.byteWidth) : packed.bytes
        data = payload.compression == .deflate ? Data(Zlib.compress(bytes)).base64EncodedString() : Data(bytes).base64EncodedString()
        let divergence: HeadDivergence
        if let known { divergence = known } else { divergence = try HeadDivergence(a.tensor, b.tensor) }
        guard divergence.values.count == a.tensor.shape.layers * a.tensor.shape.heads else {
            throw .shapeMismatch("\(divergence.values.count) divergences for \(a.tensor.shape.layers * a.tensor.shape.heads) heads")
        }
        self.divergence = divergence.values.map { $0.map(Float.init) }
    }
}
