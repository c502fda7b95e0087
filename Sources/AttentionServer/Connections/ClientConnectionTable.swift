import Foundation

/// How many connections each client address has open, shared by every connection's
/// ``ClientConnectionLimitHandler``: a connection beyond `limit` from one address is refused.
///
/// On a loopback-bound server every local client shares one address (127.0.0.1 or ::1), so
/// the limit is a ceiling for all local clients together.
///
/// ```swift
/// let table = ClientConnectionTable(limit: 32)
/// if table.open(from: "127.0.0.1") == .admitted { /* ...later: */ table.close(from: "127.0.0.1") }
/// table.count(from: "127.0.0.1")    // 0
/// ```
public final class ClientConnectionTable: @unchecked Sendable {
    /// Most simultaneous connections from one address.
    public let limit: Int
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var refusedTotal = 0
    /// Addresses refused since they last dropped below the limit.
    private var atLimit: Set<String> = []

    /// What ``open(from:)`` decided.
    public enum Admission: Sendable, Equatable {
        /// Counted; call ``close(from:)`` when the connection closes.
        case admitted
        /// Not counted: the address has `limit` open. `first` is true for the first refusal
        /// since the address was last below the limit (worth one log line, not one per refusal).
        case refused(first: Bool)
    }

    public init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Counts a new connection from `address`, unless `address` already has `limit` open.
    public func open(from address: String) -> Admission {
        lock.withLock {
            let count = counts[address, default: 0]
            guard count < limit else {
                refusedTotal += 1
                return .refused(first: atLimit.insert(address).inserted)
            }
            counts[address] = count + 1
            return .admitted
        }
    }

    /// Forgets one connection from `address` that ``open(from:)`` counted.
    public func close(from address: String) {
        lock.withLock {
            guard let count = counts[address] else { return }
            counts[address] = count > 1 ? count - 1 : nil
            atLimit.remove(address)
        }
    }

    /// Connections from `address` open now.
    public func count(from address: String) -> Int {
        lock.withLock { counts[address, default: 0] }
    }

    /// Connections refused so far because their address was at the limit.
    public var refused: Int {
        lock.withLock { refusedTotal }
    }
}
