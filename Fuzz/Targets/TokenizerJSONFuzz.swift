// A model folder's tokenizer.json: the model (WordPiece or byte-level BPE), normalisers,
// pre-tokenizer, added tokens and post-processor template; every tokenizer that loads then
// encodes a few fixed texts (single, pair, truncated), as `attnviz run` would.
import Foundation
import TransformerRuntime

private let texts = ["Hello, world! 武汉市长江大桥", "  a  b\tc\n[CLS] [SEP] <s></s> ##ing Ġthe ", "ÀÉÎõü\u{301}\u{0}\u{FFFD}😀"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard let tokenizer = try? Tokenizer(json: Data(bytes: data, count: size), path: "tokenizer.json") else { return 0 }
    for text in texts {
        _ = tokenizer.encode(text).ids.count
    }
    _ = tokenizer.encode(texts[0], pair: texts[1], maxLength: 8).ids.count
    _ = tokenizer.encode(texts[2], maxLength: 3).ids.count
    _ = tokenizer.specialTokenCount(pair: true)
    return 0
}
