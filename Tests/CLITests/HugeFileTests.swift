import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A sparse `[32, 32, 4096, 4096]` float32 `.npy` (64 GiB, created with `truncate`) is opened
/// memory-mapped and one head is read by `attnviz info` with peak RSS under 300 MB.
@Suite struct HugeFileTests {
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

    /// Runs the binary and returns its exit status and peak resident set. A child spawned
    /// straight from this (large, multi-test) process inherits the parent's RSS high-water mark
    /// through exec, so the peak is taken by GNU time, whose own child starts from a small
    /// process; `wait4`'s rusage is the fallback when /usr/bin/time is missing.
    static func runMeasuringPeakRSS(_ arguments: [String], stdoutPath: String) throws -> (status: Int32, peakKB: Int) {
        let timePath = "/usr/bin/time"
        let useTime = FileManager.default.isExecutableFile(atPath: timePath)
        let peakPath = stdoutPath + ".peak"
        let program = useTime ? timePath : AttnvizProcess.binary.path
        let prefix = useTime ? [timePath, "-f", "%M", "-o", peakPath] : []
        let argv = (prefix + [AttnvizProcess.binary.path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, environ)
        guard spawned == 0 else { throw CocoaError(.executableLoad) }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw CocoaError(.executableLoad) }
        var peak = Int(usage.ru_maxrss)
        if useTime {
            let text = try String(contentsOfFile: peakPath, encoding: .utf8)
            peak = Int(text.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "") ?? peak
        }
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
