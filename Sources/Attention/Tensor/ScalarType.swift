/// The element types attention files store; everything is converted to `Float` on access.
public enum ScalarType: String, Sendable, CaseIterable {
    case float16 = "F16"
    case bfloat16 = "BF16"
    case float32 = "F32"
    case float64 = "F64"

    /// Bytes per element.
    public var byteWidth: Int {
        switch self {
        case .float16, .bfloat16: return 2
        case .float32: return 4
        case .float64: return 8
        }
    }
}

/// The byte order of stored elements.
public enum ByteOrder: Sendable, Equatable {
    case little
    case big

    /// The byte order of the machine running this code.
    public static var host: ByteOrder { 1.littleEndian == 1 ? .little : .big }
}

extension ScalarType {
    /// Decodes the element at `pointer` (which need not be aligned) to `Float`.
    @inlinable
    public func load(from pointer: UnsafeRawPointer, byteOrder: ByteOrder) -> Float {
        let swap = byteOrder != .host
        switch self {
        case .float32:
            var bits = pointer.loadUnaligned(as: UInt32.self)
            if swap { bits = bits.byteSwapped }
            return Float(bitPattern: bits)
        case .float64:
            var bits = pointer.loadUnaligned(as: UInt64.self)
            if swap { bits = bits.byteSwapped }
            return Float(Double(bitPattern: bits))
        case .float16:
            var bits = pointer.loadUnaligned(as: UInt16.self)
            if swap { bits = bits.byteSwapped }
            return ScalarType.floatFromHalf(bits)
        case .bfloat16:
            var bits = pointer.loadUnaligned(as: UInt16.self)
            if swap { bits = bits.byteSwapped }
            return Float(bitPattern: UInt32(bits) << 16)
        }
    }

    /// IEEE 754 binary16 to binary32, including subnormals, infinities and NaN.
    @inlinable
    public static func floatFromHalf(_ h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        if exponent == 0 {
            // Zero or subnormal: mantissa * 2^-24.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        }
        if exponent == 0x1F {
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        }
        return Float(bitPattern: sign | UInt32(exponent + 112) << 23 | (mantissa << 13))
    }

    /// IEEE 754 binary32 to binary16 with round-to-nearest-even.
    public static func halfFromFloat(_ value: Float) -> UInt16 {
        #if arch(arm64)
        return Float16(value).bitPattern
        #else
        let bits = value.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF)
        var mantissa = bits & 0x7F_FFFF
        if exponent == 0xFF {
            return sign | 0x7C00 | (mantissa != 0 ? 0x200 : 0)
        }
        var e = exponent - 127 + 15
        if e >= 0x1F { return sign | 0x7C00 }
        if e <= 0 {
            if e < -10 { return sign }
            mantissa |= 0x80_0000
            let shift = UInt32(14 - e)
            var half = mantissa >> shift
            let remainder = mantissa & ((1 << shift) - 1)
            let halfway = UInt32(1) << (shift - 1)
            if remainder > halfway || (remainder == halfway && (half & 1) == 1) { half += 1 }
            return sign | UInt16(half)
        }
        var half = UInt32(e) << 10 | (mantissa >> 13)
        let remainder = mantissa & 0x1FFF
        if remainder > 0x1000 || (remainder == 0x1000 && (half & 1) == 1) {
            half += 1
            e = Int(half >> 10)
        }
        return sign | UInt16(truncatingIfNeeded: half)
        #endif
    }
}
