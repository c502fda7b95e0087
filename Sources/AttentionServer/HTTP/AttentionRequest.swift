import Foundation

/// The body of `POST /api/attention`: `{"text": "...", "pair": "..."}` (`pair` optional).
///
/// ```swift
/// let request = try AttentionRequest.decode(Data(#"{"text":"hi"}"#.utf8), maxCharacters: 2000)
/// ```
public struct AttentionRequest: Codable, Sendable, Equatable {
    /// The sentence.
    public var text: String
    /// An optional second sentence; empty means none.
    public var pair: String?

    public init(text: String, pair: String? = nil) {
        self.text = text
        self.pair = pair
    }

    /// Decodes and validates a body, throwing 400 errors that say what is wrong.
    public static func decode(_ body: Data, maxCharacters: Int) throws(APIError) -> AttentionRequest {
        var request: AttentionRequest
        do {
            request = try JSONDecoder().decode(AttentionRequest.self, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError(.badRequest, "missing field \"\(key.stringValue)\"")
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw APIError(.badRequest, "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" must be a string")
        } catch let DecodingError.valueNotFound(_, context) where !context.codingPath.isEmpty {
            throw APIError(.badRequest, "field \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" must be a string")
        } catch {
            throw APIError(.badRequest, "malformed JSON: expected an object like {\"text\": \"...\", \"pair\": \"...\"}")
        }
        if request.pair?.isEmpty == true { request.pair = nil }
        for (name, value) in [("text", request.text), ("pair", request.pair ?? "")] {
            let count = value.count
            if count > maxCharacters {
                throw APIError(.badRequest, "\(name) has \(count) characters; the limit is \(maxCharacters)")
            }
        }
        if request.text.allSatisfy(\.isWhitespace) {
            throw APIError(.badRequest, "text is empty")
        }
        return request
    }
}
