import Attention
import Foundation
import Hummingbird
import TransformerRuntime

/// The handlers behind each route; each answers JSON (or the page) or throws an ``APIError``.
struct Endpoints: Sendable {
    let server: AttentionServer

    private var limits: ServerLimits { server.configuration.limits }

    /// `GET /`
    func page() -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: server.page)))
    }

    /// `GET /healthz`
    func health() -> Response {
        struct Health: Encodable {
            var status = "ok"
            var model: String?
            var queue: WorkQueue.Statistics
            var workers: Int
            var queueCapacity: Int
            /// Page-started runs waiting or being computed.
            var pendingRuns: Int
        }
        return JSONResponse.make(Health(
            model: server.model?.model.name,
            queue: server.queue.currentStatistics,
            workers: server.queue.workers,
            queueCapacity: server.queue.capacity,
            pendingRuns: server.pendingRuns.activeIDs.count))
    }

    /// `GET /api/model`
    func modelInfo() -> Response {
        struct Info: Encodable {
            var loaded: Bool
            var model: ModelDescription?
            var limits: Limits
        }
        struct Limits: Encodable {
            var maxTextCharacters: Int
            var maxUploadBytes: Int
            var uploadExtensions: [String]
            /// Texts of more tokens become served runs when the model keeps queries and keys.
            var denseMaxTokens: Int
            var maxRunTokens: Int
            var keepsQueriesAndKeys: Bool
        }
        return JSONResponse.make(Info(
            loaded: server.model != nil,
            model: server.model?.model,
            limits: Limits(
                maxTextCharacters: limits.maxTextCharacters,
                maxUploadBytes: limits.maxUploadBytes,
                uploadExtensions: server.reader.supportedExtensions.sorted(),
                denseMaxTokens: limits.denseMaxTokens, maxRunTokens: limits.maxRunTokens,
                keepsQueriesAndKeys: server.model?.keepsQueriesAndKeys ?? false)))
    }

    /// `POST /api/attention` `{"text": ..., "pair": ...}`: a dense payload (``AttentionResult``),
    /// or, for a text of more than ``ServerLimits/denseMaxTokens`` tokens run by a model that
    /// keeps queries and keys, `202 Accepted` naming a run `r1`, `r2`, … computed in the
    /// background (``BackgroundRun``).
    func attention(_ request: Request) async throws(APIError) -> Response {
        try requireContentType(request, "application/json")
        let body = try await collect(request, limit: limits.maxJSONBytes, what: "JSON body")
        let input = try AttentionRequest.decode(Data(buffer: body), maxCharacters: limits.maxTextCharacters)
        guard let model = server.model else {
            throw APIError(.serviceUnavailable, "no model loaded; start the server with --model DIR, or upload a file")
        }
        if input.pair != nil && !model.model.acceptsPairs {
            throw APIError(.badRequest, "\(model.model.name) does not take a second sentence (pair)")
        }
        let encoder = server.encoder
        let limits = self.limits
        let runs = server.runs
        let start = ContinuousClock.now
        let title = input.pair.map { "\(input.text) / \($0)" } ?? input.text
        // Tokenising alone (bounded by --max-text characters) decides, on this task: a long text
        // is answered at once (202, or 429 when enough runs are pending) even while a worker is
        // busy with an earlier run.
        let plan: RunPlan
        do {
            plan = try model.plan(text: input.text, pair: input.pair, denseMaxTokens: limits.denseMaxTokens, maxRunTokens: limits.maxRunTokens)
        } catch {
            throw apiError(.failed(error))
        }
        if case .queriesAndKeys(let tokens, let bytes) = plan {
            // Refused now rather than after a long forward pass.
            if bytes > runs.droppableBytes {
                throw APIError(.badRequest, "\(RunStore.AddError.tooBig(bytes: bytes, limit: runs.droppableBytes)) (--run-memory-mb)")
            }
            return try BackgroundRun(endpoints: self, model: model, input: input, title: RunAnswer.title(title), tokens: tokens).start()
        }
        let json = try await runOnQueue { (caller: JobCaller) throws -> Data in
            let result = try model.attention(text: input.text, pair: input.pair,
                                             denseMaxTokens: limits.denseMaxTokens, maxRunTokens: limits.maxRunTokens)
            if result.data.tensor.factored != nil {
                // A model that did not plan it: served all the same, answered when ready.
                return try RunAnswer.register(result.data, annotations: result.annotations, bytes: result.data.tensor.storedByteCount,
                                              prefix: "r", source: "model", title: RunAnswer.title(title), in: runs, for: caller)
            }
            return try AttentionResult.json(for: result.data, annotations: result.annotations, source: "model",
                                            title: title, encoder: encoder)
        }
        server.logger.debug("attention", metadata: ["characters": "\(input.text.count)", "ms": "\(milliseconds(since: start))"])
        return JSONResponse.make(bytes: json)
    }

    /// `POST /api/upload?name=FILE` with the file's bytes as body: a dense payload, or, for a
    /// factored (`--keep qk`) file or one of more than ``ServerLimits/denseMaxWeights`` weights,
    /// a served run `u1`, `u2`, … (``RunAnswer``).
    func upload(_ request: Request) async throws(APIError) -> Response {
        try requireContentType(request, "application/octet-stream")
        // Parsing a large file leaves freed heap memory behind; hand it back once this is done.
        defer { server.memory.trimSoon() }
        guard let name = request.uri.queryParameters.get("name"), !name.isEmpty else {
            throw APIError(.badRequest, "missing ?name=FILE: its extension tells the format")
        }
        let displayName = Self.displayName(name)
        let ext = (displayName as NSString).pathExtension.lowercased()
        let supported = server.reader.supportedExtensions
        guard supported.contains(ext) else {
            throw APIError(.unsupportedMediaType, "\(displayName): unsupported file type; use one of " + supported.sorted().map { ".\($0)" }.joined(separator: " "))
        }
        let body = try await collect(request, limit: limits.maxUploadBytes, what: "upload")
        guard body.readableBytes > 0 else { throw APIError(.badRequest, "\(displayName): the file is empty") }
        let reader = server.reader
        let encoder = server.encoder
        let memoryLimit = limits.uploadMemoryPerWorker
        let denseMaxWeights = limits.denseMaxWeights
        let runs = server.runs
        let bytes = Data(buffer: body)
        let json = try await runOnQueue { (caller: JobCaller) throws -> Data in
            // Read from memory: nothing from the request reaches the file system.
            let data: AttentionData
            do {
                data = try reader.read(data: bytes, name: displayName, memoryLimit: memoryLimit)
            } catch {
                let message = "\(error)"
                throw UploadRejected(message: message.hasPrefix(displayName) ? message : "\(displayName): \(message)")
            }
            let weights = data.tensor.shape.checkedElementCount ?? .max
            if data.tensor.factored != nil || weights > denseMaxWeights {
                // Served for deep zoom; the tensor may keep the upload's bytes as its storage.
                let held = max(bytes.count, data.tensor.storedByteCount)
                return try RunAnswer.register(data, bytes: held, prefix: "u", source: "upload", title: displayName, in: runs,
                                              for: caller)
            }
            return try AttentionResult.json(for: data, annotations: .none, source: "upload", title: displayName, encoder: encoder)
        }
        return JSONResponse.make(bytes: json)
    }

    // MARK: helpers

    private func requireContentType(_ request: Request, _ expected: String) throws(APIError) {
        let given = request.headers[.contentType] ?? ""
        let mediaType = given.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard mediaType == expected else {
            throw APIError(.unsupportedMediaType, "Content-Type must be \(expected)" + (given.isEmpty ? "" : ", not \(DisplaySafe.line(given, limit: 100))"))
        }
    }

    private func collect(_ request: Request, limit: Int, what: String) async throws(APIError) -> ByteBuffer {
        if let declared = request.headers[.contentLength].flatMap({ Int($0) }), declared > limit {
            throw APIError(.contentTooLarge, "\(what) of \(declared) bytes exceeds the limit of \(limit) bytes")
        }
        do {
            return try await request.body.collect(upTo: limit)
        } catch let error as any HTTPResponseError where error.status == .contentTooLarge {
            throw APIError(.contentTooLarge, "\(what) exceeds the limit of \(limit) bytes")
        } catch is CancellationError {
            throw APIError(.serviceUnavailable, "request cancelled")
        } catch {
            throw APIError(.badRequest, "could not read the \(what)")
        }
    }

    /// Runs `work` on the server's ``WorkQueue``, turning its failures into API errors.
    func runOnQueue<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws(APIError) -> T {
        try await runOnQueue { (_: JobCaller) in try work() }
    }

    /// Like ``runOnQueue(_:)``, `work` told whether the request still waits (``JobCaller``).
    func runOnQueue<T: Sendable>(_ work: @escaping @Sendable (JobCaller) throws -> T) async throws(APIError) -> T {
        let outcome: Result<T, WorkQueueError>
        do {
            outcome = .success(try await server.queue.run(work))
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .success(let data):
            return data
        case .failure(let error):
            throw apiError(error)
        }
    }

    /// What a failed job answers: 429 when the line is full, 503 when cancelled or shutting down,
    /// 400 for the client's mistakes, 500 (logged) for the server's.
    func apiError(_ error: WorkQueueError) -> APIError {
        switch error {
        case .full(let capacity):
            return APIError.busy("busy: \(capacity) requests are already waiting; retry in a moment")
        case .cancelled:
            return APIError(.serviceUnavailable, "request cancelled before the result was ready")
        case .shuttingDown:
            return APIError(.serviceUnavailable, "the server is shutting down")
        case .failed(let error):
            switch error {
            case let error as AttentionComputingError:
                if case .invalidInput(let message) = error { return APIError(.badRequest, message) }
                server.logger.error("model failed", metadata: ["error": "\(DisplaySafe.line("\(error)"))"])
                return APIError(.internalServerError, "the model failed: \(error)")
            case let error as UploadRejected:
                return APIError(.badRequest, error.message)
            case let error as APIError:
                return error
            case let error as TileError where error.isBadRequest:
                return APIError(.badRequest, error.description)
            case let error as TileError:
                server.logger.error("tile computation failed", metadata: ["error": "\(DisplaySafe.line(error.description))"])
                return APIError(.internalServerError, "could not compute: \(error)")
            default:
                server.logger.error("work failed", metadata: ["error": "\(DisplaySafe.line("\(error)"))"])
                return APIError(.internalServerError, "internal error")
            }
        }
    }

    private func milliseconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// The last path component of a client-given name, made display-safe (control and bidi
    /// characters escaped) and at most 100 characters: used only in messages and titles, never
    /// as a path.
    static func displayName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        return DisplaySafe.line(last, limit: 100)
    }
}

/// An upload the reader refused, with a message naming the file as the client named it.
struct UploadRejected: Error {
    var message: String
}
