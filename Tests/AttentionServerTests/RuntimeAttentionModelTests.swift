import AttentionServer
import Foundation
import Testing

/// The server's description of a real model: sentence pairs are offered for encoders only
/// (they need segment ids), never for GPT-2 or Llama-family decoders.
struct RuntimeAttentionModelTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TransformerRuntimeTests/Fixtures")

    @Test(arguments: [("roberta-tiny", true), ("distilbert-tiny", true), ("gpt2-tiny", false), ("llama-tiny", false), ("qwen2-tiny", false)])
    func pairsAreOfferedForEncodersOnly(_ folder: String, _ pairs: Bool) throws {
        let model = try RuntimeAttentionModel(directory: Self.fixtures.appendingPathComponent(folder).path)
        #expect(model.model.acceptsPairs == pairs)
        #expect(model.keepsQueriesAndKeys == !pairs)   // long runs are kept as queries and keys by decoders only
    }
}
