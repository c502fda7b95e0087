import Foundation

/// One step of a `tokenizer.json` normalizer: BERT's cleaning, lower-casing and accent stripping,
/// SentencePiece's `Prepend("▁")` and `Replace(" ", "▁")`, or Unicode NFC (Qwen2). Every output
/// scalar keeps the origin of the input it came from, so offsets still point into the input.
///
/// ```swift
/// var text = NormalizedText("a b")
/// TextNormalizer.replace(pattern: [" "], content: ["▁"]).normalize(&text)   // "a▁b"
/// ```
enum TextNormalizer: Sendable, Equatable {
    case bert(BertNormalizer)
    /// Prepends the scalars to any non-empty text.
    case prepend([Unicode.Scalar])
    /// Replaces every occurrence of `pattern`, left to right, by `content`.
    case replace(pattern: [Unicode.Scalar], content: [Unicode.Scalar])
    /// Canonical composition, one character at a time.
    case nfc

    func normalize(_ text: inout NormalizedText) {
        switch self {
        case .bert(let normalizer):
            normalizer.normalize(&text)
        case .prepend(let prefix):
            guard let first = text.origins.first else { return }
            text = NormalizedText(scalars: prefix + text.scalars, origins: Array(repeating: first, count: prefix.count) + text.origins)
        case .replace(let pattern, let content):
            guard !pattern.isEmpty else { return }
            var scalars = [Unicode.Scalar](), origins = [Int]()
            var i = 0
            while i < text.count {
                if i + pattern.count <= text.count, Array(text.scalars[i..<(i + pattern.count)]) == pattern {
                    scalars += content
                    origins += Array(repeating: text.origins[i], count: content.count)
                    i += pattern.count
                } else {
                    scalars.append(text.scalars[i])
                    origins.append(text.origins[i])
                    i += 1
                }
            }
            text = NormalizedText(scalars: scalars, origins: origins)
        case .nfc:
            var scalars = [Unicode.Scalar](), origins = [Int]()
            var i = 0
            for character in text.string {
                let original = Array(character.unicodeScalars)
                let composed = Array(String(character).precomposedStringWithCanonicalMapping.unicodeScalars)
                if composed == original {
                    scalars += original
                    origins += text.origins[i..<(i + original.count)]
                } else {
                    scalars += composed
                    origins += Array(repeating: text.origins[i], count: composed.count)
                }
                i += original.count
            }
            text = NormalizedText(scalars: scalars, origins: origins)
        }
    }
}
