import Attention
import AttentionServer
import Foundation

/// Reads `{"tokens": [...], "attention": [[...]]}` files (one square matrix), for upload tests
/// before the formats module's readers are plugged in.
struct FakeReader: AttentionFileReading {
    struct Document: Decodable {
        var tokens: [String]
        var attention: [[Float]]
    }

    struct Problem: Error, CustomStringConvertible {
        var description: String
    }

    var supportedExtensions: Set<String> { ["json"] }

    func read(fileAt url: URL) throws -> AttentionData {
        let bytes = try Data(contentsOf: url)
        guard let document = try? JSONDecoder().decode(Document.self, from: bytes) else {
            throw Problem(description: "\(url.path): not a {tokens, attention} document")
        }
        let n = document.tokens.count
        guard document.attention.count == n, document.attention.allSatisfy({ $0.count == n }) else {
            throw Problem(description: "\(url.path): attention is not \(n)x\(n)")
        }
        let tensor = try AttentionTensor(shape: [n, n], values: document.attention.flatMap { $0 })
        return try AttentionData(tensor: tensor, queryTokens: Tokens(document.tokens), keyTokens: Tokens(document.tokens))
    }
}
