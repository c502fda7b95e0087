import Foundation
import Testing
import TestSupport

/// A PNG decoded by an independent decoder (Python's `zlib` and the PNG filter rules, no Cairo,
/// no libpng), for pixel assertions on what the binary wrote.
///
/// ```swift
/// let png = try PNGPixels(contentsOf: out)
/// #expect(png.rgba(0, 0).a == 0)          // transparent corner
/// ```
struct PNGPixels {
    let width: Int
    let height: Int
    /// RGBA bytes, row-major, not premultiplied (what the PNG stores).
    let bytes: [UInt8]

    /// Decodes `url` with `python3` (required through ``RequiredTool``).
    init(contentsOf url: URL) throws {
        let python = try RequiredTool.require(
            RequiredTool.onPath("python3"), "python3",
            why: "decodes PNGs independently of Cairo for pixel checks", install: "apt-get install python3")
        let result = try BoundedProcess.run(python, ["-c", Self.decoder, url.path], timeout: 120)
        guard result.status == 0, let newline = result.stdout.firstIndex(of: 0x0A) else {
            throw DecodeFailure(description: "cannot decode \(url.lastPathComponent): \(result.stderr)")
        }
        let size = String(decoding: result.stdout[..<newline], as: UTF8.self).split(separator: " ").compactMap { Int($0) }
        guard size.count == 2 else { throw DecodeFailure(description: "bad decoder header") }
        width = size[0]
        height = size[1]
        bytes = [UInt8](result.stdout[(newline + 1)...])
        guard bytes.count == width * height * 4 else { throw DecodeFailure(description: "decoded \(bytes.count) bytes for \(width)x\(height)") }
    }

    struct DecodeFailure: Error, CustomStringConvertible { var description: String }

    /// The pixel at column `x`, row `y`.
    func rgba(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
        let i = (y * width + x) * 4
        return (bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3])
    }

    /// Whether the pixel is text ink: dark and grey (black text anti-aliased on white), which no
    /// colormap cell of the tests' colormaps is.
    func isInk(_ x: Int, _ y: Int) -> Bool {
        let p = rgba(x, y)
        let hi = max(p.r, p.g, p.b), lo = min(p.r, p.g, p.b)
        return p.a > 128 && hi < 170 && hi - lo < 24
    }

    /// Number of ink pixels in the rectangle `xs × ys`.
    func inkCount(xs: Range<Int>, ys: Range<Int>) -> Int {
        var n = 0
        for y in ys.clamped(to: 0..<height) { for x in xs.clamped(to: 0..<width) where isInk(x, y) { n += 1 } }
        return n
    }

    /// Pixel positions whose colour is `(r, g, b)` within `tolerance` per channel.
    func positions(of color: (UInt8, UInt8, UInt8), tolerance: Int = 1) -> [(x: Int, y: Int)] {
        var found = [(x: Int, y: Int)]()
        for y in 0..<height {
            for x in 0..<width {
                let p = rgba(x, y)
                if p.a == 255 && abs(Int(p.r) - Int(color.0)) <= tolerance && abs(Int(p.g) - Int(color.1)) <= tolerance
                    && abs(Int(p.b) - Int(color.2)) <= tolerance { found.append((x, y)) }
            }
        }
        return found
    }

    /// Whether the pixel is strongly coloured (a cell of a saturated colormap such as viridis,
    /// never text ink or the white/dark page).
    func isColoured(_ x: Int, _ y: Int) -> Bool {
        let p = rgba(x, y)
        return p.a > 128 && Int(max(p.r, p.g, p.b)) - Int(min(p.r, p.g, p.b)) > 40
    }

    /// Bounding box of the coloured pixels inside `xs × ys` (the plot of a viridis heatmap drawn
    /// with `--no-cbar`), or nil.
    func colouredBox(xs: Range<Int>? = nil, ys: Range<Int>? = nil) -> (x: Range<Int>, y: Range<Int>)? {
        var x0 = Int.max, x1 = -1, y0 = Int.max, y1 = -1
        for y in ys ?? 0..<height {
            for x in xs ?? 0..<width where isColoured(x, y) {
                x0 = min(x0, x); x1 = max(x1, x); y0 = min(y0, y); y1 = max(y1, y)
            }
        }
        return x1 < 0 ? nil : (x0..<(x1 + 1), y0..<(y1 + 1))
    }

    /// `range` cut into `parts` equal slices (cells of a plot).
    static func slices(_ range: Range<Int>, _ parts: Int) -> [Range<Int>] {
        (0..<parts).map { i in
            (range.lowerBound + range.count * i / parts)..<(range.lowerBound + range.count * (i + 1) / parts)
        }
    }

    /// Stdlib-only decoder: 8-bit RGB/RGBA, non-interlaced (what Cairo writes); prints
    /// "W H\n" then RGBA bytes.
    static let decoder = #"""
import sys, zlib, struct
data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
pos, idat = 8, b''
while pos < len(data):
    n, kind = struct.unpack('>I4s', data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    pos += 12 + n
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
    elif kind == b'IDAT':
        idat += body
    elif kind == b'IEND':
        break
assert depth == 8 and interlace == 0 and ctype in (2, 6), (depth, ctype, interlace)
bpp = 4 if ctype == 6 else 3
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
out = bytearray()
i = 0
for y in range(h):
    f = raw[i]
    line = bytearray(raw[i + 1:i + 1 + stride])
    i += 1 + stride
    if f == 1:
        for x in range(bpp, stride):
            line[x] = (line[x] + line[x - bpp]) & 255
    elif f == 2:
        for x in range(stride):
            line[x] = (line[x] + prev[x]) & 255
    elif f == 3:
        for x in range(stride):
            left = line[x - bpp] if x >= bpp else 0
            line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
    elif f == 4:
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else (b if pb <= pc else c))) & 255
    if bpp == 3:
        rgba = bytearray(w * 4)
        rgba[0::4], rgba[1::4], rgba[2::4] = line[0::3], line[1::3], line[2::3]
        rgba[3::4] = b'\xff' * w
        out += rgba
    else:
        out += line
    prev = line
sys.stdout.buffer.write(b'%d %d\n' % (w, h) + bytes(out))
"""#
}
