import AttentionServer
import Foundation
import Testing

@Suite struct WorkQueueTests {
    @Test func runsWorkOffTheCallerAndReturnsItsResult() async throws {
        let queue = WorkQueue(workers: 2, capacity: 4)
        defer { queue.shutdown() }
        let onMain = try await queue.run { Thread.isMainThread }
        #expect(!onMain)
        let sum = try await queue.run { (1...100).reduce(0, +) }
        #expect(sum == 5050)
        #expect(await eventually { queue.currentStatistics.completed == 2 })
    }

    @Test func errorsOfTheWorkArePassedOn() async throws {
        struct Boom: Error {}
        let queue = WorkQueue(workers: 1, capacity: 1)
        defer { queue.shutdown() }
        do {
            _ = try await queue.run { () throws -> Int in throw Boom() }
            Issue.record("expected an error")
        } catch .failed(let error) {
            #expect(error is Boom)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func refusesBeyondCapacityWithoutQueueing() async throws {
        let gate = Gate()
        let queue = WorkQueue(workers: 1, capacity: 3)
        var jobs = [Task { try await queue.run { gate.pass(); return 0 } }]
        #expect(await eventually { gate.blocked == 1 })
        for i in 1..<4 {
            jobs.append(Task { try await queue.run { gate.pass(); return i } })
            #expect(await eventually { queue.currentStatistics.waiting == i })
        }
        for _ in 0..<100 {
            do {
                _ = try await queue.run { 0 }
                Issue.record("expected full")
            } catch .full(let capacity) {
                #expect(capacity == 3)
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
        #expect(queue.currentStatistics.waiting == 3)
        #expect(queue.currentStatistics.rejected == 100)
        gate.open()
        var results = [Int]()
        for job in jobs { results.append(try await job.value) }
        #expect(results == [0, 1, 2, 3])
        queue.shutdown()
        #expect(queue.waitForWorkers(timeout: 5))
    }

    @Test func cancellingAWaitingCallerWithdrawsItsJob() async throws {
        let gate = Gate()
        let queue = WorkQueue(workers: 1, capacity: 2)
        let running = Task { try await queue.run { gate.pass() } }
        #expect(await eventually { gate.blocked == 1 })
        let ran = LockedFlag()
        let waiting = Task { try await queue.run { ran.set() } }
        #expect(await eventually { queue.currentStatistics.waiting == 1 })
        waiting.cancel()
        do {
            try await waiting.value
            Issue.record("expected cancellation")
        } catch let error as WorkQueueError {
            guard case .cancelled = error else { Issue.record("unexpected \(error)"); return }
        }
        #expect(queue.currentStatistics.waiting == 0)
        gate.open()
        try await running.value
        queue.shutdown()
        #expect(queue.waitForWorkers(timeout: 5))
        #expect(!ran.isSet)
    }

    @Test func shutdownFailsWaitingJobsAndRefusesNewOnes() async throws {
        let gate = Gate()
        let queue = WorkQueue(workers: 1, capacity: 2)
        let running = Task { try await queue.run { gate.pass(); return 1 } }
        #expect(await eventually { gate.blocked == 1 })
        let waiting = Task { try await queue.run { 2 } }
        #expect(await eventually { queue.currentStatistics.waiting == 1 })
        queue.shutdown()
        await #expect(throws: WorkQueueError.self) { try await waiting.value }
        await #expect(throws: WorkQueueError.self) { try await queue.run { 3 } }
        gate.open()
        #expect(try await running.value == 1)   // the running job finishes
        #expect(queue.waitForWorkers(timeout: 5))
    }
}

final class LockedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }

    /// Background work: queued without a caller, refused when the line is full, and told when the
    /// queue shuts down before a worker took it.
    @Test func submittedWorkRunsOrIsAbandoned() async throws {
        let gate = Gate()
        let queue = WorkQueue(workers: 1, capacity: 1)
        let ran = Counter(), abandoned = Counter()
        try queue.submit({ gate.pass(); ran.add() }, abandoned: { abandoned.add() })
        #expect(await eventually { gate.blocked == 1 })
        try queue.submit({ ran.add() }, abandoned: { abandoned.add() })
        #expect(refusal { () throws(WorkQueueError) in try queue.submit({ ran.add() }, abandoned: { abandoned.add() }) } == "full")
        queue.shutdown()
        #expect(abandoned.value == 1, "the waiting job is told it will not run")
        gate.open()
        #expect(queue.waitForWorkers(timeout: 5))
        #expect(ran.value == 1, "the running job finishes")
        #expect(refusal { () throws(WorkQueueError) in try queue.submit({ ran.add() }, abandoned: { abandoned.add() }) } == "shuttingDown")
    }

    /// How `body` was refused: `full`, `shuttingDown`, or `nil` when it was not.
    func refusal(_ body: () throws(WorkQueueError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch .full {
            return "full"
        } catch .shuttingDown {
            return "shuttingDown"
        } catch {
            return "\(error)"
        }
    }
}

/// A thread-safe count.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func add() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
