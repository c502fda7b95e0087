import AttentionRender
import AttentionText

extension RenderError: UserFacingError {
    /// The renderer's message, plus the flags that make the figure fit.
    var userMessage: String {
        switch self {
        case .figureTooSmallForLabels:
            return description + "; enlarge --size, lower --font-size or hide tick labels"
        case .figureTooSmallForThumbnails:
            return description + "; enlarge --size"
        case .noFiniteValues:
            return description + "; give --vmin and --vmax"
        case .imageTooLarge:
            return description + "; lower --dpi or --size"
        default:
            return description
        }
    }
}
