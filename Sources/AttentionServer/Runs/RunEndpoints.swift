import Attention
import Foundation
import Hummingbird
import TransformerRuntime

/// The handlers of `/api/runs`: the runs held, one run's description, and per head its tiles,
/// range, exact rows and columns and top keys. Parameters are checked before any work is queued
/// (400 naming the parameter); computing runs on the server's ``WorkQueue`` (429 when full) and
/// its results go through the server's byte-bounded tile cache.
struct RunEndpoints: Sendable {
    let server: AttentionServer
    let endpoints: Endpoints

    /// `Cache-Control` of a tile: a run's tiles never change while the server runs it.
    static let tileCacheControl = "private, max-age=3600"

    /// `GET /api/runs`: `{"runs": [ids served], "pending": [ids being computed]}`.
    func list() -> Response {
        struct Runs: Encodable { var runs: [String]; var pending: [String] }
        return JSONResponse.make(Runs(runs: server.runs.ids, pending: server.pendingRuns.activeIDs))
    }

    /// `GET /api/runs/{id}`: the run's description; for a run still being computed 202 with its
    /// ``PendingRuns/Status``; for one that failed, its error.
    func describe(_ id: String?) throws(APIError) -> Response {
        if let id, server.runs.run(id: id) == nil, let status = server.pendingRuns.status(id: id) {
            if let error = status.error { throw error }
            return JSONResponse.make(status, status: .accepted)
        }
        return JSONResponse.make(try find(id).description)
    }

    /// `GET /api/runs/{id}/tile?layer=&head=&level=&row=&column=`: 2·size² Float32 LE, max plane then mean plane.
    func tile(_ request: Request, id: String?) async throws(APIError) -> Response {
        let run = try find(id)
        let query = RunQuery(request)
        let address = TileAddress(layer: try query.int("layer"), head: try query.int("head"), level: try query.int("level"),
                                  row: try query.int("row"), column: try query.int("column"))
        let engine = run.engine
        try check { () throws(TileError) in
            try engine.check(layer: address.layer, head: address.head)
            try engine.grid.check(address)
        }
        let key = RunCacheKey(run: run.id, item: .tile(address))
        let cache = server.tileCache
        if case .tileBytes(let bytes)? = cache.value(for: key) { return Self.binary(bytes, cacheControl: Self.tileCacheControl) }
        let bytes = try await endpoints.runOnQueue { () throws -> [UInt8] in
            if case .tileBytes(let bytes)? = cache.value(for: key) { return bytes }
            let tile: AttentionTile
            if address.level == engine.grid.topLevel {
                // The whole head in one pass: its summary comes for free.
                let overview = try engine.overview(layer: address.layer, head: address.head)
                tile = overview.tile
                let summary = RunCacheValue.summary(overview.summary)
                cache.insert(summary, for: RunCacheKey(run: run.id, item: .summary(layer: address.layer, head: address.head)), cost: summary.cost)
            } else {
                tile = try engine.tile(address)
            }
            let value = RunCacheValue.tileBytes(tile.littleEndianBytes)
            cache.insert(value, for: key, cost: value.cost)
            return tile.littleEndianBytes
        }
        return Self.binary(bytes, cacheControl: Self.tileCacheControl)
    }

    /// `GET /api/runs/{id}/head?layer=&head=`: `{"max", "sinkMax", "min"}`.
    func head(_ request: Request, id: String?) async throws(APIError) -> Response {
        let run = try find(id)
        let query = RunQuery(request)
        let layer = try query.int("layer"), head = try query.int("head")
        let engine = run.engine
        try check { () throws(TileError) in try engine.check(layer: layer, head: head) }
        let key = RunCacheKey(run: run.id, item: .summary(layer: layer, head: head))
        let cache = server.tileCache
        if case .summary(let summary)? = cache.value(for: key) { return JSONResponse.make(summary) }
        let summary = try await endpoints.runOnQueue { () throws -> HeadSummary in
            if case .summary(let summary)? = cache.value(for: key) { return summary }
            let overview = try engine.overview(layer: layer, head: head)
            let tileKey = RunCacheKey(run: run.id, item: .tile(overview.tile.address))
            let tile = RunCacheValue.tileBytes(overview.tile.littleEndianBytes)
            cache.insert(tile, for: tileKey, cost: tile.cost)
            cache.insert(.summary(overview.summary), for: key, cost: RunCacheValue.summary(overview.summary).cost)
            return overview.summary
        }
        return JSONResponse.make(summary)
    }

    /// Which line of a head ``line(_:id:along:)`` answers.
    enum Line: Sendable {
        /// `/row?query=`: the query's K weights.
        case row
        /// `/column?key=`: the key's Q weights.
        case column

        /// The parameter naming the line.
        var parameter: String { self == .row ? "query" : "key" }
    }

    /// `GET /api/runs/{id}/row?layer=&head=&query=` (the query row's K weights) and
    /// `GET /api/runs/{id}/column?layer=&head=&key=` (the key column's Q weights), Float32 LE.
    func line(_ request: Request, id: String?, along line: Line) async throws(APIError) -> Response {
        let run = try find(id)
        let query = RunQuery(request)
        let layer = try query.int("layer"), head = try query.int("head"), index = try query.int(line.parameter)
        let engine = run.engine
        try check { () throws(TileError) in
            try engine.check(layer: layer, head: head)
            try TileError.check(line.parameter, index, count: line == .row ? engine.grid.queries : engine.grid.keys)
        }
        let values = try await endpoints.runOnQueue { () throws -> [Float] in
            switch line {
            case .row: try engine.row(layer: layer, head: head, query: index)
            case .column: try engine.column(layer: layer, head: head, key: index)
            }
        }
        return Self.binary(FloatBytes.littleEndian(values), cacheControl: "no-store")
    }

    /// `GET /api/runs/{id}/topk?layer=&head=&k=`: Q·k Int32 LE key indices, then Q·k Float32 LE weights.
    func topKeys(_ request: Request, id: String?) async throws(APIError) -> Response {
        let run = try find(id)
        let query = RunQuery(request)
        let layer = try query.int("layer"), head = try query.int("head"), k = try query.int("k")
        let engine = run.engine
        try check { () throws(TileError) in
            try engine.check(layer: layer, head: head)
            guard (1...TileEngine.maximumK).contains(k) else { throw .outOfRange(parameter: "k", value: k, valid: 1...TileEngine.maximumK) }
        }
        // One table with the largest k answers every k.
        let key = RunCacheKey(run: run.id, item: .topKeys(layer: layer, head: head))
        let cache = server.tileCache
        let table: TopKeys
        if case .topKeys(let cached)? = cache.value(for: key) {
            table = cached
        } else {
            table = try await endpoints.runOnQueue { () throws -> TopKeys in
                if case .topKeys(let cached)? = cache.value(for: key) { return cached }
                let table = try engine.topKeys(layer: layer, head: head, k: TileEngine.maximumK)
                let value = RunCacheValue.topKeys(table)
                cache.insert(value, for: key, cost: value.cost)
                return table
            }
        }
        return Self.binary(table.prefix(k).littleEndianBytes, cacheControl: "no-store")
    }

    // MARK: helpers

    private func find(_ id: String?) throws(APIError) -> ServedRun {
        guard let id, let run = server.runs.run(id: id) else {
            if let id, let status = server.pendingRuns.status(id: id) {
                throw status.error ?? APIError(.conflict, "run \(id) is still being computed; GET /api/runs/\(id) says when it is ready")
            }
            throw APIError(.notFound, "no run \(DisplaySafe.line(id ?? "", limit: 64)); GET /api/runs lists them")
        }
        return run
    }

    /// Runs parameter checks, answering 400 with the engine's message.
    private func check(_ body: () throws(TileError) -> Void) throws(APIError) {
        do { try body() } catch { throw APIError(.badRequest, error.description) }
    }

    static func binary(_ bytes: [UInt8], cacheControl: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.cacheControl] = cacheControl
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

/// Integer query parameters, each required: 400 naming the parameter when missing or not an integer.
struct RunQuery {
    let request: Request

    init(_ request: Request) { self.request = request }

    func int(_ name: String) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters.get(name) else { throw APIError(.badRequest, "missing parameter \(name) (?\(name)=N)") }
        guard let value = Int(text) else {
            throw APIError(.badRequest, "parameter \(name) must be an integer, not \(DisplaySafe.line(text, limit: 40))")
        }
        return value
    }
}
