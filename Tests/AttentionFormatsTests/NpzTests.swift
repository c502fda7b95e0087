import Foundation
import Testing
import Attention
@testable import AttentionFormats

@Suite struct NpzTests {
    @Test func readsStoredMembersByName() throws {
        let archive = try Npz(path: Fixtures.path("stored.npz"))
        #expect(archive.names == ["attention", "extra"])
        #expect(try archive.tensor(named: "attention").flat == (try Fixtures.expected("f4")))
        let extra = try archive.tensor(named: "extra")
        #expect(extra.shape == TensorShape(layers: 1, heads: 3, queries: 4, keys: 5))
        #expect(extra.flat == Array(try Fixtures.expected("f8")[0..<60]))
    }

    @Test func readsDeflatedMembers() throws {
        let archive = try Npz(path: Fixtures.path("deflated.npz"))
        #expect(archive.names == ["first", "second"])
        #expect(try archive.tensor(named: "first").flat == (try Fixtures.expected("f2")))
        #expect(try archive.tensor(named: "second").flat == (try Fixtures.expected("f8")))
    }

    @Test func picksByNameOrPreferredNameOrAsks() throws {
        // stored.npz has an "attention" member, picked without --tensor.
        let data = try AttentionFile.read(path: Fixtures.path("stored.npz"))
        #expect(data.tensor.shape == Fixtures.baseShape)
        let second = try AttentionFile.read(path: Fixtures.path("deflated.npz"), options: .init(tensorName: "second"))
        #expect(second.tensor.flat == (try Fixtures.expected("f8")))
        #expect(throws: FormatError.self) { try AttentionFile.read(path: Fixtures.path("deflated.npz")) }
        let error = try #require(throws: FormatError.self) {
            try AttentionFile.read(path: Fixtures.path("deflated.npz"), options: .init(tensorName: "third"))
        }
        guard case .noSuchTensor(_, "third", let available, true) = error else {
            Issue.record("expected no array \"third\", got \(error)")
            return
        }
        #expect(available.contains("first") && available.contains("second"))
        #expect(error.problem.contains("no array named \"third\""))
        #expect(error.problem.contains("\"first\", \"second\""))
    }

    @Test func readsTokenLabelsStoredAsStringArrays() throws {
        let cross = try AttentionFile.read(path: Fixtures.path("tokens.npz"))
        #expect(cross.tensor.shape == TensorShape(layers: 1, heads: 1, queries: 4, keys: 5))
        #expect(cross.tensor.flat == Array(try Fixtures.expected("f4")[0..<20]))
        #expect(cross.queryTokens == ["武", "汉", "市", "长"])
        #expect(cross.keyTokens == ["a", "bb", "ccc", "d", "e"])
        // Big-endian unicode, compressed, shared by both axes, with an empty token kept.
        let shared = try AttentionFile.read(path: Fixtures.path("tokens_shared.npz"))
        #expect(shared.queryTokens == ["<s>", "say \"hi\"", "", "</s>"])
        #expect(shared.keyTokens == shared.queryTokens)
        #expect(shared.tensor.shape == TensorShape(layers: 1, heads: 3, queries: 4, keys: 4))
    }

    @Test func tokenIdsBecomeNumberLabels() throws {
        let data = try AttentionFile.read(path: Fixtures.path("token_ids.npz"))
        #expect(data.queryTokens == ["101", "-7", "102"])
        #expect(data.keyTokens == data.queryTokens)
    }

    @Test func memberErrorsNameTheMember() throws {
        let archive = try Npz(path: Fixtures.path("tokens.npz"))
        let error = try #require(throws: FormatError.self) { try archive.tensor(named: "query_tokens") }
        guard case .member(name: "query_tokens", .unsupportedDType(_, "'<U1'", _)) = error else {
            Issue.record("expected member \"query_tokens\" with an unsupported dtype, got \(error)")
            return
        }
        #expect(error.problem.hasPrefix("member \"query_tokens\": unsupported dtype '<U1'"))
    }
}
