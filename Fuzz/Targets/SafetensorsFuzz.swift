// safetensors: the length prefix, the JSON header (JSONParser), offsets against the file, then
// every decodable tensor read (mapped and as floats), metadata tokens, and the whole file read
// as a user's attention file would be.
import Attention
import AttentionFormats
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFiles.write(data, size, name: "input.safetensors")
    // A memory limit as the CLI has one (half the machine): factored files are refused when one
    // head of their weights would not fit, rather than computed.
    if let read = try? AttentionFile.read(path: path, options: .init(format: .safetensors, memoryLimit: 64 << 20)) {
        _ = read.tensor.allValues().count
    }
    if let file = try? SafetensorsFile(path: path) {
        for name in file.names.prefix(16) {
            if let tensor = try? file.tensor(named: name) { _ = tensor.allValues().count }
            _ = try? file.floats(named: name)
            _ = try? file.withRawBytes(of: name) { $0.count }
        }
        for key in ["tokens", "query_tokens", "key_tokens"] { _ = file.metadataTokens(key) }
    }
    return 0
}
