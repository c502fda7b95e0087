import Attention
import Foundation
import TransformerRuntime
import Hummingbird
import HummingbirdCore
import NIOCore
import Logging
import ServiceLifecycle

/// `attnviz serve`: a local web app and JSON API over a model's attention and uploaded files.
///
/// Routes: `GET /` (the app page), `GET /healthz`, `GET /api/model`, `POST /api/attention`
/// (`{"text", "pair"}`), `POST /api/upload?name=FILE` (raw file bytes), and deep zoom over the
/// runs in ``runs``: `GET /api/runs`, `GET /api/runs/{id}` and its `/tile`, `/head`, `/row`,
/// `/column` and `/topk` (see ``RunStore``). Inference, upload parsing and tile computing run on
/// a bounded ``WorkQueue``; every limit answers a JSON error. Connections are
/// guarded before any route sees them (``ServerLimits/headerTimeout``,
/// ``ServerLimits/maxConnectionsPerClient``, and on loopback the strict `Host` rule).
///
/// ```swift
/// let server = try AttentionServer(configuration: ServerConfiguration(port: 8080),
///                                  model: model, reader: reader, encoder: encoder, page: page)
/// try await server.run()     // until SIGINT or SIGTERM, then drains and cleans up
/// ```
public struct AttentionServer: Sendable {
    /// Address, port and limits.
    public let configuration: ServerConfiguration
    /// The model answering `POST /api/attention`, or `nil` (upload only).
    public let model: (any AttentionComputing)?
    /// Reads uploads.
    public let reader: any AttentionFileReading
    /// Encodes attention for the page.
    public let encoder: any AttentionPayloadEncoding
    /// The HTML of `GET /`.
    public let page: String
    /// The worker pool.
    public let queue: WorkQueue
    /// Where uploads live while parsed.
    public let uploads: UploadStore
    /// Open connections per client address (``ServerLimits/maxConnectionsPerClient``).
    public let connections: ClientConnectionTable
    /// Returns memory to the system after uploads.
    public let memory: MemoryTrimmer
    /// Structured log.
    public let logger: Logger
    /// The runs served for deep zoom (`/api/runs`).
    public let runs: RunStore
    /// Page-started runs still being computed (`GET /api/runs/{id}` answers 202 meanwhile).
    public let pendingRuns = PendingRuns()
    /// Computed tiles, summaries and top keys, within ``ServerLimits/tileCacheBytes``.
    let tileCache: RunTileCache
    /// Fills the cache with every head's top-level tile (``ServerLimits/precomputeTopTiles``).
    let precomputer = TopTilePrecomputer()

    /// The tile cache's counters.
    public var tileCacheStatistics: TileCacheStatistics { tileCache.statistics }

    /// Creates the server (and its worker threads and upload directory); nothing listens yet.
    public init(
        configuration: ServerConfiguration,
        model: (any AttentionComputing)?,
        reader: any AttentionFileReading,
        encoder: any AttentionPayloadEncoding,
        page: String,
        runs: RunStore = RunStore(),
        logger: Logger = Logger(label: "attnviz.serve")
    ) throws {
        self.configuration = configuration
        self.model = model
        self.reader = reader
        self.encoder = encoder
        self.page = page
        self.logger = logger
        self.runs = runs
        self.tileCache = RunTileCache(byteBudget: configuration.limits.tileCacheBytes)
        self.queue = WorkQueue(workers: configuration.limits.workers, capacity: configuration.limits.queueCapacity)
        self.uploads = try UploadStore()
        self.connections = ClientConnectionTable(limit: configuration.limits.maxConnectionsPerClient)
        self.memory = MemoryTrimmer()
        for leftover in uploads.removedLeftovers {
            logger.notice("removed the upload directory of a server that is no longer running", metadata: ["path": "\(leftover.path)"])
        }
    }

    /// The Hummingbird application; `onRunning` receives the bound port.
    public func makeApplication(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limits = configuration.limits
        var http1 = HTTP1Channel.Configuration()
        http1.idleTimeout = .seconds(max(5, limits.requestTimeout.components.seconds * 2))
        let logger = self.logger
        let host = configuration.host
        let uploadDirectory = uploads.directory.path
        let connections = self.connections
        let headerTimeout = TimeAmount(limits.headerTimeout)
        let server = HTTPServerBuilder { [http1] responder in
            GuardedHTTP1Channel(
                inner: HTTP1Channel(responder: responder, configuration: http1),
                connections: connections, headerTimeout: headerTimeout, logger: logger)
        }
        return Application(
            router: makeRouter(),
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "attnviz",
                availableConnectionsDelegate: MaximumAvailableConnections(limits.maxConnections, logger: logger)
            ),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.info("listening", metadata: ["host": "\(host)", "port": "\(port)", "uploads": "\(uploadDirectory)"])
                await onRunning(port)
            },
            logger: logger
        )
    }

    /// Serves until SIGINT or SIGTERM, then stops accepting, finishes in-flight requests,
    /// stops the workers and deletes the upload directory.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        if !configuration.isLoopback {
            logger.warning("binding a non-loopback address: anyone who can reach it can use this server", metadata: ["host": "\(configuration.host)"])
        }
        let group = ServiceGroup(configuration: .init(
            services: [makeApplication(onRunning: onRunning)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger
        ))
        defer { shutdown() }
        if configuration.limits.precomputeTopTiles { startPrecomputing() }
        try await group.run()
        logger.info("stopped")
    }

    /// Stops the workers (each exits after its current job) and removes the upload directory;
    /// never blocks. ``run(onRunning:)`` does this itself.
    public func shutdown() {
        precomputer.stop()
        queue.shutdown()
        uploads.removeDirectory()
    }

    /// Starts computing the top-level tile and summary of every head of ``runs`` on a background
    /// thread at lowered priority (``run(onRunning:)`` does this when
    /// ``ServerLimits/precomputeTopTiles`` is set); ``shutdown()`` stops it.
    public func startPrecomputing() {
        precomputer.start(runs: runs, cache: tileCache, logger: logger)
    }

    /// Whether the precomputing pass has ended (or never started and never will: `false` then).
    public var precomputingFinished: Bool { precomputer.isFinished }

    /// Every route and middleware.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: AccessLogMiddleware())
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        if configuration.isLoopback {
            router.add(middleware: HostCheckMiddleware())
        }
        router.add(middleware: TimeoutMiddleware(timeout: configuration.limits.requestTimeout))
        let endpoints = Endpoints(server: self)
        router.get("/") { _, _ in endpoints.page() }
        router.get("/healthz") { _, _ in endpoints.health() }
        router.get("/api/model") { _, _ in endpoints.modelInfo() }
        router.post("/api/attention") { request, _ in try await endpoints.attention(request) }
        router.post("/api/upload") { request, _ in try await endpoints.upload(request) }
        let runs = RunEndpoints(server: self, endpoints: endpoints)
        router.get("/api/runs") { _, _ in runs.list() }
        router.get("/api/runs/:id") { _, context in try runs.describe(context.parameters.get("id")) }
        router.get("/api/runs/:id/tile") { request, context in try await runs.tile(request, id: context.parameters.get("id")) }
        router.get("/api/runs/:id/head") { request, context in try await runs.head(request, id: context.parameters.get("id")) }
        router.get("/api/runs/:id/row") { request, context in try await runs.line(request, id: context.parameters.get("id"), along: .row) }
        router.get("/api/runs/:id/column") { request, context in try await runs.line(request, id: context.parameters.get("id"), along: .column) }
        router.get("/api/runs/:id/topk") { request, context in try await runs.topKeys(request, id: context.parameters.get("id")) }
        return router
    }
}
