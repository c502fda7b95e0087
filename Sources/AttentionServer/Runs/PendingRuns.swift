import Foundation
import Synchronization

/// Runs the server is computing in the background (a page-started text of more than
/// `--dense-max-tokens` tokens): named before they exist, so `POST /api/attention` can answer
/// `202 Accepted` at once and the page follows the run through `GET /api/runs/{id}` however long
/// the forward pass takes (no request waits for it, so `--timeout` does not cut it short).
///
/// A run leaves this table when it is added to the ``RunStore``; one that failed stays (its
/// status and message answer `GET /api/runs/{id}`) until ``failedCapacity`` newer failures push
/// it out. Waiting and running entries are bounded by the work queue's capacity.
///
/// ```swift
/// let pending = PendingRuns()
/// pending.add(id: "r1", title: "Once upon a time…", tokens: 8000, shape: [30, 9, 8000, 8000])
/// pending.started("r1")
/// pending.progress("r1", layersDone: 12, layers: 30)
/// pending.status(id: "r1")?.state   // .running
/// pending.finished("r1")            // the run is in the RunStore now
/// ```
public final class PendingRuns: Sendable {
    /// Where a pending run is.
    public enum State: String, Sendable, Encodable {
        /// Queued behind other work.
        case waiting
        /// Its forward pass is running.
        case running
        /// It failed; ``Status/error`` says why.
        case failed
    }

    /// What `GET /api/runs/{id}` answers for a run not ready yet.
    public struct Status: Sendable, Encodable {
        /// The run's id.
        public var id: String
        public var state: State
        /// The run's title.
        public var title: String
        /// Query tokens.
        public var tokens: Int
        /// `[layers, heads, queries, keys]` the run will have.
        public var shape: [Int]
        /// Layers whose forward pass is done.
        public var layersDone: Int
        /// Seconds since its forward pass started (0 while waiting).
        public var seconds: Double
        /// Why it failed: what its request would have answered.
        public var error: APIError?

        enum CodingKeys: String, CodingKey { case id, state, title, tokens, shape, layersDone, seconds }
    }

    /// What ``admit(title:tokens:shape:input:limit:makeID:)`` did.
    public enum Admission: Sendable, Equatable {
        /// Named `id` and added: queue its work.
        case added(id: String)
        /// The same input is waiting or running already as `id`: follow that run.
        case same(id: String)
        /// `limit` runs are waiting or running.
        case full
    }

    private struct Entry {
        var status: Status
        var started: ContinuousClock.Instant?
        /// The request it computes, to recognise the same one sent again.
        var input: AttentionRequest?
    }

    /// Failed runs remembered (their ids keep answering with the failure).
    public let failedCapacity: Int
    private let entries = Mutex([Entry]())

    /// An empty table remembering at most `failedCapacity` failures.
    public init(failedCapacity: Int = 16) {
        self.failedCapacity = max(1, failedCapacity)
    }

    /// Names a run about to be queued.
    public func add(id: String, title: String, tokens: Int, shape: [Int]) {
        _ = admit(title: title, tokens: tokens, shape: shape, input: nil, limit: .max) { id }
    }

    /// Adds a run for `input` named by `makeID` (called only then), unless the same input is
    /// waiting or running already (a page sending its text twice follows one run), or `limit`
    /// runs are.
    public func admit(
        title: String, tokens: Int, shape: [Int], input: AttentionRequest?, limit: Int, makeID: () -> String
    ) -> Admission {
        entries.withLock { entries in
            let active = entries.filter { $0.status.state != .failed }
            if let input, let same = active.first(where: { $0.input == input }) { return .same(id: same.status.id) }
            guard active.count < limit else { return .full }
            let id = makeID()
            let status = Status(id: id, state: .waiting, title: title, tokens: tokens, shape: shape, layersDone: 0, seconds: 0)
            entries.append(Entry(status: status, started: nil, input: input))
            return .added(id: id)
        }
    }

    /// Its forward pass started on a worker.
    public func started(_ id: String) {
        update(id) { entry in
            entry.status.state = .running
            entry.started = .now
        }
    }

    /// `layersDone` of `layers` are done.
    public func progress(_ id: String, layersDone: Int, layers: Int) {
        update(id) { $0.status.layersDone = min(layersDone, layers) }
    }

    /// It failed: its id answers `failure` from now on (until newer failures push it out).
    public func failed(_ id: String, _ failure: APIError) {
        let capacity = failedCapacity
        entries.withLock { entries in
            guard let index = entries.firstIndex(where: { $0.status.id == id }) else { return }
            var entry = entries.remove(at: index)
            entry.status.state = .failed
            entry.status.error = failure
            entries.append(entry)
            while entries.filter({ $0.status.state == .failed }).count > capacity,
                  let oldest = entries.firstIndex(where: { $0.status.state == .failed }) {
                entries.remove(at: oldest)
            }
        }
    }

    /// It is served now (or was never queued): forget it.
    public func finished(_ id: String) {
        entries.withLock { $0.removeAll { $0.status.id == id } }
    }

    /// The run's status with its time so far, or `nil` when `id` is not pending.
    public func status(id: String) -> Status? {
        entries.withLock { entries in
            guard let entry = entries.first(where: { $0.status.id == id }) else { return nil }
            var status = entry.status
            if status.state == .running, let started = entry.started {
                let elapsed = ContinuousClock.now - started
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                status.seconds = (seconds * 10).rounded() / 10
            }
            return status
        }
    }

    /// Ids of the runs waiting or running, oldest first.
    public var activeIDs: [String] {
        entries.withLock { $0.filter { $0.status.state != .failed }.map(\.status.id) }
    }

    private func update(_ id: String, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            if let index = entries.firstIndex(where: { $0.status.id == id }) { change(&entries[index]) }
        }
    }
}
