import Foundation

/// Reads the JSON files of a model folder (`config.json`, `tokenizer.json`, the safetensors
/// index) into their `Decodable` structs, turning every failure into a one-line `RuntimeError`
/// that names the file and, for a value of the wrong type, the key.
///
/// ```swift
/// let config = try DecodableJSONFile.read(ConfigJSON.self, from: "model/config.json")
/// // RuntimeError: "model/config.json: hidden_size must be a number, not a string"
/// ```
enum DecodableJSONFile {
    /// Reads and decodes the file at `path`.
    static func read<T: Decodable>(_ type: T.Type, from path: String, snakeCaseKeys: Bool = false) throws(RuntimeError) -> T {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        return try decode(type, from: data, path: path, snakeCaseKeys: snakeCaseKeys)
    }

    /// Decodes `data`; `path` names it in errors. With `snakeCaseKeys` the file's snake_case
    /// keys meet the struct's camelCase properties (dictionary keys would be converted too, so
    /// only for structs without dictionaries).
    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String, snakeCaseKeys: Bool = false) throws(RuntimeError) -> T {
        let decoder = JSONDecoder()
        if snakeCaseKeys { decoder.keyDecodingStrategy = .convertFromSnakeCase }
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            throw .file(path: path, problem: describe(error, snakeCaseKeys: snakeCaseKeys))
        } catch {
            throw .file(path: path, problem: "invalid JSON")
        }
    }

    /// One line saying what is wrong, with the key path written as the file spells it.
    static func describe(_ error: DecodingError, snakeCaseKeys: Bool) -> String {
        func keyPath(_ path: [any CodingKey]) -> String { Self.keyPath(path, snakeCaseKeys: snakeCaseKeys) }
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            guard !context.codingPath.isEmpty else { return "not a JSON object" }
            return "\(keyPath(context.codingPath)) must be \(kind(of: type))"
        case .keyNotFound(let key, let context):
            return "missing \(keyPath(context.codingPath + [key]))"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                let detail = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
                    ?? context.debugDescription
                let line = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
                return line.isEmpty ? "invalid JSON" : "invalid JSON: " + (line.count > 120 ? String(line.prefix(120)) + "…" : line)
            }
            return "\(keyPath(context.codingPath)) is malformed"
        @unknown default:
            return "invalid JSON"
        }
    }

    /// `rope_scaling.short_factor[3]`: keys (back in snake_case when they were converted from
    /// it), indices in brackets.
    static func keyPath(_ path: [any CodingKey], snakeCaseKeys: Bool) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + (snakeCaseKeys ? snakeCase(key.stringValue) : key.stringValue)
            }
        }
        return text
    }

    /// `maxPositionEmbeddings` → `max_position_embeddings` (keys not converted stay as they are).
    static func snakeCase(_ key: String) -> String {
        var out = ""
        for c in key {
            if c.isUppercase, !out.isEmpty { out += "_" + c.lowercased() } else { out.append(c) }
        }
        return out
    }

    /// "a number", "a string", ... for a Swift type in a message.
    static func kind(of type: Any.Type) -> String {
        switch type {
        case is Double.Type, is Float.Type, is Int.Type: return "a number"
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "a list"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") || name.hasPrefix("[") ? "a list" : "an object"
        }
    }
}
