import Attention
import AttentionText

/// The mapping from attention values to colours for one figure, resolved exactly as seaborn's
/// `heatmap` does: range from the data (masked and non-finite cells excluded) unless given,
/// `robust` takes the 2nd and 98th percentiles, `center` re-samples the colormap so the centre
/// value gets the middle colour, and a norm bends the scale.
///
/// ```swift
/// let scale = try ColorScale(colormap: Colormap.named("YlOrRd"), values: m.values)
/// scale.color(for: 0.9)     // the colour seaborn paints for 0.9
/// ```
public struct ColorScale: Sendable, Hashable {
    /// The colormap after re-centring (if any).
    public let colormap: Colormap
    /// The value drawn with the first colour.
    public let vmin: Double
    /// The value drawn with the last colour.
    public let vmax: Double
    /// The norm between them.
    public let norm: ColorNorm

    /// A scale with a fixed range and colormap, no re-centring.
    public init(colormap: Colormap, vmin: Double, vmax: Double, norm: ColorNorm = .linear) {
        self.colormap = colormap
        self.vmin = vmin
        self.vmax = vmax
        self.norm = norm
    }

    /// Resolves the range from `values` (those where `included` is true, finite ones only) and
    /// the options, as seaborn. Throws for an inverted range or a log norm without a positive
    /// lower bound.
    public init(colormap: Colormap, values: [Float], included: ((Int) -> Bool)? = nil, vmin: Double? = nil,
                vmax: Double? = nil, center: Double? = nil, robust: Bool = false, norm: ColorNorm = .linear) throws(RenderError) {
        var low = vmin
        var high = vmax
        if low == nil || high == nil {
            var finite = [Float]()
            finite.reserveCapacity(robust ? values.count : 0)
            var lo = Float.infinity, hi = -Float.infinity
            var positiveLow = Float.infinity
            for (index, v) in values.enumerated() where v.isFinite && (included?(index) ?? true) {
                if v < lo { lo = v }
                if v > hi { hi = v }
                if v > 0 && v < positiveLow { positiveLow = v }
                if robust { finite.append(v) }
            }
            guard lo <= hi else {
                throw .noFiniteValues
            }
            if robust {
                finite.sort()
                low = low ?? Self.percentile(finite, 2)
                high = high ?? Self.percentile(finite, 98)
            } else {
                low = low ?? Double(norm == .log && lo <= 0 ? positiveLow : lo)
                high = high ?? Double(hi)
            }
        }
        guard let low, let high, low.isFinite, high.isFinite else {
            throw .invalidOption("the colour range must be finite (log norm needs a positive value)")
        }
        guard low <= high else { throw .invalidOption("vmin \(low) is greater than vmax \(high)") }
        if norm == .log && low <= 0 {
            throw .invalidOption("log norm needs a positive vmin (got \(low))")
        }
        var map = colormap
        if let center {
            guard center.isFinite else { throw .invalidOption("center must be finite") }
            // seaborn: normalise [vmin, vmax] against a range symmetric about the centre and
            // re-sample the colormap over that part, 256 entries.
            let range = max(high - center, center - low)
            let lo = center - range
            let cmin = range > 0 ? (low - lo) / (2 * range) : 0.5
            let cmax = range > 0 ? (high - lo) / (2 * range) : 0.5
            var table = [RGB]()
            table.reserveCapacity(256)
            let step = (cmax - cmin) / 255
            for i in 0..<256 {
                // numpy.linspace(cmin, cmax, 256): i * step + start, the end exact.
                let t = i == 255 ? cmax : Double(i) * step + cmin
                table.append(colormap.color(at: t))
            }
            map = Colormap(name: colormap.name, table: table)
        }
        self.init(colormap: map, vmin: low, vmax: high, norm: norm)
    }

    /// The normalised position of `value` (0 = vmin, 1 = vmax).
    @inlinable
    public func position(of value: Double) -> Double {
        norm.normalize(value, vmin: vmin, vmax: vmax)
    }

    /// The colour of `value`, or `nil` for NaN (drawn as an empty cell).
    @inlinable
    public func color(for value: Float) -> RGB? {
        guard !value.isNaN else { return nil }
        return colormap.color(at: position(of: Double(value)))
    }

    /// numpy's default (linear) percentile of sorted values.
    static func percentile(_ sorted: [Float], _ p: Double) -> Double {
        guard sorted.count > 1 else { return Double(sorted.first ?? 0) }
        let rank = p / 100 * Double(sorted.count - 1)
        let below = Int(rank.rounded(.down))
        let above = min(below + 1, sorted.count - 1)
        let fraction = rank - Double(below)
        return Double(sorted[below]) + (Double(sorted[above]) - Double(sorted[below])) * fraction
    }
}
