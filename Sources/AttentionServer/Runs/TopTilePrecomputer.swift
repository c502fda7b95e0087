#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Logging
import Synchronization
import TransformerRuntime

/// Computes the top-level tile and the summary of every head of the runs held at start, one
/// head at a time on one background thread at lowered priority (nice 10), so a page's overview of
/// all heads comes from the cache. It fills at most 3/4 of the cache's budget, never replaces what
/// is cached, and stops at ``stop()`` after the head it is on.
///
/// ```swift
/// let precomputer = TopTilePrecomputer()
/// precomputer.start(runs: runs, cache: cache, logger: logger)
/// precomputer.stop()          // at shutdown
/// ```
final class TopTilePrecomputer: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)

    /// Whether the pass is over (every head done, the cache 3/4 full, or stopped).
    var isFinished: Bool { finished.load(ordering: .acquiring) }

    /// Starts the background pass over the runs `runs` holds now.
    func start(runs: RunStore, cache: RunTileCache, logger: Logger) {
        let thread = Thread { [self] in
            #if canImport(Glibc)
            // On Linux the nice value belongs to the thread: 0 names the calling one.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            #endif
            let start = ContinuousClock.now
            let done = precompute(runs: runs, cache: cache, logger: logger)
            finished.store(true, ordering: .releasing)
            logger.info("top-level tiles precomputed", metadata: ["heads": "\(done)", "seconds": "\((ContinuousClock.now - start).components.seconds)"])
        }
        thread.name = "attnviz-precompute"
        thread.start()
    }

    /// Asks the pass to stop after its current head.
    func stop() { stopped.store(true, ordering: .relaxed) }

    /// Returns how many heads it computed.
    private func precompute(runs: RunStore, cache: RunTileCache, logger: Logger) -> Int {
        var done = 0
        for id in runs.ids {
            guard let run = runs.run(id: id) else { continue }
            var engine = run.engine
            engine.threads = 1
            let size = engine.grid.size
            let shape = engine.tensor.shape
            for layer in 0..<shape.layers {
                for head in 0..<shape.heads {
                    if stopped.load(ordering: .relaxed) { return done }
                    guard cache.byteCount + 8 * size * size + 256 <= cache.byteBudget / 4 * 3 else { return done }
                    let tileKey = RunCacheKey(run: id, item: .tile(TileAddress(layer: layer, head: head, level: engine.grid.topLevel, row: 0, column: 0)))
                    let summaryKey = RunCacheKey(run: id, item: .summary(layer: layer, head: head))
                    if cache.contains(tileKey) && cache.contains(summaryKey) { continue }
                    do {
                        let overview = try engine.overview(layer: layer, head: head)
                        let tile = RunCacheValue.tileBytes(overview.tile.littleEndianBytes), summary = RunCacheValue.summary(overview.summary)
                        if !cache.contains(tileKey) { cache.insert(tile, for: tileKey, cost: tile.cost) }
                        if !cache.contains(summaryKey) { cache.insert(summary, for: summaryKey, cost: summary.cost) }
                        done += 1
                    } catch {
                        logger.warning("precomputing stopped", metadata: ["run": "\(id)", "error": "\(error)"])
                        return done
                    }
                }
            }
        }
        return done
    }
}
