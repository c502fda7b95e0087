// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "attnviz",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "attnviz", targets: ["attnviz"]),
        .library(name: "Attention", targets: ["Attention"]),
        .library(name: "AttentionFormats", targets: ["AttentionFormats"]),
        .library(name: "AttentionText", targets: ["AttentionText"]),
        .library(name: "AttentionRender", targets: ["AttentionRender"]),
        .library(name: "AttentionExplorer", targets: ["AttentionExplorer"]),
        .library(name: "TransformerRuntime", targets: ["TransformerRuntime"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        .target(name: "Attention"),
        .target(
            name: "AttentionFormats",
            dependencies: ["Attention", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"]), .brew(["cairo", "pango"])]
        ),
        // Text outputs (HTML, LaTeX, terminal), colours and colormaps: no Cairo, no Pango.
        .target(name: "AttentionText", dependencies: ["Attention"]),
        // The figures, their canvas and its Cairo backend.
        .target(name: "AttentionRender", dependencies: ["Attention", "AttentionText", "CCairo"]),
        // zlib for the explorer's payloads (not ZIPFoundation's module, which is also called CZlib).
        .systemLibrary(name: "CSystemZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),
        // The explorer page's HTML, CSS and script modules (ExplorerAssets/) become Swift string
        // constants at build time: ExplorerAssetsPlugin runs ExplorerAssetBundler.
        .target(
            name: "AttentionExplorer", dependencies: ["Attention", "CSystemZlib"],
            exclude: ["ExplorerAssets"], plugins: ["ExplorerAssetsPlugin"]
        ),
        .executableTarget(name: "ExplorerAssetBundler"),
        .plugin(name: "ExplorerAssetsPlugin", capability: .buildTool(), dependencies: ["ExplorerAssetBundler"]),
        .target(name: "CKernels"),
        .target(name: "TransformerRuntime", dependencies: ["Attention", "AttentionFormats", "CKernels"]),
        .target(
            name: "AttentionServer",
            dependencies: [
                "Attention", "AttentionFormats", "AttentionExplorer", "TransformerRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            // The serve page's panel (Pages/ServePanelAssets/) is compiled in like the explorer's assets.
            exclude: ["Pages/ServePanelAssets"], plugins: ["ExplorerAssetsPlugin"]
        ),
        .executableTarget(
            name: "attnviz",
            dependencies: [
                "Attention", "AttentionFormats", "AttentionText", "AttentionRender", "AttentionExplorer",
                "TransformerRuntime", "AttentionServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Shared by every test target: the external-tool policy and the bounded process runner.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        // A recording canvas and a font-free text measurer: figure layout and drawing tests
        // without a Cairo surface.
        .target(name: "RenderTestSupport", dependencies: ["AttentionRender", "AttentionText"], path: "Tests/RenderTestSupport"),
        .testTarget(name: "AttentionTests", dependencies: ["Attention", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AttentionFormatsTests",
            dependencies: ["AttentionFormats", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "CLITests", dependencies: ["attnviz", "TestSupport"]),
        .testTarget(name: "AttentionExplorerTests", dependencies: ["AttentionExplorer", "TestSupport"]),
        .testTarget(
            name: "TransformerRuntimeTests",
            dependencies: ["TransformerRuntime", "AttentionFormats", "CKernels", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "AttentionTextTests",
            dependencies: ["AttentionText", "Attention", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AttentionRenderTests",
            dependencies: ["AttentionRender", "AttentionText", "Attention", "CCairo", "TestSupport", "RenderTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "AttentionServerTests",
            dependencies: [
                "AttentionServer", "Attention", "AttentionExplorer", "AttentionFormats", "TransformerRuntime", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
