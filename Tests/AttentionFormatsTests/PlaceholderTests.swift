import Testing
@testable import AttentionFormats

@Test func formatsModuleLoads() { _ = AttentionFormats.self }
