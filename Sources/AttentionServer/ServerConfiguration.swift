/// Where `attnviz serve` listens and the limits that keep it responsive under load.
///
/// ```swift
/// var configuration = ServerConfiguration(host: "127.0.0.1", port: 8080)
/// configuration.limits.queueCapacity = 4
/// ```
public struct ServerConfiguration: Sendable {
    /// Address to bind; loopback unless the user asks otherwise.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Size and time limits.
    public var limits: ServerLimits

    public init(host: String = "127.0.0.1", port: Int = 8080, limits: ServerLimits = ServerLimits()) {
        self.host = host
        self.port = port
        self.limits = limits
    }

    /// Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost).
    public var isLoopback: Bool { Self.isLoopback(host) }

    /// Whether `host` names the loopback interface.
    public static func isLoopback(_ host: String) -> Bool {
        let h = host.lowercased()
        if h == "localhost" || h == "::1" || h == "[::1]" { return true }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}

/// The server's limits; every one has a clear JSON error when exceeded.
///
/// ```swift
/// let limits = ServerLimits(maxTextCharacters: 500, queueCapacity: 8)
/// ```
public struct ServerLimits: Sendable, Equatable {
    /// Largest JSON request body in bytes (413 beyond); 256 KiB holds a ``maxTextCharacters``
    /// text of three-byte (CJK) characters.
    public var maxJSONBytes: Int
    /// Largest uploaded file in bytes (413 beyond).
    public var maxUploadBytes: Int
    /// Longest `text` or `pair` in characters (400 beyond). 60,000 by default, so that a text of
    /// ``maxRunTokens`` tokens fits (English runs about 4-5 characters a token); the work a text
    /// causes is bounded by its tokens (the model's positions, ``maxRunTokens``), not by this.
    public var maxTextCharacters: Int
    /// Worker threads running the model and parsing uploads.
    public var workers: Int
    /// Requests that may wait for a worker; more are answered 429.
    public var queueCapacity: Int
    /// Longest time one request may take, body upload included (503 beyond).
    public var requestTimeout: Duration
    /// Most simultaneous connections; more wait in the accept backlog.
    public var maxConnections: Int
    /// Longest time a connection may take to deliver a complete request head, counted from
    /// connecting or from the end of its previous response; the connection is closed beyond.
    public var headerTimeout: Duration
    /// Most simultaneous connections from one client address; more are closed as soon as they
    /// are accepted. On loopback every local client shares one address, so this must stay well
    /// above what one user's browser and tools open at once.
    public var maxConnectionsPerClient: Int
    /// Bytes the computed tiles, head summaries and top-key tables of the served runs may take
    /// (least recently used ones are dropped beyond).
    public var tileCacheBytes: Int
    /// Whether a background thread (at lowered priority) computes every served head's top-level
    /// tile and summary after startup, up to 3/4 of the tile cache.
    public var precomputeTopTiles: Bool
    /// Most tokens a text from the page may have and still be answered with every weight (a dense
    /// payload); longer texts of a model that keeps queries and keys become a served run.
    public var denseMaxTokens: Int
    /// Most tokens of a run started from the page (400 beyond, before the model runs).
    public var maxRunTokens: Int
    /// Most page-started runs waiting or being computed at once (429 beyond): nobody waits for
    /// a background run, so without this a few quick requests could queue many minutes of work.
    public var maxPendingRuns: Int
    /// Most weights (layers × heads × queries × keys) an upload may have and still be answered
    /// with a dense payload; bigger ones, and every factored file, become a served run.
    public var denseMaxWeights: Int

    /// How many times the upload limit the decoded values of the uploads being parsed at once
    /// may take, all workers together (each worker gets an equal share).
    public static let uploadMemoryMultiple = 8

    /// Bytes one upload's decoded values may take: `uploadMemoryMultiple × maxUploadBytes`
    /// shared by the workers (256 MiB with the defaults). A file declaring more is refused (400)
    /// before anything is allocated.
    public var uploadMemoryPerWorker: Int { maxUploadBytes * Self.uploadMemoryMultiple / max(workers, 1) }

    public init(
        maxJSONBytes: Int = 256 << 10,
        maxUploadBytes: Int = 32 << 20,
        maxTextCharacters: Int = 60_000,
        workers: Int = 1,
        queueCapacity: Int = 32,
        requestTimeout: Duration = .seconds(30),
        maxConnections: Int = 256,
        headerTimeout: Duration = .seconds(10),
        maxConnectionsPerClient: Int = 32,
        tileCacheBytes: Int = 256 << 20,
        precomputeTopTiles: Bool = false,
        denseMaxTokens: Int = 512,
        maxRunTokens: Int = 8_192,
        maxPendingRuns: Int = 4,
        denseMaxWeights: Int = 64 << 20
    ) {
        self.maxJSONBytes = maxJSONBytes
        self.maxUploadBytes = maxUploadBytes
        self.maxTextCharacters = maxTextCharacters
        self.workers = workers
        self.queueCapacity = queueCapacity
        self.requestTimeout = requestTimeout
        self.maxConnections = maxConnections
        self.headerTimeout = headerTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.tileCacheBytes = tileCacheBytes
        self.precomputeTopTiles = precomputeTopTiles
        self.denseMaxTokens = denseMaxTokens
        self.maxRunTokens = maxRunTokens
        self.maxPendingRuns = maxPendingRuns
        self.denseMaxWeights = denseMaxWeights
    }
}
