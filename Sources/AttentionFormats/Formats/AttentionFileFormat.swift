import Attention

/// The file formats attnviz reads, chosen by extension or, failing that, by sniffing content.
///
/// ```swift
/// AttentionFileFormat(fileExtension: "npz")               // .npz
/// try AttentionFileFormat.detect(path: "weights.bin")     // sniffed from the first bytes
/// ```
public enum AttentionFileFormat: String, CaseIterable, Sendable {
    /// JSON: the note's dict-of-dicts, nested arrays, or a `{"tokens", "attention"}` document.
    case json
    /// Comma-separated: header row of key tokens, first column of query tokens.
    case csv
    /// Tab-separated, like `csv`.
    case tsv
    /// NumPy array.
    case npy
    /// NumPy archive of arrays (stored or deflated members).
    case npz
    /// Hugging Face safetensors.
    case safetensors

    /// The format an extension names (case-insensitive), or `nil`.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "tsv", "tab": self = .tsv
        case "npy": self = .npy
        case "npz": self = .npz
        case "safetensors", "st": self = .safetensors
        default: return nil
        }
    }

    /// Guesses the format from the first bytes of a file, or `nil` when nothing fits.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> AttentionFileFormat? {
        let bytes = Array(prefix.prefix(4096))
        if bytes.starts(with: Npy.magic) { return .npy }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0x50, 0x4B, 0x05, 0x06]) { return .npz }
        if bytes.count >= 9 {
            let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
            if length >= 2, length < (1 << 40), bytes[8] == UInt8(ascii: "{") { return .safetensors }
        }
        var start = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        while start < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "{") || bytes[start] == UInt8(ascii: "[") { return .json }
        // Text with a separator on its first line.
        let firstLine = bytes[start...].prefix { $0 != 0x0A }
        guard !firstLine.contains(0), String(validating: Array(firstLine.prefix(4000)), as: UTF8.self) != nil else { return nil }
        if firstLine.contains(0x09) { return .tsv }
        if firstLine.contains(UInt8(ascii: ",")) { return .csv }
        return nil
    }

    /// The format a file name's extension names, or `nil`.
    public init?(fileName: String) {
        let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
        guard let dot = name.lastIndex(of: ".") else { return nil }
        self.init(fileExtension: String(name[name.index(after: dot)...]))
    }

    /// The format of `path`: from its extension when known, else sniffed from its content.
    public static func detect(path: String) throws(FormatError) -> AttentionFileFormat {
        if let format = AttentionFileFormat(fileName: path) { return format }
        let file: MappedFile
        do { file = try MappedFile(path: path) } catch { throw FormatError(path: path, error) }
        return try detect(file: file)
    }

    /// The format of an opened file: from the extension of its `path` when known, else sniffed
    /// from its first bytes.
    public static func detect(file: MappedFile) throws(FormatError) -> AttentionFileFormat {
        if let format = AttentionFileFormat(fileName: file.path) { return format }
        if file.count == 0 { throw .emptyFile(path: file.path) }
        let format = file.withBytes { sniff(UnsafeRawBufferPointer(rebasing: $0.prefix(4096))) }
        guard let format else { throw .unknownFormat(path: file.path) }
        return format
    }
}
