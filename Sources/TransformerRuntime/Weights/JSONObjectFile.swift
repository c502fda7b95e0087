import Foundation

/// Reads the JSON object files of a model folder (`config.json`, `tokenizer.json`), turning every
/// failure into a one-line `RuntimeError` that names the file.
///
/// ```swift
/// let object = try JSONObjectFile.read("model/config.json")   // [String: Any]
/// ```
enum JSONObjectFile {
    /// Reads and parses the file at `path`.
    static func read(_ path: String) throws(RuntimeError) -> [String: Any] {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .file(path: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot read file" : "no such file")
        }
        return try parse(data, path: path)
    }

    /// Parses `data` as a JSON object; `path` names it in errors.
    static func parse(_ data: Data, path: String) throws(RuntimeError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw .file(path: path, problem: describe(error))
        }
        guard let object = parsed as? [String: Any] else {
            throw .file(path: path, problem: "not a JSON object")
        }
        return object
    }

    /// A short one-line description of a JSONSerialization error.
    static func describe(_ error: any Error) -> String {
        let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        guard var detail, !detail.isEmpty else { return "invalid JSON" }
        detail = detail.split(whereSeparator: \.isNewline).joined(separator: " ")
        return "invalid JSON: " + (detail.count > 120 ? String(detail.prefix(120)) + "…" : detail)
    }
}
