// swift-tools-version:6.0
import PackageDescription

// Layout: ChisoKit holds the language and the engine (no C, no terminal); LineEditing is the
// one module that touches C (libedit, through the CEditLine system library); `chiso` is the
// thin executable that wires them to the command line.
let package = Package(
    name: "chiso",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "chiso", targets: ["chiso"]),
        .library(name: "ChisoKit", targets: ["ChisoKit"]),
    ],
    dependencies: [
        // Command-line parsing for the executable only.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Office Open XML workbooks are zip archives (load and export of .xlsx).
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        .target(
            name: "ChisoKit",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            // The engine's hot loops (CSV parsing, column kernels) mutate class-held buffers;
            // dynamic exclusivity checks on those cost ~15% of a CSV load (perf, Scripts/bench).
            // Debug builds, which the tests use, keep the checks on.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .target(name: "LineEditing", dependencies: ["CEditLine", "ChisoKit"]),
        // PostgreSQL's client library: the second backend's wire (attach, push-down, export).
        // Its header only: the library is loaded with dlopen on the first attach (LibPQ.swift).
        .systemLibrary(
            name: "CLibPQ",
            path: "Sources/CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "PostgresClient", dependencies: ["CLibPQ", "ChisoKit"]),
        // ReadStat (pyreadstat's and R haven's C library): SPSS, Stata and SAS files, registered
        // as formats by the StatFiles module, the only one that calls it.
        .systemLibrary(
            name: "CReadStat",
            path: "Sources/CReadStat",
            providers: [.apt(["libreadstat-dev"])]
        ),
        // Exclusivity checks off in release, as for ChisoKit: the per-cell handler mutates
        // class-held buffers (Scripts/bench: the .dta load).
        .target(name: "StatFiles", dependencies: ["CReadStat", "ChisoKit"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .executableTarget(
            name: "chiso",
            dependencies: [
                "ChisoKit",
                "LineEditing",
                "PostgresClient",
                "StatFiles",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Writes the bundled synthetic survey (Datasets/survey.csv) and benchmark-sized copies.
        .executableTarget(name: "survey-gen", dependencies: ["ChisoKit"]),
        // Shared by every test target: the golden corpus runner, assertDiagnostic, table fixtures.
        .target(name: "ChisoTestSupport", dependencies: ["ChisoKit", "StatFiles", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
                path: "Tests/ChisoTestSupport"),
        .testTarget(
            name: "ChisoKitTests",
            dependencies: ["ChisoKit", "ChisoTestSupport", "PostgresClient", "StatFiles"],
            exclude: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
