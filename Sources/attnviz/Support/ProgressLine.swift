import Foundation

/// Progress of a long job on stderr, at most one line every `interval` seconds:
/// `stats: 120/1000 examples (12%), 35.2/s, ETA 0:25`.
struct ProgressLine {
    var label: String
    var total: Int
    var interval: Double = 5
    private let started = DispatchTime.now().uptimeNanoseconds
    private var lastPrinted: UInt64 = 0

    init(label: String, total: Int) {
        self.label = label
        self.total = total
        lastPrinted = started
    }

    /// Seconds since the start.
    var elapsed: Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }

    /// Reports `done` of `total`, if the last line is older than the interval.
    mutating func update(_ done: Int) {
        let now = DispatchTime.now().uptimeNanoseconds
        guard Double(now - lastPrinted) / 1e9 >= interval, done > 0 else { return }
        lastPrinted = now
        let rate = Double(done) / elapsed
        let remaining = total > done && rate > 0 ? Double(total - done) / rate : 0
        let percent = total > 0 ? " (\(done * 100 / total)%)" : ""
        Diagnostics.line("\(label): \(done)/\(total) examples\(percent), \(String(format: "%.1f", rate))/s, ETA \(Self.clock(remaining))")
    }

    /// `m:ss` or `h:mm:ss`.
    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }
}
