import Foundation

/// BERT's text normaliser (Hugging Face `BertNormalizer`): drops control characters and maps
/// whitespace to spaces, puts spaces around CJK ideographs, strips accents (NFD, then drops
/// nonspacing marks) and lowercases. Each option follows `tokenizer.json`.
///
/// ```swift
/// let n = BertNormalizer(cleanText: true, handleChineseChars: true, stripAccents: nil, lowercase: true)
/// var text = NormalizedText("Héllo 武汉")
/// n.normalize(&text)
/// text.string   // "hello  武  汉 "
/// ```
struct BertNormalizer: Sendable, Equatable {
    var cleanText = true
    var handleChineseChars = true
    /// `nil` means "strip when lowercasing", as in the original BERT.
    var stripAccents: Bool? = nil
    var lowercase = true

    func normalize(_ text: inout NormalizedText) {
        if cleanText {
            text.map { c in
                if c.value == 0 || c.value == 0xFFFD || UnicodeClasses.isBertControl(c) { return [] }
                if c == "\t" || c == "\n" || c == "\r" || UnicodeClasses.isWhitespace(c) { return [" "] }
                return [c]
            }
        }
        if handleChineseChars {
            text.map { c in UnicodeClasses.isChineseCharacter(c) ? [" ", c, " "] : [c] }
        }
        if stripAccents ?? lowercase {
            text.map { c in
                Self.decompose(c).filter { !UnicodeClasses.isNonspacingMark($0) }
            }
        }
        if lowercase {
            text.map { c in
                if c.isASCII { return ("A"..."Z").contains(c) ? [Unicode.Scalar(UInt8(c.value + 32))] : [c] }
                return Array(c.properties.lowercaseMapping.unicodeScalars)
            }
        }
    }

    /// The canonical decomposition (NFD) of one scalar.
    static func decompose(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        if c.value < 0xC0 { return [c] }
        return Array(String(c).decomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
