import Synchronization

/// A thread-safe least-recently-used cache bounded in bytes: computed tiles, head summaries and
/// top-k tables, each inserted with what it costs. Inserting past the budget evicts the entries
/// used longest ago; an entry larger than the whole budget is not kept.
///
/// ```swift
/// let cache = TileCache<TileAddress, AttentionTile>(byteBudget: 256 << 20)
/// cache.insert(tile, for: tile.address, cost: tile.byteCount)
/// cache.value(for: tile.address)          // the tile, now the most recently used entry
/// cache.byteCount                         // ≤ 256 MiB, always
/// ```
public final class TileCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// Most bytes the entries may cost together.
    public let byteBudget: Int
    private let state: Mutex<State>

    /// Entries in a doubly linked list by recency (array slots, so nothing is reference counted).
    private struct State {
        struct Node {
            var key: Key
            var value: Value
            var cost: Int
            var newer: Int?
            var older: Int?
        }
        var slots: [Node?] = []
        var free: [Int] = []
        var index: [Key: Int] = [:]
        var newest: Int?
        var oldest: Int?
        var bytes = 0
        var hits = 0
        var misses = 0
        var evictions = 0

        mutating func unlink(_ i: Int) {
            guard let node = slots[i] else { return }
            if let newer = node.newer { slots[newer]?.older = node.older } else { newest = node.older }
            if let older = node.older { slots[older]?.newer = node.newer } else { oldest = node.newer }
            slots[i]?.newer = nil
            slots[i]?.older = nil
        }

        mutating func pushNewest(_ i: Int) {
            slots[i]?.older = newest
            slots[i]?.newer = nil
            if let newest { slots[newest]?.newer = i }
            newest = i
            if oldest == nil { oldest = i }
        }

        mutating func remove(_ i: Int) {
            guard let node = slots[i] else { return }
            unlink(i)
            index[node.key] = nil
            bytes -= node.cost
            slots[i] = nil
            free.append(i)
        }
    }

    /// An empty cache holding at most `byteBudget` bytes of entries.
    public init(byteBudget: Int) {
        self.byteBudget = max(0, byteBudget)
        state = Mutex(State())
    }

    /// The entry for `key`, marked most recently used, or `nil`.
    public func value(for key: Key) -> Value? {
        state.withLock { s in
            guard let i = s.index[key], let node = s.slots[i] else {
                s.misses += 1
                return nil
            }
            s.hits += 1
            s.unlink(i)
            s.pushNewest(i)
            return node.value
        }
    }

    /// Stores `value` (replacing any entry for `key`) as most recently used, evicting the least
    /// recently used entries until everything fits the budget. Returns whether it was kept.
    @discardableResult
    public func insert(_ value: Value, for key: Key, cost: Int) -> Bool {
        let cost = max(0, cost)
        let budget = byteBudget
        return state.withLock { s in
            if let i = s.index[key] { s.remove(i) }
            guard cost <= budget else { return false }
            while s.bytes + cost > budget, let oldest = s.oldest {
                s.remove(oldest)
                s.evictions += 1
            }
            let node = State.Node(key: key, value: value, cost: cost, newer: nil, older: nil)
            let i: Int
            if let reused = s.free.popLast() {
                s.slots[reused] = node
                i = reused
            } else {
                s.slots.append(node)
                i = s.slots.count - 1
            }
            s.index[key] = i
            s.bytes += cost
            s.pushNewest(i)
            return true
        }
    }

    /// Whether an entry for `key` is held (without marking it used or counting a lookup).
    public func contains(_ key: Key) -> Bool { state.withLock { $0.index[key] != nil } }

    /// Bytes the entries cost now (never more than ``byteBudget``).
    public var byteCount: Int { state.withLock { $0.bytes } }

    /// Entries held now.
    public var count: Int { state.withLock { $0.index.count } }

    /// Current counters.
    public var statistics: TileCacheStatistics {
        state.withLock { s in TileCacheStatistics(entries: s.index.count, bytes: s.bytes, hits: s.hits, misses: s.misses, evictions: s.evictions) }
    }
}

/// A ``TileCache``'s counters, for health reports and tests.
public struct TileCacheStatistics: Sendable, Equatable, Codable {
    /// Entries held.
    public var entries: Int
    /// Bytes the entries cost.
    public var bytes: Int
    /// Lookups that found their entry.
    public var hits: Int
    /// Lookups that did not.
    public var misses: Int
    /// Entries evicted to make room.
    public var evictions: Int
}
