import ArgumentParser
import Attention
import AttentionRender
import AttentionText

// The heatmap style's value types as command-line arguments. `HeatmapStyleOptions` parses them
// with `transform:` so that a bad value's message says why (`--norm power:-1` → "norm
// 'power:-1' is not linear, sqrt, log or power:G with G > 0"); these conformances let any
// other command declare `@Option var norm: ColorNorm` directly.

extension ColorNorm: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
    public var defaultValueDescription: String { description }
}

extension TickLabels: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(parsing: argument) }
}

extension CSSColor: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
}

extension NumberFormat: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
    public var defaultValueDescription: String { description }
}

extension FigureSize: ExpressibleByArgument {
    init?(argument: String) { try? self.init(parsing: argument) }
}

extension Theme.Background: ExpressibleByArgument {}
extension PoolingMode: ExpressibleByArgument {}
