import AttentionServer
import Foundation
import Testing

/// The table behind `GET /api/runs/{id}` while a page-started run is computed in the background.
@Suite struct PendingRunsTests {
    @Test func aRunGoesFromWaitingToRunningToServed() async throws {
        let pending = PendingRuns()
        pending.add(id: "r1", title: "t", tokens: 9, shape: [2, 4, 9, 9])
        #expect(pending.status(id: "r1")?.state == .waiting && pending.status(id: "r1")?.seconds == 0)
        #expect(pending.activeIDs == ["r1"])
        pending.started("r1")
        pending.progress("r1", layersDone: 1, layers: 2)
        try await Task.sleep(for: .milliseconds(150))
        let running = try #require(pending.status(id: "r1"))
        #expect(running.state == .running && running.layersDone == 1 && running.seconds >= 0.1)
        pending.progress("r1", layersDone: 7, layers: 2)
        #expect(pending.status(id: "r1")?.layersDone == 2, "never more layers than the model has")
        pending.finished("r1")
        #expect(pending.status(id: "r1") == nil && pending.activeIDs.isEmpty)
    }

    @Test func admissionStopsAtTheLimitAndFollowsTheSameInput() {
        let pending = PendingRuns()
        var next = 0
        let makeID = { () -> String in next += 1; return "r\(next)" }
        let a = AttentionRequest(text: "a long text"), b = AttentionRequest(text: "another")
        #expect(pending.admit(title: "t", tokens: 9, shape: [1, 1, 9, 9], input: a, limit: 1, makeID: makeID) == .added(id: "r1"))
        #expect(pending.admit(title: "t", tokens: 9, shape: [1, 1, 9, 9], input: a, limit: 1, makeID: makeID) == .same(id: "r1"))
        #expect(pending.admit(title: "t", tokens: 9, shape: [1, 1, 9, 9], input: b, limit: 1, makeID: makeID) == .full)
        #expect(next == 1, "no id is spent on a run not added")
        pending.failed("r1", APIError(.internalServerError, "boom"))
        #expect(pending.admit(title: "t", tokens: 9, shape: [1, 1, 9, 9], input: a, limit: 1, makeID: makeID) == .added(id: "r2"),
                "a failed run is neither active nor followed")
        #expect(pending.activeIDs == ["r2"])
    }

    @Test func failuresAreRememberedUpToTheirCapacity() throws {
        let pending = PendingRuns(failedCapacity: 2)
        for i in 1...3 {
            pending.add(id: "r\(i)", title: "t", tokens: 9, shape: [1, 1, 9, 9])
            pending.failed("r\(i)", APIError(.badRequest, "failure \(i)"))
        }
        pending.add(id: "r4", title: "t", tokens: 9, shape: [1, 1, 9, 9])
        #expect(pending.status(id: "r1") == nil, "the oldest failure is forgotten")
        let failed = try #require(pending.status(id: "r2"))
        #expect(failed.state == .failed && failed.error?.message == "failure 2" && failed.error?.status == .badRequest)
        #expect(pending.status(id: "r3")?.error?.message == "failure 3")
        #expect(pending.activeIDs == ["r4"], "failures are not active")
        // Its JSON is the status without the error (the error answers with its own status).
        let json = String(decoding: try JSONEncoder().encode(failed), as: UTF8.self)
        #expect(json.contains(#""state":"failed""#) && !json.contains("failure 2"))
    }
}
