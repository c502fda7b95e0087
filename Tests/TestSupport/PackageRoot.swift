import Foundation

/// The package's root folder, found from this file's location, for tests that read committed
/// fixtures or run the repository's scripts.
///
/// ```swift
/// let script = PackageRoot.path("scripts/test/text_heat_pixels.py")
/// ```
public enum PackageRoot {
    /// The root folder (the one holding Package.swift).
    public static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The absolute path of `relative` inside the package.
    public static func path(_ relative: String) -> String { url.appendingPathComponent(relative).path }
}
