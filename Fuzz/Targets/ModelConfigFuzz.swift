// A model folder's config.json (decoded into ConfigJSON, then ModelConfig's normalisation and
// validation), through the in-memory entry point `attnviz run` reaches via contentsOf:.
import Foundation
import TransformerRuntime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    if let config = try? ModelConfig(json: Data(bytes: data, count: size), path: "config.json") {
        _ = (config.headSize, config.architecture.isCausal)
    }
    return 0
}
