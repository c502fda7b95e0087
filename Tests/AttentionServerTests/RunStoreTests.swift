import Attention
import AttentionFormats
import AttentionServer
import Foundation
import Testing
import TestSupport
import TransformerRuntime

/// `RunStore`: fresh ids per prefix (never reused), the oldest droppable run dropped by count and
/// by bytes, runs given at startup never dropped, and the errors when nothing can make room.
struct RunStoreTests {
    static let data: AttentionData? = try? AttentionFile.read(
        path: PackageRoot.path("Tests/AttentionFormatsTests/Fixtures/factored/causal-gqa.safetensors"))

    static func add(_ store: RunStore, _ prefix: String, bytes: Int = 10) throws -> RunStore.Added {
        let data = try #require(Self.data)
        return try store.addDropping(prefix: prefix, bytes: bytes) { id throws(TileError) in
            try ServedRun(id: id, title: id, data: data)
        }
    }

    @Test func idsAreFreshPerPrefixAndTheOldestDroppableGoesFirst() throws {
        let store = RunStore(capacity: 3)
        try store.add(ServedRun(id: "file", title: "file", data: #require(Self.data)))
        #expect(try Self.add(store, "r") == RunStore.Added(id: "r1", dropped: []))
        #expect(try Self.add(store, "u") == RunStore.Added(id: "u1", dropped: []))
        #expect(try Self.add(store, "r") == RunStore.Added(id: "r2", dropped: ["r1"]))
        #expect(try Self.add(store, "r") == RunStore.Added(id: "r3", dropped: ["u1"]))
        #expect(store.ids == ["file", "r2", "r3"])
        #expect(store.run(id: "r1") == nil && store.run(id: "file") != nil)
    }

    @Test func bytesDropTheOldestAndOneTooBigIsRefused() throws {
        let store = RunStore(capacity: 16, droppableBytes: 100)
        _ = try Self.add(store, "r", bytes: 40)
        _ = try Self.add(store, "r", bytes: 40)
        #expect(try Self.add(store, "r", bytes: 40).dropped == ["r1"])
        #expect(throws: RunStore.AddError.tooBig(bytes: 101, limit: 100)) { try Self.add(store, "r", bytes: 101) }
        #expect(store.ids == ["r2", "r3"])
        #expect(try Self.add(store, "r").id == "r4")   // the refused run's id is not reused
        #expect(RunStore.AddError.tooBig(bytes: 11_200, limit: 2 << 30).description
                == "the run takes 11 KiB; the server keeps at most 2048 MiB of runs")
    }

    @Test func aStoreOfStartupRunsIsFull() throws {
        let store = RunStore(capacity: 1)
        try store.add(ServedRun(id: "file", title: "file", data: #require(Self.data)))
        #expect(throws: RunStore.AddError.full(capacity: 1)) { try Self.add(store, "r") }
        #expect(store.ids == ["file"])
    }
}
