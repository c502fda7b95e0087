/// The keys and values a decoder has computed so far, per layer, so each generated token costs
/// one row of work instead of a pass over the whole sequence. Keys are stored after rotary
/// positions are applied, as attention reads them.
///
/// ```swift
/// var cache = KVCache(layers: 30, width: 3 * 64, capacity: 512)
/// cache.store(layer: 0, position: 7, keys: k, values: v)
/// ```
struct KVCache {
    let layers: Int
    /// Floats per position: key/value heads × head size.
    let width: Int
    /// Positions the cache holds.
    let capacity: Int
    /// `[layers, capacity, width]` each.
    private(set) var keys: [Float]
    private(set) var values: [Float]
    /// Positions filled so far.
    var count = 0

    init(layers: Int, width: Int, capacity: Int) {
        self.layers = layers
        self.width = width
        self.capacity = capacity
        keys = [Float](repeating: 0, count: layers * capacity * width)
        values = keys
    }

    /// Copies one position's key and value rows for `layer`.
    mutating func store(layer: Int, position: Int, keys k: UnsafePointer<Float>, values v: UnsafePointer<Float>) {
        precondition(position < capacity, "KV cache full")
        let offset = (layer * capacity + position) * width
        keys.withUnsafeMutableBufferPointer { $0.baseAddress.map { ($0 + offset).update(from: k, count: width) } }
        values.withUnsafeMutableBufferPointer { $0.baseAddress.map { ($0 + offset).update(from: v, count: width) } }
    }

    /// Calls `body` with `layer`'s keys and values (`capacity` rows of `width` floats each).
    func withLayer<R>(_ layer: Int, _ body: (UnsafePointer<Float>, UnsafePointer<Float>) -> R) -> R {
        keys.withUnsafeBufferPointer { kb in
            values.withUnsafeBufferPointer { vb in
                body(kb.baseAddress! + layer * capacity * width, vb.baseAddress! + layer * capacity * width)
            }
        }
    }
}
