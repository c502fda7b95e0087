import Foundation
import Testing
@testable import TransformerRuntime

/// The fixture's header read back: version, alignment, the tensor table and every metadata
/// value type as scripts/fixtures/make_gguf_goldens.py wrote it (METADATA there).
struct GGUFFileTests {
    static let path = Fixtures.path("gguf/types.gguf")

    @Test func headerAndTensorTable() throws {
        let file = try GGUFFile(path: Self.path)
        #expect(file.version == 3)
        #expect(file.alignment == 64)
        #expect(file.dataStart % 64 == 0)
        #expect(file.architecture == "llama")
        #expect(file.tensors.count == 14)

        let f32 = try #require(file.tensor(named: "f32_3d"))
        #expect(f32.dimensions == [40, 3, 2])
        #expect(f32.shape == [2, 3, 40])
        #expect(f32.rowLength == 40 && f32.rowCount == 6)
        #expect(f32.byteRange.count == 240 * 4)
        #expect(try #require(file.tensor(named: "f32_4d")).shape == [2, 1, 2, 32])

        let q4k = try #require(file.tensor(named: "q4_k"))
        #expect(q4k.type == .q4_K && q4k.shape == [3, 512])
        #expect(q4k.bytesPerRow == 2 * 144 && q4k.byteRange.count == 6 * 144)
        for tensor in file.tensors {
            #expect((tensor.byteRange.lowerBound - file.dataStart) % 64 == 0)
            #expect(tensor.byteRange.upperBound <= file.file.count)
        }
        #expect(file.tensor(named: "missing") == nil)
    }

    @Test func scalarMetadataRoundTrips() throws {
        let m = try GGUFFile(path: Self.path).metadata
        #expect(m["test.uint8"] == .uint8(200))
        #expect(m["test.int8"] == .int8(-100))
        #expect(m["test.uint16"] == .uint16(60000))
        #expect(m["test.int16"] == .int16(-30000))
        #expect(m["test.uint32"] == .uint32(4_000_000_000))
        #expect(m["test.int32"] == .int32(-2_000_000_000))
        #expect(m["test.uint64"] == .uint64(UInt64(1) << 63 + 5))
        #expect(m["test.int64"] == .int64(-(1 << 62) - 7))
        #expect(m["test.float32"] == .float32(Float(3.14159 as Double)))
        #expect(m["test.float64"] == .float64(-1.0e-300))
        #expect(m["test.bool"] == .bool(true))
        #expect(m["test.bool_false"] == .bool(false))
        #expect(m["test.string"] == .string("héllo 世界 🙂"))
        #expect(m["test.empty_string"] == .string(""))
        #expect(m["general.alignment"] == .uint32(64))

        // Typed accessors
        #expect(m["test.uint32"]?.int == 4_000_000_000)
        #expect(m["test.int8"]?.int == -100)
        #expect(m["test.uint64"]?.int == nil)
        #expect(m["test.uint64"]?.uint64 == UInt64(1) << 63 + 5)
        #expect(m["test.float32"]?.double == Double(Float(3.14159 as Double)))
        #expect(m["test.float64"]?.float == Float(-1.0e-300))
        #expect(m["test.string"]?.int == nil)
        #expect(m["test.bool"]?.bool == true)
        #expect(m["test.uint8"]?.string == nil)
    }

    @Test func arrayMetadataRoundTrips() throws {
        let m = try GGUFFile(path: Self.path).metadata
        #expect(m["test.tokens"]?.strings == ["<s>", "</s>", "Ġthe", "", "世界", "🙂", "<0x0A>", "a\nb"])
        #expect(m["test.scores"]?.floats == [0, -1.5, 2.25, -1000])
        #expect(m["test.token_type"]?.ints == [1, 3, -2, 2_147_483_647])
        #expect(m["test.token_type"] == .array(.int32([1, 3, -2, 2_147_483_647])))
        #expect(m["test.u8s"] == .array(.uint8([0, 1, 255])))
        #expect(m["test.i8s"] == .array(.int8([-128, 0, 127])))
        #expect(m["test.u16s"] == .array(.uint16([0, 65535])))
        #expect(m["test.i16s"] == .array(.int16([-32768, 32767])))
        #expect(m["test.u32s"] == .array(.uint32([0, 4_294_967_295])))
        #expect(m["test.u64s"] == .array(.uint64([0, .max])))
        #expect(m["test.u64s"]?.ints == nil)
        #expect(m["test.i64s"] == .array(.int64([.min, .max])))
        #expect(m["test.f64s"] == .array(.float64([0.1, -2.5e200])))
        #expect(m["test.bools"] == .array(.bool([true, false, true])))
        #expect(m["test.nested"] == .array(.array([.int32([1, 2, 3]), .int32([4]), .int32([5, 6])])))
        #expect(m["test.nested"]?.array?.arrays?.map { $0.ints ?? [] } == [[1, 2, 3], [4], [5, 6]])
        #expect(m["test.nested_strings"] == .array(.array([.string(["a", "b"]), .string(["c"])])))
        #expect(m["test.nested_deep"] == .array(.array([.array([.float32([1.5]), .float32([2.5, 3.5])]), .array([.float32([4.5])])])))
        #expect(m["test.tokens"]?.array?.count == 8)
        #expect(m["test.tokens"]?.floats == nil)
    }

    @Test func keysKeepFileOrder() throws {
        let file = try GGUFFile(path: Self.path)
        #expect(file.metadataKeys.count == file.metadata.count)
        #expect(file.metadataKeys.first == "general.architecture")
        let test = file.metadataKeys.filter { $0.hasPrefix("test.") }
        #expect(test.first == "test.uint8" && test.last == "test.nested_deep" && test.count == 29)
    }

    @Test func typeTable() {
        #expect(GGMLType.q4_K.blockSize == 256 && GGMLType.q4_K.bytesPerBlock == 144)
        #expect(GGMLType.q6_K.bytesPerBlock == 210 && GGMLType.q2_K.bytesPerBlock == 84)
        #expect(GGMLType.q3_K.bytesPerBlock == 110 && GGMLType.q5_K.bytesPerBlock == 176)
        #expect(GGMLType.q8_0.bytesPerBlock == 34 && GGMLType.q5_1.bytesPerBlock == 24)
        #expect(GGMLType(rawValue: 30) == .bf16 && GGMLType.bf16.description == "BF16")
        #expect(GGMLType(rawValue: 4) == nil && GGMLType.removedName(4) == "Q4_2")
        #expect(!GGMLType.iq2_XXS.canDequantize && GGMLType.q5_K.canDequantize)
    }
}
