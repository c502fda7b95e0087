// Text heat inputs, each of the three file shapes `attnviz text` reads, then TextHeat built
// from what was read (smoothing and normalisation) as the command does:
// - the note's JSON document (and the isTextHeatJSON sniffing that picks it);
// - `token,weight` pairs as CSV and TSV (and the looksLikePairs sniffing that picks them);
// - a text file plus a weights file: the input split at its first NUL byte (text before,
//   weights after; without a NUL both are the whole input).
import Attention
import AttentionFormats
import Foundation

private func heat(_ input: TextHeatExamples?) {
    guard let input else { return }
    if let heat = try? TextHeat(tokens: input.tokens, weights: input.weights, labels: input.labels) {
        _ = heat.examples.count
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let whole = UnsafeBufferPointer(start: data, count: size)
    let json = FuzzFiles.write(data, size, name: "input.json")
    _ = TextHeatInput.isTextHeatJSON(path: json)
    heat(try? TextHeatInput.read(json: json))

    let csv = FuzzFiles.write(data, size, name: "input.csv")
    _ = TextHeatInput.looksLikePairs(csv)
    _ = TextHeatInput.looksLikePairs(csv, separator: "\t")
    heat(try? TextHeatInput.read(pairs: csv))
    heat(try? TextHeatInput.read(pairs: csv, separator: "\t"))

    let nul = whole.firstIndex(of: 0) ?? size
    let text = FuzzFiles.write(data, nul, name: "input.txt")
    let weights = nul < size
        ? FuzzFiles.write(data + nul + 1, size - nul - 1, name: "weights.txt")
        : FuzzFiles.write(data, size, name: "weights.txt")
    heat(try? TextHeatInput.read(text: text, weights: weights))
    return 0
}
