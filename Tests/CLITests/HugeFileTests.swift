import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A sparse `[32, 32, 4096, 4096]` float32 `.npy` (64 GiB, created with `truncate`) is opened
/// memory-mapped and one head is read by `attnviz info` with peak RSS under 300 MB.
@Suite(.hangGuard) struct HugeFileTests {
    /// Writes a valid v1 header for the shape, then extends the file sparsely to full size.
    static func makeSparseNpy(at path: String) throws -> Int {
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (32, 32, 4096, 4096), }".utf8)
        while (10 + header.count + 1) % 64 != 0 { header.append(0x20) }
        header.append(0x0A)
        let preamble: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
        try Data(preamble + header).write(to: URL(fileURLWithPath: path))
        let dataOffset = preamble.count + header.count
        let total = dataOffset + 32 * 32 * 4096 * 4096 * 4
        guard truncate(path, off_t(total)) == 0 else { throw CocoaError(.fileWriteUnknown) }
        // Two non-zero values in head (0, 0): [0, 3] = 0.5 and [4095, 4095] = 2.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for (index, value) in [(3, Float(0.5)), (4096 * 4096 - 1, Float(2))] {
            try handle.seek(toOffset: UInt64(dataOffset + index * 4))
            try handle.write(contentsOf: withUnsafeBytes(of: value.bitPattern.littleEndian) { Data($0) })
        }
        try handle.close()
        return total
    }

    /// GNU time (`gtime` from Homebrew's gnu-time, or Linux's /usr/bin/time), required: it
    /// measures the child's own peak (see `runMeasuringPeakRSS`).
    static func gnuTime(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        #if os(Linux)
        let found = RequiredTool.onPath("gtime") ?? RequiredTool.firstExecutable(["/usr/bin/time"])
        #else
        let found = RequiredTool.onPath("gtime")
        #endif
        return try RequiredTool.require(
            found, "GNU time", why: "measures the peak RSS of attnviz alone",
            install: "apt-get install time, or brew install gnu-time", sourceLocation: sourceLocation)
    }

    /// Runs the binary and returns its exit status and peak resident set. A child spawned
    /// straight from this (large, multi-test) process inherits the parent's RSS high-water mark
    /// through exec (so `wait4`'s rusage is no measure), so the peak is taken by GNU time, whose
    /// own child starts from a small process. Killed, with its time wrapper, after
    /// AttnvizProcess's deadline.
    static func runMeasuringPeakRSS(_ arguments: [String], stdoutPath: String) throws -> (status: Int32, peakKB: Int) {
        let timePath = try gnuTime()
        let peakPath = stdoutPath + ".peak"
        let argv = ([timePath, "-f", "%M", "-o", peakPath, AttnvizProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        // Its own process group, so a kill at the deadline reaches attnviz under time too.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, timePath, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        let deadline = Date(timeIntervalSinceNow: AttnvizProcess.defaultTimeout)
        var reaped = waitpid(pid, &status, WNOHANG)
        while reaped == 0 && Date() < deadline {
            usleep(20_000)
            reaped = waitpid(pid, &status, WNOHANG)
        }
        if reaped == 0 {
            kill(-pid, SIGKILL)
            _ = waitpid(pid, &status, 0)
            throw CocoaError(.executableLoad, userInfo: [
                NSLocalizedDescriptionKey: "attnviz \(arguments.prefix(2)) killed after \(Int(AttnvizProcess.defaultTimeout)) s",
            ])
        }
        guard reaped == pid else { throw CocoaError(.executableLoad) }
        let text = try String(contentsOfFile: peakPath, encoding: .utf8)
        let peak = try #require(Int(text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""),
                                "GNU time wrote no peak: \(text)")
        return ((status >> 8) & 0xFF, peak)
    }

    @Test func infoReadsOneHeadOfA64GiBFileUnder300MB() throws {
        let dir = try AttnvizProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.npy").path
        let size = try Self.makeSparseNpy(at: path)
        #expect(size > 64 << 30)
        let out = dir.appendingPathComponent("info.txt").path
        let (status, peakKB) = try Self.runMeasuringPeakRSS(["info", path], stdoutPath: out)
        let report = try String(contentsOfFile: out, encoding: .utf8)
        #expect(status == 0)
        #expect(report.contains("[32, 32, 4096, 4096]"))
        #expect(report.contains("memory-mapped"))
        #expect(report.contains("min 0.0, max 2.0 (sampled 1 of 1024 heads (16777216 values"), "\(report)")
        #expect(peakKB < 300 * 1024, "peak RSS \(peakKB) KB")
        // It really read the head: at least the 64 MB of values passed through memory.
        #expect(peakKB > 32 * 1024, "peak RSS \(peakKB) KB")
    }
}
