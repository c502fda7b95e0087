import AttentionServer
import Foundation
import Testing
import TestSupport

/// Memory comes back after a burst of large uploads. The server runs inside the test process,
/// so its resident set is this process's (`/proc/self/statm`).
@Suite(.serialized, .hangGuard) struct MemoryTests {  // live server on a real socket
    /// Resident memory of this process in MiB.
    static func residentMiB() -> Double {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Double($0) } ?? 0
        return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
    }

    /// A float32 `.npy` of shape (1, 8, 512, 512): 8 MiB of weights.
    static let npy: [UInt8] = {
        let shape = (1, 8, 512, 512)
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 8, 512, 512), }"
        var padded = Array(header.utf8)
        while (10 + padded.count + 1) % 64 != 0 { padded.append(0x20) }
        padded.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(padded.count & 0xFF), UInt8(padded.count >> 8)] + padded
        let count = shape.0 * shape.1 * shape.2 * shape.3
        bytes.reserveCapacity(bytes.count + 4 * count)
        for i in 0..<count { withUnsafeBytes(of: (Float(i % 512) / 512).bitPattern.littleEndian) { bytes += $0 } }
        return bytes
    }()

    static func upload(port: Int) async throws -> Int {
        let connection = try RawConnection(port: port)
        defer { connection.shut() }
        connection.send("POST /api/upload?name=burst.npy HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: \(npy.count)\r\nConnection: close\r\n\r\n")
        guard await connection.send(large: npy) else { return -1 }
        return statusCode(await connection.receiveResponse(within: 120))
    }

    @Test func residentMemoryReturnsAfterABurstOfLargeUploads() async throws {
        let limits = ServerLimits(workers: 2, queueCapacity: 32)
        // Not beside another test that measures resident memory (HostileUploadTests).
        try await ExclusiveMemoryUse.run { try await Self.burst(limits: limits) }
    }

    static func burst(limits: ServerLimits) async throws {
        try await withLiveServer(limits: limits) { client, server in
            let port = try #require(client.port)
            // Warm up (allocator arenas, first-use caches), then take the baseline.
            #expect(try await Self.upload(port: port) == 200)
            #expect(await eventually(10) { server.memory.trims >= 1 })
            let baseline = Self.residentMiB()
            // Trims so far: the burst must add one. (Read before the burst: a trim shared by the
            // last uploads may run before any line after the burst does.)
            let trims = server.memory.trims
            // 20 uploads of 8 MiB, 10 at a time.
            let statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<10 {
                    group.addTask { [try await Self.upload(port: port), try await Self.upload(port: port)] }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(statuses == Array(repeating: 200, count: 20))
            let peak = Self.residentMiB()
            #expect(await eventually(10) { server.memory.trims > trims })
            var after = Self.residentMiB()
            _ = await eventually(5) {
                after = Self.residentMiB()
                return after <= baseline + 100
            }
            print("MemoryTests: resident MiB baseline \(Int(baseline)), after burst \(Int(peak)), after trim \(Int(after))")
            #expect(after <= baseline + 100, "resident \(after) MiB after the burst, baseline \(baseline) MiB (peak \(peak))")
        }
    }
}
