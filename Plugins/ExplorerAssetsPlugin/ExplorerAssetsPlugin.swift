import Foundation
import PackagePlugin

/// Compiles a target's page assets into Swift string constants at build time, so the binary
/// carries them and no generated file is committed.
///
/// Every folder named `…Assets` inside the target becomes one internal enum of that name, in
/// `<name>.swift` in the plugin's work directory (ExplorerAssetBundler writes it):
/// - its `.html` file is `html` (a template; see `ExplorerPage` for the slots),
/// - its `.css` file is `style`,
/// - its `script/*.js` files, in name order, are `script`: concatenated inside one strict-mode
///   function, so they share one scope and leak nothing (no modules are loaded at run time).
///
/// ```swift
/// .target(name: "AttentionExplorer", exclude: ["ExplorerAssets"], plugins: ["ExplorerAssetsPlugin"])
/// // Sources/AttentionExplorer/ExplorerAssets/{explorer.html, explorer.css, script/*.js}
/// // -> enum ExplorerAssets { static let html, style, script }
/// ```
@main
struct ExplorerAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SwiftSourceModuleTarget else { return [] }
        let bundler = try context.tool(named: "ExplorerAssetBundler")
        return try assetFolders(in: target.directoryURL).map { folder in
            let name = folder.lastPathComponent
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".html") || $0.hasSuffix(".css") || $0.hasSuffix(".js") }
                .sorted()
                .map { folder.appendingPathComponent($0) }
            let output = context.pluginWorkDirectoryURL.appendingPathComponent("\(name).swift")
            return .buildCommand(
                displayName: "Bundling \(name) (\(files.count) files) for \(target.name)",
                executable: bundler.url,
                arguments: [name, folder.path, output.path],
                inputFiles: files,
                outputFiles: [output]
            )
        }
    }

    /// Folders under `directory` whose name ends in `Assets`, in path order.
    func assetFolders(in directory: URL) throws -> [URL] {
        try FileManager.default.subpathsOfDirectory(atPath: directory.path).sorted().map { directory.appendingPathComponent($0) }.filter { url in
            var isDirectory: ObjCBool = false
            return url.lastPathComponent.hasSuffix("Assets")
                && FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
    }
}
