import Foundation

// ExplorerAssetBundler NAME FOLDER OUTPUT
//
// Writes OUTPUT, a Swift file declaring `enum NAME` with FOLDER's page assets as string
// constants: the `.html` file as `html`, the `.css` file as `style`, and the `script/*.js` files
// in name order, inside one strict-mode function, as `script`. Run by ExplorerAssetsPlugin at
// build time.

/// What can go wrong, said in one line.
struct BundlerError: Error, CustomStringConvertible {
    let description: String
}

/// A Swift raw string literal holding `text` exactly: as many `#` as it takes for no sequence
/// in the text to end the literal or start an escape.
func literal(_ text: String) -> String {
    var hashes = "#"
    while text.contains("\"\"\"" + hashes) || text.contains("\\" + hashes) { hashes += "#" }
    return "\(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)"
}

func read(_ url: URL) throws -> String {
    do {
        var text = try String(contentsOf: url, encoding: .utf8)
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    } catch {
        throw BundlerError(description: "\(url.path): cannot read as UTF-8 (\(error.localizedDescription))")
    }
}

/// The one file in `folder` with this extension, if any; more than one is an error.
func single(_ ext: String, in folder: URL, files: [String]) throws -> URL? {
    let matches = files.filter { !$0.contains("/") && $0.hasSuffix("." + ext) }
    guard matches.count <= 1 else {
        throw BundlerError(description: "\(folder.path): one .\(ext) file expected, found \(matches.joined(separator: ", "))")
    }
    return matches.first.map { folder.appendingPathComponent($0) }
}

func bundle(name: String, folder: URL) throws -> String {
    let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path).sorted()
    var constants: [(name: String, doc: String, text: String)] = []
    if let html = try single("html", in: folder, files: files) {
        constants.append(("html", "The page template (`\(html.lastPathComponent)`).", try read(html)))
    }
    if let css = try single("css", in: folder, files: files) {
        constants.append(("style", "The style sheet (`\(css.lastPathComponent)`).", try read(css)))
    }
    let scripts = files.filter { $0.hasPrefix("script/") && $0.hasSuffix(".js") && !$0.dropFirst(7).contains("/") }
    if !scripts.isEmpty {
        var text = "(() => {\n'use strict';\n"
        for script in scripts { text += try read(folder.appendingPathComponent(script)) + "\n" }
        text += "})();"
        let list = scripts.map { $0.dropFirst(7) }.joined(separator: ", ")
        constants.append(("script", "The page script: \(list), in one strict-mode function.", text))
    }
    guard !constants.isEmpty else { throw BundlerError(description: "\(folder.path): no .html, .css or script/*.js files") }
    var out = "// Generated at build time by ExplorerAssetBundler (Plugins/ExplorerAssetsPlugin) from\n"
    out += "// \(folder.lastPathComponent)/. Edit those files, not this one.\n\n"
    out += "/// The page assets of `\(folder.lastPathComponent)/`, compiled into the binary.\n"
    out += "enum \(name) {\n"
    for (index, constant) in constants.enumerated() {
        if index > 0 { out += "\n" }
        out += "    /// \(constant.doc)\n    static let \(constant.name) = \(literal(constant.text))\n"
    }
    out += "}\n"
    return out
}

let arguments = CommandLine.arguments
guard arguments.count == 4 else {
    FileHandle.standardError.write(Data("usage: ExplorerAssetBundler NAME FOLDER OUTPUT\n".utf8))
    exit(2)
}
do {
    let text = try bundle(name: arguments[1], folder: URL(fileURLWithPath: arguments[2]))
    let output = URL(fileURLWithPath: arguments[3])
    try Data(text.utf8).write(to: output, options: .atomic)
} catch {
    FileHandle.standardError.write(Data("ExplorerAssetBundler: \(error)\n".utf8))
    exit(1)
}
