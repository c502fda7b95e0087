/// The element encoding of a GGUF tensor (ggml's `ggml_type`), with the block layout every
/// quantized type is cut into: `blockSize` weights stored in `bytesPerBlock` bytes.
///
/// All ids ggml currently defines are named, so a file holding an unsupported type opens (its
/// byte ranges are known) and only dequantizing that tensor fails, naming the type.
///
/// ```swift
/// let type = GGMLType(rawValue: 12)   // .q4_K
/// type?.blockSize                     // 256
/// type?.bytesPerBlock                 // 144
/// type?.canDequantize                 // true
/// ```
public enum GGMLType: UInt32, Sendable, CaseIterable, CustomStringConvertible {
    case f32 = 0
    case f16 = 1
    case q4_0 = 2
    case q4_1 = 3
    case q5_0 = 6
    case q5_1 = 7
    case q8_0 = 8
    case q8_1 = 9
    case q2_K = 10
    case q3_K = 11
    case q4_K = 12
    case q5_K = 13
    case q6_K = 14
    case q8_K = 15
    case iq2_XXS = 16
    case iq2_XS = 17
    case iq3_XXS = 18
    case iq1_S = 19
    case iq4_NL = 20
    case iq3_S = 21
    case iq2_S = 22
    case iq4_XS = 23
    case i8 = 24
    case i16 = 25
    case i32 = 26
    case i64 = 27
    case f64 = 28
    case iq1_M = 29
    case bf16 = 30
    case tq1_0 = 34
    case tq2_0 = 35
    case mxfp4 = 39
    case nvfp4 = 40
    case q1_0 = 41

    /// The name ggml and llama.cpp print (`Q4_K`, `BF16`, ...).
    public var description: String {
        switch self {
        case .f32: return "F32"
        case .f16: return "F16"
        case .q4_0: return "Q4_0"
        case .q4_1: return "Q4_1"
        case .q5_0: return "Q5_0"
        case .q5_1: return "Q5_1"
        case .q8_0: return "Q8_0"
        case .q8_1: return "Q8_1"
        case .q2_K: return "Q2_K"
        case .q3_K: return "Q3_K"
        case .q4_K: return "Q4_K"
        case .q5_K: return "Q5_K"
        case .q6_K: return "Q6_K"
        case .q8_K: return "Q8_K"
        case .iq2_XXS: return "IQ2_XXS"
        case .iq2_XS: return "IQ2_XS"
        case .iq3_XXS: return "IQ3_XXS"
        case .iq1_S: return "IQ1_S"
        case .iq4_NL: return "IQ4_NL"
        case .iq3_S: return "IQ3_S"
        case .iq2_S: return "IQ2_S"
        case .iq4_XS: return "IQ4_XS"
        case .i8: return "I8"
        case .i16: return "I16"
        case .i32: return "I32"
        case .i64: return "I64"
        case .f64: return "F64"
        case .iq1_M: return "IQ1_M"
        case .bf16: return "BF16"
        case .tq1_0: return "TQ1_0"
        case .tq2_0: return "TQ2_0"
        case .mxfp4: return "MXFP4"
        case .nvfp4: return "NVFP4"
        case .q1_0: return "Q1_0"
        }
    }

    /// Weights per block (1 for the plain float and integer types).
    public var blockSize: Int {
        switch self {
        case .f32, .f16, .bf16, .f64, .i8, .i16, .i32, .i64: return 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q8_1, .iq4_NL, .mxfp4: return 32
        case .nvfp4: return 64
        case .q1_0: return 128
        case .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K, .iq2_XXS, .iq2_XS, .iq3_XXS, .iq1_S, .iq3_S,
             .iq2_S, .iq4_XS, .iq1_M, .tq1_0, .tq2_0:
            return 256
        }
    }

    /// Bytes one block takes in the file.
    public var bytesPerBlock: Int {
        switch self {
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .f64, .i64: return 8
        case .i8: return 1
        case .q4_0: return Q4_0Block.byteCount
        case .q4_1: return Q4_1Block.byteCount
        case .q5_0: return Q5_0Block.byteCount
        case .q5_1: return Q5_1Block.byteCount
        case .q8_0: return Q8_0Block.byteCount
        case .q8_1: return 4 + 4 + 32
        case .q2_K: return Q2_KBlock.byteCount
        case .q3_K: return Q3_KBlock.byteCount
        case .q4_K: return Q4_KBlock.byteCount
        case .q5_K: return Q5_KBlock.byteCount
        case .q6_K: return Q6_KBlock.byteCount
        case .q8_K: return 4 + 256 + 256 / 8
        case .iq2_XXS: return 2 + 256 / 4
        case .iq2_XS: return 2 + 256 / 4 + 256 / 32
        case .iq3_XXS: return 2 + 256 / 4 + 256 / 8
        case .iq1_S: return 2 + 256 / 8 + 256 / 16
        case .iq4_NL: return 2 + 16
        case .iq3_S: return 2 + 256 / 4 + 256 / 8 + 256 / 32 + 4
        case .iq2_S: return 2 + 256 / 4 + 256 / 16
        case .iq4_XS: return 2 + 2 + 256 / 2 + 256 / 64
        case .iq1_M: return 256 / 8 + 256 / 16 + 256 / 32
        case .tq1_0: return 2 + 4 * 13
        case .tq2_0: return 2 + 64
        case .mxfp4: return 1 + 16
        case .nvfp4: return 4 + 32
        case .q1_0: return 2 + 16
        }
    }

    /// Whether attnviz can turn this type into `Float`s.
    public var canDequantize: Bool { Self.dequantizable.contains(self) }

    /// The types `GGUFFile.dequantize` handles, in id order.
    public static let dequantizable: [GGMLType] = [
        .f32, .f16, .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .bf16,
    ]

    /// Ids ggml once used and has since removed (their layouts are gone with them), named so a
    /// file that still holds one gets a useful error.
    static func removedName(_ id: UInt32) -> String? {
        switch id {
        case 4: return "Q4_2"
        case 5: return "Q4_3"
        case 31: return "Q4_0_4_4"
        case 32: return "Q4_0_4_8"
        case 33: return "Q4_0_8_8"
        case 36: return "IQ4_NL_4_4"
        case 37: return "IQ4_NL_4_8"
        case 38: return "IQ4_NL_8_8"
        default: return nil
        }
    }
}
