import Foundation
import Testing
@testable import TransformerRuntime

/// The byte-bounded LRU cache of tiles: never over budget, evicts the least recently used,
/// keeps nothing larger than the budget, and stays consistent under concurrent use.
struct TileCacheTests {
    @Test func evictsLeastRecentlyUsedWithinTheBudget() {
        let cache = TileCache<Int, [UInt8]>(byteBudget: 1000)
        for key in 0..<3 { #expect(cache.insert([UInt8](repeating: 1, count: 300), for: key, cost: 300)) }
        #expect(cache.byteCount == 900 && cache.count == 3)
        #expect(cache.value(for: 0) != nil)            // 0 is now the most recently used
        cache.insert([1], for: 3, cost: 300)            // evicts 1, the least recently used
        #expect(cache.byteCount == 900 && cache.count == 3)
        #expect(cache.value(for: 1) == nil)
        #expect(cache.value(for: 0) != nil && cache.value(for: 2) != nil && cache.value(for: 3) != nil)
        cache.insert([2], for: 2, cost: 100)            // replacing an entry re-costs it
        #expect(cache.byteCount == 700)
        #expect(!cache.insert([3], for: 9, cost: 1001))   // larger than the budget: not kept
        #expect(cache.value(for: 9) == nil && cache.byteCount == 700)
        cache.insert([4], for: 10, cost: 1000)          // exactly the budget: everything else goes
        #expect(cache.count == 1 && cache.byteCount == 1000)
        let stats = cache.statistics
        #expect(stats.evictions == 4 && stats.entries == 1 && stats.hits >= 4 && stats.misses >= 2)
    }

    @Test func concurrentUseNeverExceedsTheBudget() async {
        let cache = TileCache<Int, Int>(byteBudget: 10_000)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for i in 0..<2_000 {
                        let key = (worker * 7919 + i * 31) % 500
                        if cache.value(for: key) == nil { cache.insert(key, for: key, cost: 50 + key % 200) }
                        #expect(cache.byteCount <= 10_000)
                    }
                }
            }
        }
        #expect(cache.byteCount <= 10_000 && cache.count > 0)
    }
}
