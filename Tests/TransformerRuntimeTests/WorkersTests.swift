import Synchronization
import Testing
@testable import TransformerRuntime

/// `Workers.split` hands out contiguous ranges that cover the whole count exactly once, with
/// inner boundaries on the requested alignment (the output-feature split of `Linear`).
@Suite struct WorkersTests {
    @Test(arguments: [(1, 1), (2, 16), (3, 16), (7, 1)])
    func splitCoversEveryIndexOnceOnAlignedBoundaries(workers: Int, alignment: Int) {
        for count in [1, 63, 64, 65, 576, 960, 1000, 3072] {
            let ranges = Mutex<[Range<Int>]>([])
            Workers.split(count, minimum: 64, alignment: alignment, parts: workers) { range in ranges.withLock { $0.append(range) } }
            let sorted = ranges.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
            #expect(sorted.first?.lowerBound == 0, "count \(count)")
            #expect(sorted.last?.upperBound == count, "count \(count)")
            for (a, b) in zip(sorted, sorted.dropFirst()) {
                #expect(a.upperBound == b.lowerBound, "count \(count): \(sorted)")
                #expect(b.lowerBound % alignment == 0, "count \(count): \(sorted)")
            }
            #expect(sorted.allSatisfy { !$0.isEmpty })
            #expect(sorted.count <= max(1, min(workers, count / 64)))
        }
    }
}
