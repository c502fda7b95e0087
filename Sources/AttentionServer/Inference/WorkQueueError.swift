/// Why the ``WorkQueue`` did not return a result.
///
/// ```swift
/// do { _ = try await queue.run { 42 } }
/// catch .full { /* answer 429 */ }
/// ```
public enum WorkQueueError: Error, Sendable, CustomStringConvertible {
    /// Every waiting slot is taken: the caller should answer 429 and let the client retry.
    case full(capacity: Int)
    /// The caller's task was cancelled (request timed out or the client went away) before the
    /// result was ready.
    case cancelled
    /// The queue is shutting down and takes no more work.
    case shuttingDown
    /// The work itself threw.
    case failed(any Error)

    public var description: String {
        switch self {
        case .full(let capacity): "all \(capacity) waiting slots are taken"
        case .cancelled: "cancelled before the result was ready"
        case .shuttingDown: "the server is shutting down"
        case .failed(let error): "\(error)"
        }
    }
}
