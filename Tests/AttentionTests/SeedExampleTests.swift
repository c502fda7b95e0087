import Testing
@testable import Attention

@Test func seedExampleHasTheNotesShape() throws {
    let data = SeedExample.data
    #expect(data.tensor.shape == TensorShape(layers: 1, heads: 1, queries: 7, keys: 7))
    #expect(try data.tensor.matrix(layer: 0, head: 0)[0, 2] == 1)
}
