import Foundation

/// A fixed pool of worker threads in front of a bounded waiting line, for CPU-heavy synchronous
/// work (forward passes, parsing uploads) that must not run on the async executor's few threads.
///
/// When `capacity` jobs are already waiting, ``run(_:)`` fails at once with
/// ``WorkQueueError/full(capacity:)`` instead of queueing more: memory stays bounded under any
/// load. Cancelling the awaiting task (a request timeout, a client that went away) removes a
/// waiting job; a job that already started finishes on its thread and its result is dropped.
///
/// ```swift
/// let queue = WorkQueue(workers: 1, capacity: 16)
/// let sum = try await queue.run { (1...100).reduce(0, +) }   // 5050, computed on a worker thread
/// queue.shutdown()
/// ```
public final class WorkQueue: @unchecked Sendable {
    /// Counters for health reports and tests.
    public struct Statistics: Sendable, Equatable, Codable {
        /// Jobs waiting for a worker.
        public var waiting: Int
        /// Jobs on a worker thread now.
        public var running: Int
        /// Jobs finished (successfully or with an error thrown by the work).
        public var completed: Int
        /// Jobs refused because the waiting line was full.
        public var rejected: Int
        /// Jobs abandoned by their caller (removed while waiting, or result dropped).
        public var cancelled: Int
    }

    /// Number of worker threads.
    public let workers: Int
    /// Maximum number of jobs waiting for a worker.
    public let capacity: Int

    private let condition = NSCondition()
    private var waiting: [Job] = []
    private var statistics = Statistics(waiting: 0, running: 0, completed: 0, rejected: 0, cancelled: 0)
    private var stopping = false
    private var nextID: UInt64 = 0
    private var liveThreads = 0

    /// Starts `workers` threads (at least one) with room for `capacity` waiting jobs (at least one).
    public init(workers: Int, capacity: Int) {
        self.workers = max(1, workers)
        self.capacity = max(1, capacity)
        for index in 0..<self.workers {
            let thread = Thread { [self] in self.workLoop() }
            thread.name = "attnviz-work-\(index)"
            thread.stackSize = 8 << 20
            liveThreads += 1
            thread.start()
        }
    }

    /// Current counters.
    public var currentStatistics: Statistics {
        condition.lock()
        defer { condition.unlock() }
        var s = statistics
        s.waiting = waiting.count
        return s
    }

    /// Runs `work` on a worker thread and returns its result, or fails at once when the waiting
    /// line is full or the queue is shutting down.
    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws(WorkQueueError) -> T {
        try await run { (_: JobCaller) in try work() }
    }

    /// Like ``run(_:)``, with `work` able to ask whether its caller still waits for the answer
    /// (``JobCaller/stoppedWaiting``) before doing anything that outlives the request.
    public func run<T: Sendable>(_ work: @escaping @Sendable (JobCaller) throws -> T) async throws(WorkQueueError) -> T {
        let ticket = Ticket<T>()
        let caller = JobCaller { ticket.isResolved }
        let id = try enqueue(Job(id: 0, ticket: ticket) {
            let result: Result<T, WorkQueueError>
            do { result = .success(try work(caller)) } catch { result = .failure(.failed(error)) }
            return ticket.resolve(result)
        })
        let outcome: Result<T, WorkQueueError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in ticket.attach(continuation) }
        } onCancel: {
            self.withdraw(id)
            _ = ticket.resolve(.failure(.cancelled))
        }
        return try outcome.get()
    }

    /// Queues `work` with nobody awaiting it (a run computed in the background), or fails at once
    /// when the waiting line is full or the queue is shutting down. `abandoned` is called instead
    /// of `work` when the queue shuts down before a worker takes it.
    public func submit(
        _ work: @escaping @Sendable () -> Void, abandoned: @escaping @Sendable () -> Void
    ) throws(WorkQueueError) {
        _ = try enqueue(Job(id: 0, execute: { work(); return true }, abandon: abandoned))
    }

    /// Stops taking work, fails every waiting job with ``WorkQueueError/shuttingDown``, and lets
    /// the threads exit once their current job is done. Safe to call more than once.
    public func shutdown() {
        condition.lock()
        stopping = true
        let dropped = waiting
        waiting.removeAll()
        condition.broadcast()
        condition.unlock()
        for job in dropped { job.abandon() }
    }

    /// Waits (blocking) until every worker thread has exited after ``shutdown()``, or the timeout
    /// passes. Returns whether all exited.
    @discardableResult
    public func waitForWorkers(timeout: TimeInterval = 30) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        condition.lock()
        defer { condition.unlock() }
        while liveThreads > 0 {
            if !condition.wait(until: deadline) { return liveThreads == 0 }
        }
        return true
    }

    /// Appends `job` (giving it an id) unless the line is full or the queue is stopping.
    private func enqueue(_ job: Job) throws(WorkQueueError) -> UInt64 {
        condition.lock()
        defer { condition.unlock() }
        if stopping { throw .shuttingDown }
        if waiting.count >= capacity {
            statistics.rejected += 1
            throw .full(capacity: capacity)
        }
        nextID += 1
        var job = job
        job.id = nextID
        waiting.append(job)
        condition.signal()
        return nextID
    }

    private func withdraw(_ id: UInt64) {
        condition.lock()
        defer { condition.unlock() }
        if let index = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: index)
            statistics.cancelled += 1
        }
    }

    private func workLoop() {
        while true {
            condition.lock()
            while waiting.isEmpty && !stopping { condition.wait() }
            if waiting.isEmpty {  // stopping and nothing left
                liveThreads -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = waiting.removeFirst()
            statistics.running += 1
            condition.unlock()

            let delivered = job.execute()

            condition.lock()
            statistics.running -= 1
            statistics.completed += 1
            if !delivered { statistics.cancelled += 1 }
            condition.unlock()
        }
    }
}

/// One waiting job; `execute` runs the work and reports whether its result reached the caller.
private struct Job {
    var id: UInt64
    let execute: @Sendable () -> Bool
    private let abandonAction: @Sendable () -> Void

    init<T: Sendable>(id: UInt64, ticket: Ticket<T>, execute: @escaping @Sendable () -> Bool) {
        self.init(id: id, execute: execute, abandon: { _ = ticket.resolve(.failure(.shuttingDown)) })
    }

    init(id: UInt64, execute: @escaping @Sendable () -> Bool, abandon: @escaping @Sendable () -> Void) {
        self.id = id
        self.execute = execute
        self.abandonAction = abandon
    }

    func abandon() { abandonAction() }
}

/// The meeting point of a job's result and its awaiting caller; whichever side comes first
/// waits for the other, and only the first resolution counts.
private final class Ticket<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<T, WorkQueueError>, Never>?
    private var early: Result<T, WorkQueueError>?
    private var resolved = false

    func attach(_ continuation: CheckedContinuation<Result<T, WorkQueueError>, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    /// Whether something was delivered already: the job's result, or the caller's cancellation
    /// (then whatever the job returns is dropped).
    var isResolved: Bool {
        lock.lock()
        defer { lock.unlock() }
        return resolved
    }

    /// Delivers `result` unless something was delivered already; returns whether it was.
    func resolve(_ result: Result<T, WorkQueueError>) -> Bool {
        lock.lock()
        if resolved {
            lock.unlock()
            return false
        }
        resolved = true
        if let continuation {
            self.continuation = nil
            lock.unlock()
            continuation.resume(returning: result)
        } else {
            early = result
            lock.unlock()
        }
        return true
    }
}

/// What a job running on a ``WorkQueue`` can ask about the caller awaiting it.
public struct JobCaller: Sendable {
    let gone: @Sendable () -> Bool

    /// Whether the caller stopped waiting (its request was cancelled or timed out): the job's
    /// result will be dropped, so it should not do what outlives the request, such as keeping a
    /// run nobody will be told about.
    public var stoppedWaiting: Bool { gone() }
}
