import Synchronization
import TransformerRuntime

/// The runs the server answers tiles for, by id, in the order they were added: a file given at
/// startup (`file`) and runs started from the page (`r1`, `r2`, …) or uploaded (`u1`, …).
/// Holds at most ``capacity`` runs; runs added with ``addDropping(id:bytes:make:)`` are dropped,
/// oldest first, to make room for newer ones (by count and by ``droppableBytes``), the others
/// never are.
///
/// ```swift
/// let runs = RunStore(capacity: 8, droppableBytes: 2 << 30)
/// try runs.add(ServedRun(id: "file", title: "run.safetensors", data: data))
/// let added = try runs.addDropping(prefix: "r", bytes: other.tensor.storedByteCount) { id throws(TileError) in
///     try ServedRun(id: id, title: "hi", data: other)
/// }
/// runs.ids                     // ["file", "r1"]
/// runs.run(id: "file")?.title  // "run.safetensors"
/// ```
public final class RunStore: Sendable {
    /// Why a run was not added.
    public enum AddError: Error, Equatable, Sendable, CustomStringConvertible {
        /// ``RunStore/capacity`` runs are held already (none of them can be dropped).
        case full(capacity: Int)
        /// A run with this id is held already.
        case duplicate(id: String)
        /// The run alone takes more than ``RunStore/droppableBytes``.
        case tooBig(bytes: Int, limit: Int)
        /// The run's tile engine refused it.
        case unservable(TileError)

        public var description: String {
            switch self {
            case .full(let capacity): "the server holds \(capacity) runs already"
            case .duplicate(let id): "a run with id \(id) exists already"
            case .tooBig(let bytes, let limit):
                "the run takes \(Self.size(bytes)); the server keeps at most \(Self.size(limit)) of runs"
            case .unservable(let error): "the run cannot be served: \(error)"
            }
        }

        /// `bytes` in bytes, KiB or MiB (rounded up), whichever keeps the number small.
        private static func size(_ bytes: Int) -> String {
            if bytes < 10 << 10 { return "\(bytes) bytes" }
            if bytes < 10 << 20 { return "\((bytes + 1023) >> 10) KiB" }
            return "\((bytes + (1 << 20) - 1) >> 20) MiB"
        }
    }

    /// What ``addDropping(prefix:bytes:make:)`` did.
    public struct Added: Sendable, Equatable {
        /// The new run's id.
        public var id: String
        /// Ids of the runs dropped to make room, oldest first.
        public var dropped: [String]

        public init(id: String, dropped: [String]) {
            self.id = id
            self.dropped = dropped
        }
    }

    private struct Entry {
        var run: ServedRun
        /// Bytes counted against `droppableBytes`, or `nil` for a run that is never dropped.
        var droppableBytes: Int?
    }

    private struct State {
        var entries: [Entry] = []
        var counters: [String: Int] = [:]
    }

    /// Most runs held at once.
    public let capacity: Int
    /// Bytes the droppable runs may take together.
    public let droppableBytes: Int
    private let state = Mutex(State())

    /// An empty store for at most `capacity` runs (at least 1), of which the droppable ones take
    /// at most `droppableBytes`.
    public init(capacity: Int = 16, droppableBytes: Int = .max) {
        self.capacity = max(1, capacity)
        self.droppableBytes = max(0, droppableBytes)
    }

    /// Adds `run`, never to be dropped.
    public func add(_ run: ServedRun) throws(AddError) {
        let capacity = self.capacity
        let outcome: AddError? = state.withLock { state in
            if state.entries.contains(where: { $0.run.id == run.id }) { return .duplicate(id: run.id) }
            if state.entries.count >= capacity { return .full(capacity: capacity) }
            state.entries.append(Entry(run: run, droppableBytes: nil))
            return nil
        }
        if let outcome { throw outcome }
    }

    /// Adds the run `make` builds for a fresh id (``reserveID(prefix:)``), taking `bytes`,
    /// dropping the oldest droppable runs until it fits (see ``addDropping(id:bytes:make:)``).
    public func addDropping(
        prefix: String, bytes: Int, make: (String) throws(TileError) -> ServedRun
    ) throws(AddError) -> Added {
        guard bytes <= droppableBytes else { throw .tooBig(bytes: bytes, limit: droppableBytes) }
        return try addDropping(id: reserveID(prefix: prefix), bytes: bytes, make: make)
    }

    /// A fresh id: `prefix` then 1, 2, …, never given twice, for a run added later (a run the
    /// server computes in the background is named before it exists).
    public func reserveID(prefix: String) -> String {
        state.withLock { state in
            let next = state.counters[prefix, default: 0] + 1
            state.counters[prefix] = next
            return prefix + String(next)
        }
    }

    /// Adds the run `make` builds for `id` (from ``reserveID(prefix:)``), taking `bytes`, dropping
    /// the oldest droppable runs until it fits. Throws ``AddError/tooBig(bytes:limit:)`` (before
    /// calling `make`) when it cannot fit even alone, ``AddError/duplicate(id:)`` when `id` is
    /// held, ``AddError/full(capacity:)`` when no run can be dropped, or
    /// ``AddError/unservable(_:)`` when `make` fails.
    public func addDropping(
        id: String, bytes: Int, make: (String) throws(TileError) -> ServedRun
    ) throws(AddError) -> Added {
        guard bytes <= droppableBytes else { throw .tooBig(bytes: bytes, limit: droppableBytes) }
        let run: ServedRun
        do {
            run = try make(id)
        } catch {
            throw .unservable(error)
        }
        let capacity = self.capacity
        let limit = droppableBytes
        let outcome: Result<[String], AddError> = state.withLock { state in
            if state.entries.contains(where: { $0.run.id == id }) { return .failure(.duplicate(id: id)) }
            var dropped: [String] = []
            func heldBytes() -> Int { state.entries.reduce(0) { $0 + ($1.droppableBytes ?? 0) } }
            while state.entries.count >= capacity || heldBytes() + bytes > limit {
                guard let oldest = state.entries.firstIndex(where: { $0.droppableBytes != nil }) else {
                    return .failure(.full(capacity: capacity))
                }
                dropped.append(state.entries.remove(at: oldest).run.id)
            }
            state.entries.append(Entry(run: run, droppableBytes: bytes))
            return .success(dropped)
        }
        return Added(id: id, dropped: try outcome.get())
    }

    /// Removes the run with `id`, if held.
    public func remove(id: String) {
        state.withLock { $0.entries.removeAll { $0.run.id == id } }
    }

    /// The run with `id`, or `nil`.
    public func run(id: String) -> ServedRun? {
        state.withLock { $0.entries.first { $0.run.id == id }?.run }
    }

    /// Ids of the runs held, oldest first.
    public var ids: [String] { state.withLock { $0.entries.map(\.run.id) } }
}
