import Dispatch
import Foundation
import Synchronization

/// How the forward pass uses the cores: its own workers split every product (rows of a dense
/// layer, heads of attention) and each calls OpenBLAS single-threaded (`BLASLibrary` sets it so).
///
/// One threading model, not two: OpenBLAS's own threads spin (`sched_yield`) between calls, and
/// beside workers of ours they would compete for the same cores.
///
/// ```swift
/// Workers.count = 2
/// Workers.split(512) { range in /* rows range.lowerBound..<range.upperBound */ }
/// ```
enum Workers {
    private static let configured = Atomic<Int>(0)

    /// `OPENBLAS_NUM_THREADS` if set, else the active cores.
    private static let defaultCount: Int = {
        if let text = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"], let n = Int(text), n > 0 { return n }
        return max(1, ProcessInfo.processInfo.activeProcessorCount)
    }()

    /// Number of workers: set explicitly, else `OPENBLAS_NUM_THREADS`, else the active cores.
    static var count: Int {
        get {
            let set = configured.load(ordering: .relaxed)
            return set > 0 ? set : defaultCount
        }
        set { configured.store(max(1, newValue), ordering: .relaxed) }
    }

    /// Runs `body(i)` for `i` in `0..<tasks`, spread over the workers: each takes the next task
    /// when it is free, so a core slowed by other work does not hold the rest up.
    static func run(_ tasks: Int, _ body: @Sendable (Int) -> Void) {
        let workers = min(count, tasks)
        guard workers > 1 else {
            for i in 0..<tasks { body(i) }
            return
        }
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < tasks else { return }
                body(i)
            }
        }
    }

    /// Splits `0..<count` into one contiguous range per worker (ranges of at least `minimum`
    /// items, every boundary a multiple of `alignment`) and runs `body` on each.
    /// `parts` is the most ranges to make (the worker count unless given).
    static func split(
        _ count: Int, minimum: Int = 32, alignment: Int = 1, parts most: Int? = nil, _ body: @Sendable (Range<Int>) -> Void
    ) {
        let parts = max(1, min(most ?? Self.count, count / max(1, minimum)))
        let unit = max(1, alignment)
        run(parts) { part in
            let start = part == 0 ? 0 : (count * part / parts) / unit * unit
            let end = part == parts - 1 ? count : (count * (part + 1) / parts) / unit * unit
            if start < end { body(start..<end) }
        }
    }
}
