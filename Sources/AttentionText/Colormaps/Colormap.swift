/// A colormap with matplotlib's exact 256-entry lookup table and matplotlib's indexing
/// (`int(x * 256)`, values below 0 take the first colour, above 1 the last).
///
/// Every name matplotlib and seaborn register for the maps in `Colormap.names` works, and so
/// does `NAME_r` for each (the table reversed).
///
/// ```swift
/// let cmap = try Colormap.named("YlOrRd")
/// cmap.color(at: 0)        // #ffffcc
/// cmap.color(at: 1)        // #800026
/// try Colormap.named("viridis_r").color(at: 0)   // #fde725
/// ```
public struct Colormap: Sendable, Hashable {
    /// The name it was looked up by, e.g. `"YlOrRd_r"`.
    public let name: String
    /// The lookup table, first entry for 0, last for 1.
    public let table: [RGB]

    /// Creates a colormap from a table of at least one colour.
    public init(name: String, table: [RGB]) {
        precondition(!table.isEmpty, "Colormap needs at least one colour")
        self.name = name
        self.table = table
    }

    /// Base names available (each also as `NAME_r`), in a stable order.
    public static var names: [String] { tables.keys.sorted { $0.lowercased() < $1.lowercased() } }

    /// Looks up a colormap by matplotlib/seaborn name, with `_r` for the reversed map.
    /// Names are matched exactly first, then case-insensitively (`ylorrd` works).
    public static func named(_ name: String) throws(RenderError) -> Colormap {
        let reversed = name.hasSuffix("_r")
        let base = reversed ? String(name.dropLast(2)) : name
        let key = tables[base] != nil ? base : tables.keys.first { $0.lowercased() == base.lowercased() }
        guard let key, let hex = tables[key] else {
            throw .unknownColormap(name: name, available: names)
        }
        var table = [RGB]()
        table.reserveCapacity(hex.utf8.count / 6)
        var bytes = Array(hex.utf8)[...]
        while bytes.count >= 6 {
            let chunk = bytes.prefix(6)
            bytes = bytes.dropFirst(6)
            if let colour = RGB(hex: String(decoding: chunk, as: UTF8.self)) { table.append(colour) }
        }
        return Colormap(name: reversed ? key + "_r" : key, table: reversed ? table.reversed() : table)
    }

    /// The same colours in the opposite direction.
    public var reversed: Colormap {
        let newName = name.hasSuffix("_r") ? String(name.dropLast(2)) : name + "_r"
        return Colormap(name: newName, table: table.reversed())
    }

    /// The table index matplotlib uses for a value in 0...1 (clamped outside; NaN gives 0).
    @inlinable
    public func index(at x: Double) -> Int {
        let n = table.count
        guard x.isFinite else { return x == .infinity ? n - 1 : 0 }
        let scaled = x * Double(n)
        if scaled < 0 { return 0 }
        if scaled >= Double(n) { return n - 1 }
        return Int(scaled)
    }

    /// The colour for a normalised value in 0...1, exactly as `matplotlib.colormaps[name](x)`.
    /// Values outside 0...1 clamp to the ends; NaN gives the first colour (heatmaps leave NaN
    /// cells empty instead of asking).
    @inlinable
    public func color(at x: Double) -> RGB { table[index(at: x)] }
}
