import Attention

/// Reads any of the three JSON layouts, deciding by shape: an object with an `"attention"`
/// array is a `JSONDocument`, another object is the note's `JSONDictOfDicts`, an array is
/// `JSONNestedArrays`.
///
/// ```swift
/// let data = try JSONAttention.read(path: "gperes.json")
/// ```
public enum JSONAttention {
    /// Largest JSON file read (it is parsed in memory).
    public static let maximumFileSize = 2 << 30

    /// Reads and parses `path`; `memoryLimit` (bytes) bounds what parsing may hold.
    public static func read(path: String, memoryLimit: Int? = nil) throws(FormatError) -> AttentionData {
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        return try read(file: file, memoryLimit: memoryLimit)
    }

    /// Parses an opened file (mapped, or bytes held in memory); errors name `file.path`.
    public static func read(file: MappedFile, memoryLimit: Int? = nil) throws(FormatError) -> AttentionData {
        let path = file.path
        guard file.count <= maximumFileSize else {
            throw .tooLarge(path: path, detail: "JSON file of \(file.count) bytes is larger than the \(maximumFileSize)-byte limit; use .npy or safetensors")
        }
        if file.count == 0 { throw .emptyFile(path: path) }
        let value: JSONValue
        do { value = try file.withBytes { bytes throws(JSONParser.SyntaxError) in try JSONParser.parse(bytes: bytes, memoryLimit: memoryLimit) } }
        catch { throw .invalidJSON(path: path, error) }
        return try data(from: value, path: path)
    }

    /// Interprets a parsed value.
    public static func data(from value: JSONValue, path: String) throws(FormatError) -> AttentionData {
        switch value {
        case .array:
            let tensor = try JSONNestedArrays.tensor(from: value, path: path)
            do { return try AttentionData(tensor: tensor) } catch { throw FormatError(path: path, error) }
        case .object(let members):
            if members.contains(where: { $0.key == "attention" && $0.value.arrayElements != nil }) {
                return try JSONDocument.data(from: value, path: path)
            }
            return try JSONDictOfDicts.data(from: value, path: path)
        default:
            throw .malformed(path: path, problem: "expected a JSON object or array, got \(value.kindName)")
        }
    }
}
