// The text side of tokenisation: arbitrary (valid or not) UTF-8 through the three fixture
// tokenizers (WordPiece with BERT normalisation, GPT-2 and RoBERTa byte-level BPE), single and
// as a pair split at the first NUL, with truncation.
import Foundation
import TransformerRuntime

private let tokenizers: [Tokenizer] = ["distilbert-tiny", "gpt2-tiny", "roberta-tiny"].map { name in
    let path = fuzzRepositoryRoot + "/Tests/TransformerRuntimeTests/Fixtures/\(name)/tokenizer.json"
    do { return try Tokenizer(contentsOf: path) } catch { fatalError("TokenizerEncodeFuzz: \(error)") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    let nul = bytes.firstIndex(of: 0) ?? size
    let first = String(decoding: bytes[..<nul], as: UTF8.self)
    let second = nul < size ? String(decoding: bytes[(nul + 1)...], as: UTF8.self) : nil
    for tokenizer in tokenizers {
        _ = tokenizer.encode(text).ids.count
        _ = tokenizer.encode(first, pair: second, maxLength: 16).ids.count
    }
    return 0
}
