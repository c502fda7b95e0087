import Foundation

/// A colour written in CSS: `red`, `#f00`, `#ff000080`, `rgb(255 0 0)`, `rgba(255,0,0,.5)`,
/// `hsl(0 100% 50%)`, or any of the 148 CSS named colours. Parsed once, so every output (HTML,
/// LaTeX, terminal, PNG) paints the same colour.
///
/// ```swift
/// let c = try CSSColor("crimson")                 // rgb 220 20 60, alpha 1
/// try CSSColor("#ff000080").alpha                 // 0.50196
/// try CSSColor("hsl(120, 100%, 25%)").rgb.hex     // "#008000"
/// ```
public struct CSSColor: Hashable, Sendable {
    /// The opaque colour.
    public var rgb: RGB
    /// Opacity, 0...1.
    public var alpha: Double

    /// A colour with full opacity unless given.
    public init(rgb: RGB, alpha: Double = 1) {
        self.rgb = rgb
        self.alpha = min(max(alpha, 0), 1)
    }

    /// Parses a CSS colour; throws `invalidOption` naming the text for anything else.
    public init(_ text: String) throws(RenderError) {
        let source = text.trimmingCharacters(in: .whitespaces).lowercased()
        if let parsed = Self.parseHex(source) ?? Self.parseFunction(source) ?? Self.named[source].map({ CSSColor(rgb: $0) }) {
            self = parsed
        } else {
            let shown = String(text.prefix(60).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F })
            throw .invalidOption("'\(shown)' is not a CSS colour (try red, #d62728, rgb(255 0 0) or hsl(0 100% 50%))")
        }
    }

    private static func parseHex(_ s: String) -> CSSColor? {
        guard s.hasPrefix("#") else { return nil }
        let digits = Array(s.dropFirst())
        guard [3, 4, 6, 8].contains(digits.count), digits.allSatisfy(\.isHexDigit) else { return nil }
        let expanded = digits.count <= 4 ? digits.flatMap { [$0, $0] } : digits
        func byte(_ i: Int) -> UInt8 { UInt8(String(expanded[(2 * i)..<(2 * i + 2)]), radix: 16) ?? 0 }
        let alpha = expanded.count == 8 ? Double(byte(3)) / 255 : 1
        return CSSColor(rgb: RGB(red: byte(0), green: byte(1), blue: byte(2)), alpha: alpha)
    }

    private static func parseFunction(_ s: String) -> CSSColor? {
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else { return nil }
        let name = s[..<open].trimmingCharacters(in: .whitespaces)
        let body = s[s.index(after: open)..<s.index(before: s.endIndex)]
        // Accept both `rgb(1, 2, 3, 0.5)` and `rgb(1 2 3 / 50%)`.
        let parts = body.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: ",", with: " ")
            .split(separator: " ").map(String.init)
        guard parts.count == 3 || parts.count == 4 else { return nil }
        func number(_ p: String, percentOf scale: Double) -> Double? {
            if p.hasSuffix("%") { return Double(p.dropLast()).map { $0 / 100 * scale } }
            return Double(p)
        }
        var alpha = 1.0
        if parts.count == 4 {
            guard let a = number(parts[3], percentOf: 1), a.isFinite else { return nil }
            alpha = a
        }
        func channel(_ v: Double) -> UInt8 { UInt8(min(max(v.rounded(), 0), 255)) }
        switch name {
        case "rgb", "rgba":
            guard let r = number(parts[0], percentOf: 255), let g = number(parts[1], percentOf: 255),
                  let b = number(parts[2], percentOf: 255), r.isFinite, g.isFinite, b.isFinite else { return nil }
            return CSSColor(rgb: RGB(red: channel(r), green: channel(g), blue: channel(b)), alpha: alpha)
        case "hsl", "hsla":
            let hueText = parts[0].hasSuffix("deg") ? String(parts[0].dropLast(3)) : parts[0]
            guard let h = Double(hueText), let sat = number(parts[1], percentOf: 1), let light = number(parts[2], percentOf: 1),
                  h.isFinite, sat.isFinite, light.isFinite else { return nil }
            let hue = (h.truncatingRemainder(dividingBy: 360) + 360).truncatingRemainder(dividingBy: 360) / 360
            let s1 = min(max(sat, 0), 1)
            let l1 = min(max(light, 0), 1)
            // CSS Color 4's hslToRgb.
            func f(_ n: Double) -> Double {
                let k = (n + hue * 12).truncatingRemainder(dividingBy: 12)
                let a = s1 * min(l1, 1 - l1)
                return l1 - a * max(-1, min(k - 3, 9 - k, 1))
            }
            return CSSColor(rgb: RGB(red: channel(f(0) * 255), green: channel(f(8) * 255), blue: channel(f(4) * 255)), alpha: alpha)
        default:
            return nil
        }
    }

    /// The CSS named colours (CSS Color 4), from matplotlib's `CSS4_COLORS`.
    static let named: [String: RGB] = {
        var out = [String: RGB]()
        for line in namedTable {
            for entry in line.split(separator: " ") {
                let pair = entry.split(separator: ":")
                if pair.count == 2, let rgb = RGB(hex: pair[1]) { out[String(pair[0])] = rgb }
            }
        }
        return out
    }()

    private static let namedTable: [String] = [
        "aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff",
        "beige:f5f5dc bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff",
        "blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00",
        "chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c",
        "cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9",
        "darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b",
        "darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000",
        "darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f",
        "darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493",
        "deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222",
        "floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff",
        "gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080",
        "honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c",
        "lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd",
        "lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2",
        "lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a",
        "lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899",
        "lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6",
        "magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd",
        "mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee",
        "mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585",
        "midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5",
        "navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23",
        "orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98",
        "paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9",
        "peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080",
        "rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513",
        "salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d",
        "silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090",
        "snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8",
        "tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff",
        "whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32",
    ]
}
