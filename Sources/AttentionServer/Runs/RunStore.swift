import Synchronization

/// The runs the server answers tiles for, by id, in the order they were added: a file given at
/// startup (`file`) and, later, runs started from the page. Holds at most ``capacity`` runs.
///
/// ```swift
/// let runs = RunStore(capacity: 8)
/// try runs.add(ServedRun(id: "file", title: "run.safetensors", data: data))
/// runs.ids                     // ["file"]
/// runs.run(id: "file")?.title  // "run.safetensors"
/// ```
public final class RunStore: Sendable {
    /// Why a run was not added.
    public enum AddError: Error, Equatable, Sendable, CustomStringConvertible {
        /// ``RunStore/capacity`` runs are held already.
        case full(capacity: Int)
        /// A run with this id is held already.
        case duplicate(id: String)

        public var description: String {
            switch self {
            case .full(let capacity): "the server holds \(capacity) runs already"
            case .duplicate(let id): "a run with id \(id) exists already"
            }
        }
    }

    /// Most runs held at once.
    public let capacity: Int
    private let runs = Mutex<[ServedRun]>([])

    /// An empty store for at most `capacity` runs (at least 1).
    public init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
    }

    /// Adds `run`.
    public func add(_ run: ServedRun) throws(AddError) {
        let capacity = self.capacity
        let outcome: AddError? = runs.withLock { runs in
            if runs.contains(where: { $0.id == run.id }) { return .duplicate(id: run.id) }
            if runs.count >= capacity { return .full(capacity: capacity) }
            runs.append(run)
            return nil
        }
        if let outcome { throw outcome }
    }

    /// The run with `id`, or `nil`.
    public func run(id: String) -> ServedRun? {
        runs.withLock { $0.first { $0.id == id } }
    }

    /// Ids of the runs held, oldest first.
    public var ids: [String] { runs.withLock { $0.map(\.id) } }
}
