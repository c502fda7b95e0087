/// The note's n-gram smoothing of one example's weights: each token's value becomes the mean of
/// the weights in a window around it, counting only the positions that exist.
///
/// The window covers offsets `-centre ..< window - centre` around each token, exactly the note's
/// `for (j = -half_ngram; j < ngram_length - half_ngram; j++)` with `ngram_length = window` and
/// `half_ngram = centre`. The default, window 3 and centre 1, is the note's: the previous token,
/// the token and the next one.
///
/// **Divisor.** The note divides the window sum by 2 for the first and last token and by 3 for
/// every other token, whatever the window. For window 3 / centre 1 and two or more tokens that is
/// exactly the number of window positions that exist, so attnviz generalises it as *the mean of
/// the existing neighbours*: the sum divided by how many of the window's positions fall inside the
/// example. This reproduces the note bit for bit for its own window (the sums are taken in the
/// same order), and stays a true mean for other windows, where the note's fixed 2-or-3 would not
/// (window 5 would give end values 1.5 times too large). The one input where the two differ at
/// window 3 is a single-token example: the note divides its weight by 2, attnviz by 1; the note's
/// min-max step then divides by zero anyway, while attnviz's gives intensity 0 (see
/// ``HeatNormalisation``).
///
/// Window 1 (centre 0) is no smoothing: every value is its own weight.
///
/// ```swift
/// let smoothing = try NgramSmoothing()                     // window 3, centre 1, as the note
/// smoothing.apply([0.1, 0.9, 1, 0.05])                     // [0.5, 0.6667, 0.65, 0.525]
/// try NgramSmoothing(window: 1, centre: 0).apply([1, 2])   // [1, 2]
/// ```
public struct NgramSmoothing: Equatable, Hashable, Sendable {
    /// Number of positions in the window (the note's `ngram_length`), at least 1.
    public let window: Int
    /// Position of the token inside its window (the note's `half_ngram`), `0 ..< window`.
    public let centre: Int

    /// The note's smoothing: window 3, centre 1.
    public static let note = NgramSmoothing(unchecked: 3, 1)
    /// No smoothing: window 1, centre 0.
    public static let none = NgramSmoothing(unchecked: 1, 0)

    /// Creates a smoothing; throws `invalidParameter` unless `window >= 1` and
    /// `0 <= centre < window`.
    public init(window: Int = 3, centre: Int = 1) throws(AttentionError) {
        guard window >= 1 else {
            throw .invalidParameter("smoothing window must be at least 1, got \(window)")
        }
        guard (0..<window).contains(centre) else {
            throw .invalidParameter("smoothing centre must be in 0..<\(window) for window \(window), got \(centre)")
        }
        self.init(unchecked: window, centre)
    }

    private init(unchecked window: Int, _ centre: Int) {
        self.window = window
        self.centre = centre
    }

    /// The smoothed values, one per weight. Sums run from the leftmost window position to the
    /// rightmost in `Double`, as the note's JavaScript does, then divide once.
    public func apply(_ weights: [Double]) -> [Double] {
        let count = weights.count
        var out = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var sum = 0.0
            var present = 0
            for j in -centre..<(window - centre) {
                let k = i + j
                if k >= 0 && k < count {
                    sum += weights[k]
                    present += 1
                }
            }
            out[i] = sum / Double(present)
        }
        return out
    }
}
