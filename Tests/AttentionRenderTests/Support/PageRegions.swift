@testable import AttentionRender
import AttentionText

/// A heatmap page cut into the regions a reader looks at, in device pixels (`scale` pixels per
/// point), each padded by two pixels for anti-aliasing and clipped to the page.
struct PageRegions {
    typealias Box = (x0: Int, y0: Int, x1: Int, y1: Int)
    let all: [(String, Box)]

    init(layout: HeatmapLayout, scale s: Double) throws {
        let page = (0, 0, Int((layout.size.width * s).rounded(.up)), Int((layout.size.height * s).rounded(.up)))
        func pixels(_ r: Rect) -> Box {
            (max(page.0, Int((r.minX * s).rounded(.down)) - 2), max(page.1, Int((r.minY * s).rounded(.down)) - 2),
             min(page.2, Int((r.maxX * s).rounded(.up)) + 2), min(page.3, Int((r.maxY * s).rounded(.up)) + 2))
        }
        func union(_ roles: Set<PlacedText.Role>) -> Rect? {
            let boxes = layout.texts.filter { roles.contains($0.role) }.map(\.box.bounds)
            guard let first = boxes.first else { return nil }
            return boxes.dropFirst().reduce(first) { a, b in
                let x0 = min(a.minX, b.minX), y0 = min(a.minY, b.minY)
                return Rect(x: x0, y: y0, width: max(a.maxX, b.maxX) - x0, height: max(a.maxY, b.maxY) - y0)
            }
        }
        var regions: [(String, Box)] = []
        for (name, roles) in [("title", [PlacedText.Role.title]), ("x tick labels", [.xTick]), ("y tick labels", [.yTick]),
                              ("colour bar ticks", [.colorBarTick]), ("colour bar label", [.colorBarLabel])] {
            if let r = union(Set(roles)) { regions.append((name, pixels(r))) }
        }
        if let bar = layout.colorBar { regions.append(("colour bar", pixels(bar))) }
        regions.append(("cells", pixels(layout.plot)))
        all = regions
    }

    /// The least ink a region must hold in the PNG for the comparison to mean anything.
    func minimumInk(_ name: String) -> Double { name == "cells" || name == "colour bar" ? 500 : 5 }
}

extension DecodedPNG {
    /// Darkness summed over a box: each pixel adds (765 - r - g - b) / 765, so a black pixel 1.
    func ink(in box: PageRegions.Box) -> Double {
        var total = 0
        for y in box.y0..<min(box.y1, height) {
            for x in box.x0..<min(box.x1, width) {
                let c = rgba(x, y)
                total += 765 - Int(c.r) - Int(c.g) - Int(c.b)
            }
        }
        return Double(total) / 765
    }

    /// 4x4 blocks of a box and how many of them differ from `other`'s by more than 32 in the
    /// mean of any channel.
    func differingBlocks(_ other: DecodedPNG, in box: PageRegions.Box) -> (blocks: Int, different: Int) {
        var blocks = 0, different = 0
        for by in stride(from: box.y0, to: min(box.y1, height) - 3, by: 4) {
            for bx in stride(from: box.x0, to: min(box.x1, width) - 3, by: 4) {
                var sum = [0, 0, 0], theirs = [0, 0, 0]
                for y in by..<(by + 4) {
                    for x in bx..<(bx + 4) {
                        let a = rgba(x, y), b = other.rgba(x, y)
                        sum[0] += Int(a.r); sum[1] += Int(a.g); sum[2] += Int(a.b)
                        theirs[0] += Int(b.r); theirs[1] += Int(b.g); theirs[2] += Int(b.b)
                    }
                }
                blocks += 1
                if (0..<3).contains(where: { abs(sum[$0] - theirs[$0]) / 16 > 32 }) { different += 1 }
            }
        }
        return (blocks, different)
    }
}
