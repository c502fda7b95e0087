import AttentionServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// `POST /api/upload?name=FILE`: parsed in a private temporary directory, deleted right after.
@Suite(.hangGuard) struct UploadTests {  // live server on a real socket
    static let document = Array(#"{"tokens": ["武", "汉", "<b>"], "attention": [[0.5, 0.25, 0.25], [0, 1, 0], [0.1, 0.2, 0.7]]}"#.utf8)

    @Test func uploadedFileIsShownAndDeleted() async throws {
        try await withLiveServer { client, server in
            #expect(server.uploads.fileCount == 0)
            let response = try await client.upload("my attention.json", bytes: Self.document)
            #expect(response.status == .ok)
            let body = jsonObject(response)
            #expect(body["tokens"] as? [String] == ["武", "汉", "<b>"])
            #expect(body["shape"] as? [Int] == [1, 1, 3, 3])
            #expect(body["source"] as? String == "upload")
            #expect(body["title"] as? String == "my attention.json")
            let attention = try #require(body["attention"] as? [String: Any])
            let decoded = try #require(decodePayload(attention))
            let expected: [[Float]] = [[0.5, 0.25, 0.25], [0, 1, 0], [0.1, 0.2, 0.7]]
            for q in 0..<3 { for k in 0..<3 {
                #expect(abs(decoded.weight(0, 0, q, k) - expected[q][k]) <= ExplorerPayloadReference.halfStep(of: expected.flatMap { $0 }))
            } }
            #expect(server.uploads.fileCount == 0)
        }
    }

    @Test func uploadDirectoryIsPrivateAndRemovedAtShutdown() async throws {
        let directory = try await withLiveServer { _, server in
            let attributes = try FileManager.default.attributesOfItem(atPath: server.uploads.directory.path)
            #expect((attributes[.posixPermissions] as? Int) == 0o700)
            #expect(server.uploads.directory.path.hasPrefix(FileManager.default.temporaryDirectory.path))
            return server.uploads.directory
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path))
    }

    @Test func uploadDirectoryIsNamedAfterTheProcess() async throws {
        try await withLiveServer { _, server in
            let name = server.uploads.directory.lastPathComponent
            #expect(name.hasPrefix("attnviz-serve-\(getpid())-"), "\(name)")
            #expect(name.count == "attnviz-serve-\(getpid())-".count + 6)
        }
    }

    /// A pid above Linux's largest possible `pid_max` (2^22): no such process can exist.
    static let impossiblePid = 4_194_305

    @Test func leftoversOfServersThatAreGoneAreRemovedAtStartup() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-leftover-test-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        func directory(_ name: String) throws -> URL {
            let url = parent.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            return url
        }
        let dead = try directory("attnviz-serve-\(Self.impossiblePid)-a1B2c3")
        #expect(FileManager.default.createFile(atPath: dead.appendingPathComponent("upload-7.npy").path, contents: Data([1, 2, 3])))
        let live = try directory("attnviz-serve-\(getppid())-keep01")       // our parent process runs
        let oldStyle = try directory("attnviz-serve-Xy12ab")               // no pid: cannot tell
        let notOurs = try directory("attnviz-serve-\(Self.impossiblePid)-toolong")
        let target = try directory("linked-target")
        let link = parent.appendingPathComponent("attnviz-serve-\(Self.impossiblePid + 1)-link01")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: target)

        let store = try UploadStore(parent: parent)
        defer { store.removeDirectory() }
        #expect(store.removedLeftovers.map(\.lastPathComponent) == [dead.lastPathComponent])
        #expect(!FileManager.default.fileExists(atPath: dead.path))
        for kept in [live, oldStyle, notOurs, target, link] {
            #expect((try? FileManager.default.attributesOfItem(atPath: kept.path)) != nil, "\(kept.lastPathComponent) was removed")
        }
        #expect(FileManager.default.fileExists(atPath: store.directory.path))
        // A second store leaves the first (whose process, this one, runs) alone.
        let second = try UploadStore(parent: parent)
        defer { second.removeDirectory() }
        #expect(second.removedLeftovers.isEmpty)
        #expect(FileManager.default.fileExists(atPath: store.directory.path))
    }

    @Test func serverRemovesALeftoverInTheTemporaryDirectory() async throws {
        let leftover = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-serve-\(Self.impossiblePid + 2)-\(String(UUID().uuidString.prefix(6)))")
        try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: leftover) }
        try await withLiveServer { _, _ in }
        #expect(!FileManager.default.fileExists(atPath: leftover.path))
    }

    /// A name that climbs out of the upload directory never reaches the file system: a file
    /// already at the target it names survives byte for byte, and a target that does not exist
    /// (beside the upload directory, and absolute under a fresh folder) is never created.
    @Test func traversalInTheNameNeverReachesTheFileSystem() async throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("attnviz-escape-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outside) }
        let sentinel = outside.appendingPathComponent("sentinel.json")
        let sentinelBytes = Data("sentinel: must survive \(UUID().uuidString)\n".utf8)
        try sentinelBytes.write(to: sentinel)
        let absent = outside.appendingPathComponent("never-created.json")
        try await withLiveServer { client, server in
            let uploads = server.uploads.directory
            let besideName = "never-beside-\(UUID().uuidString).json"
            let beside = uploads.deletingLastPathComponent().appendingPathComponent(besideName)
            let names = [
                "../../../../../../" + sentinel.path,      // climbs to the root, then down to the sentinel
                "../../../../../../" + absent.path,
                sentinel.path,                            // absolute
                "../" + besideName,                       // one level up: beside the upload directory
                "..\\" + besideName,                       // the same with a backslash
            ]
            for name in names {
                let response = try await client.upload(name, bytes: Self.document)
                #expect(response.status == .ok, "\(name): \(errorMessage(response))")
                let title = jsonObject(response)["title"] as? String
                #expect(title.map { !$0.contains("/") && !$0.contains("\\") && $0.hasSuffix(".json") } == true, "\(name): title \(title ?? "nil")")
                #expect(try Data(contentsOf: sentinel) == sentinelBytes, "\(name) changed the file it names")
                #expect(!FileManager.default.fileExists(atPath: absent.path), "\(name) created \(absent.path)")
                #expect(!FileManager.default.fileExists(atPath: beside.path), "\(name) created \(beside.path)")
                #expect(server.uploads.fileCount == 0)
            }
            // Only the sentinel is in the folder outside.
            #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["sentinel.json"])
        }
    }

    @Test func badFileIs400NamingTheUploadNotTheTemporaryPath() async throws {
        try await withLiveServer { client, server in
            let response = try await client.upload("broken.json", bytes: Array("{\"tokens\": [".utf8))
            #expect(response.status == .badRequest)
            let message = errorMessage(response)
            #expect(message.hasPrefix("broken.json: "), "\(message)")
            #expect(!message.contains(server.uploads.directory.path))
            #expect(server.uploads.fileCount == 0)
        }
    }

    @Test func npyUploadIsReadByTheFormatsReader() async throws {
        // A little-endian float32 .npy of shape (2, 2, 3, 3), written by hand.
        let values: [Float] = (0..<36).map { Float($0 % 9) / 8 }
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 3, 3), }"
        var padded = Array(header.utf8)
        while (10 + padded.count + 1) % 64 != 0 { padded.append(0x20) }
        padded.append(0x0A)
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(padded.count & 0xFF), UInt8(padded.count >> 8)] + padded
        for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let file = bytes
        try await withLiveServer { client, server in
            let response = try await client.upload("heads.npy", bytes: file)
            #expect(response.status == .ok, "\(errorMessage(response))")
            let body = jsonObject(response)
            #expect(body["shape"] as? [Int] == [2, 2, 3, 3])
            #expect(body["tokens"] as? [String] == ["0", "1", "2"])
            let attention = try #require(body["attention"] as? [String: Any])
            let decoded = try #require(decodePayload(attention))
            for l in 0..<2 { for h in 0..<2 { for q in 0..<3 { for k in 0..<3 {
                let want = values[((l * 2 + h) * 3 + q) * 3 + k]
                let head = Array(values[((l * 2 + h) * 9)..<((l * 2 + h) * 9 + 9)])
                #expect(abs(decoded.weight(l, h, q, k) - want) <= ExplorerPayloadReference.halfStep(of: head))
            } } } }
            #expect(server.uploads.fileCount == 0)
            // A NaN inside is refused with the file's name.
            var bad = file
            let nan = Float.nan.bitPattern.littleEndian
            withUnsafeBytes(of: nan) { for (i, b) in $0.enumerated() { bad[bad.count - 4 + i] = b } }
            let refused = try await client.upload("heads.npy", bytes: bad)
            #expect(refused.status == .badRequest)
            #expect(errorMessage(refused).hasPrefix("heads.npy: "), "\(errorMessage(refused))")
            #expect(errorMessage(refused).contains("non-finite"))
            // Said in the API's terms: no command-line flag to reach for.
            #expect(errorMessage(refused).hasSuffix("(uploads must hold finite values)"), "\(errorMessage(refused))")
            #expect(!errorMessage(refused).contains("--"))
        }
    }

    /// A safetensors upload holding several tensors, none named "attention": the client is told
    /// what to upload instead of a flag it cannot pass.
    @Test func severalTensorsAreRefusedInTheAPIsTerms() async throws {
        let header = Array(#"{"a":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[4,8]}}"#.utf8)
        var bytes = withUnsafeBytes(of: UInt64(header.count).littleEndian) { Array($0) } + header
        for v in [Float(1), Float(1)] { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
        let file = bytes
        try await withLiveServer { client, _ in
            let response = try await client.upload("two.safetensors", bytes: file)
            #expect(response.status == .badRequest)
            #expect(errorMessage(response) == #"two.safetensors: holds 2 tensors ("a", "b"); upload a file with one of them, or one named "attention""#)
        }
    }

    @Test func uploadLimitsAndMistakes() async throws {
        try await withLiveServer(limits: ServerLimits(maxUploadBytes: 100)) { client, _ in
            let big = try await client.upload("big.json", bytes: Array(repeating: 0x20, count: 101))
            #expect(big.status == .contentTooLarge)
            #expect(errorMessage(big) == "upload of 101 bytes exceeds the limit of 100 bytes")

            let unknown = try await client.upload("weights.xyz", bytes: Self.document)
            #expect(unknown.status == .unsupportedMediaType)
            #expect(errorMessage(unknown) == "weights.xyz: unsupported file type; use one of .csv .json .npy .npz .safetensors .st .tab .tsv")

            let empty = try await client.upload("empty.json", bytes: [])
            #expect(empty.status == .badRequest)
            #expect(errorMessage(empty) == "empty.json: the file is empty")

            var headers = HTTPFields()
            headers[.contentType] = "application/octet-stream"
            let nameless = try await client.execute(uri: "/api/upload", method: .post, headers: headers, body: ByteBuffer(bytes: Self.document))
            #expect(nameless.status == .badRequest)
            #expect(errorMessage(nameless).hasPrefix("missing ?name=FILE"))

            let form = try await client.upload("a.json", bytes: Self.document, contentType: "multipart/form-data; boundary=x")
            #expect(form.status == .unsupportedMediaType)
        }
    }
}
