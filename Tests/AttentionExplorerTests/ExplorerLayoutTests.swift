import Attention
import Foundation
import Testing
import TestSupport
@testable import AttentionExplorer

/// The key-major pre-transform of deflated payloads: each head transposed, exactly invertible,
/// and what a deflated payload's bytes hold once Python's zlib has inflated them.
@Suite(.hangGuard) struct ExplorerLayoutTests {
    @Test func columnsHoldEachHeadTransposedAndRestoreExactly() {
        let shape = TensorShape(layers: 2, heads: 3, queries: 5, keys: 7)
        for width in [1, 2] {
            let bytes = (0..<(2 * 3 * 5 * 7 * width)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ $0 / 7) }
            let columns = ExplorerLayout.columns.arrange(bytes, shape: shape, width: width)
            var transposed = true
            for h in 0..<6 {
                for q in 0..<5 {
                    for k in 0..<7 {
                        for b in 0..<width where columns[((h * 7 + k) * 5 + q) * width + b] != bytes[((h * 5 + q) * 7 + k) * width + b] {
                            transposed = false
                        }
                    }
                }
            }
            #expect(transposed, "width \(width): byte of (head, query, key) is not at (head, key, query)")
            #expect(columns != bytes)
            #expect(ExplorerLayout.columns.restore(columns, shape: shape, width: width) == bytes)
            #expect(ExplorerLayout.rows.arrange(bytes, shape: shape, width: width) == bytes)
            #expect(ExplorerLayout.rows.restore(bytes, shape: shape, width: width) == bytes)
        }
    }

    /// Cross attention (queries != keys), both precisions: the deflated data, inflated by
    /// Python's zlib, is every head key-major; `unpacked()` gives the packed tensor back.
    @Test func deflatedPayloadIsKeyMajorAndUnpacksToTheSameTensor() throws {
        let python = try RequiredTool.python3(why: "its zlib inflates the payload independently")
        var rng = SyntheticAttention.SplitMix(state: 9)
        let (layers, heads, queries, keys) = (2, 3, 24, 40)
        let values = (0..<(layers * heads * queries * keys)).map { _ in rng.unit() }
        let data = try AttentionData(tensor: AttentionTensor(shape: [layers, heads, queries, keys], values: values))
        for precision in ExplorerPrecision.allCases {
            let payload = try ExplorerPayload(data: data, precision: precision)
            #expect(payload.compression == .deflate && payload.layout == .columns)
            let packed = try QuantizedTensor(data.tensor, precision: precision)
            let width = precision.byteWidth
            let deflated = try #require(Data(base64Encoded: payload.data))
            let stored = try #require(try ZlibTests.inflate([UInt8](deflated), python: python))
            #expect(stored.count == packed.bytes.count)
            var keyMajor = stored.count == packed.bytes.count
            for h in 0..<(layers * heads) where keyMajor {
                for q in 0..<queries {
                    for k in 0..<keys {
                        for b in 0..<width where stored[((h * keys + k) * queries + q) * width + b] != packed.bytes[((h * queries + q) * keys + k) * width + b] {
                            keyMajor = false
                        }
                    }
                }
            }
            #expect(keyMajor, "\(precision): inflated bytes are not each head key-major")
            #expect(try payload.unpacked() == packed)
            let plain = try ExplorerPayload(data: data, precision: precision, compression: .none)
            #expect(plain.layout == nil)
            #expect(try plain.unpacked() == packed)
        }
    }

    @Test func payloadJSONKeepsSlashesUnescaped() throws {
        let data = try AttentionData(tensor: SyntheticAttention.tensor(layers: 2, heads: 4, tokens: 48))
        let payload = try ExplorerPayload(data: data, precision: .u8)
        let json = String(decoding: try payload.jsonData(), as: UTF8.self)
        #expect(payload.data.contains("/"), "the test needs base64 with slashes")
        #expect(!json.contains("\\/"))
        #expect(try JSONDecoder().decode(ExplorerPayload.self, from: payload.jsonData()) == payload)
    }
}
