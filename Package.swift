// swift-tools-version:6.0
import PackageDescription

// Targets follow the data's path: git objects → documents → the ISMS model → rules → findings → reporters.
// Release builds skip the run-time exclusivity checks (a tenth of a cold history walk's instructions were spent
// on them); debug builds, which the tests run, keep them.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5), .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "isms",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "isms", targets: ["isms"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CLibgit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CCmarkGFM", providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibdeflate", pkgConfig: "libdeflate", providers: [.apt(["libdeflate-dev"])]),
        // The executable's allocator (see Sources/Allocator/allocator.c); Linux only.
        .target(name: "Allocator", linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]),
        .target(name: "GitKit", dependencies: ["CLibgit2", "CLibdeflate"], swiftSettings: v5),
        .target(name: "ISMSModel", dependencies: ["GitKit", "CCmarkGFM", "Yams"], exclude: ["Catalog/data"], swiftSettings: v5),
        .target(name: "ISMSRules", dependencies: ["ISMSModel"], swiftSettings: v5),
        .target(name: "ISMSHistory", dependencies: ["GitKit", "ISMSModel"], swiftSettings: v5),
        .target(name: "ISMSReport", dependencies: ["ISMSModel", "ISMSRules", "CLibcrypto"], swiftSettings: v5),
        .target(name: "ISMSTool", dependencies: ["GitKit", "ISMSModel", "ISMSRules", "ISMSHistory", "ISMSReport"], swiftSettings: v5),
        .executableTarget(name: "isms", dependencies: [
            "ISMSTool", "ISMSModel", "ISMSRules", "ISMSReport", "GitKit", "Allocator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: v5),
        .target(name: "TestSupport", dependencies: ["GitKit"], path: "Tests/TestSupport", swiftSettings: v5),
        .testTarget(name: "ISMSModelTests", dependencies: ["ISMSModel", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "ISMSRulesTests", dependencies: ["ISMSRules", "ISMSHistory", "ISMSTool", "GitKit", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "ISMSReportTests", dependencies: ["ISMSReport", "TestSupport"], exclude: ["Golden"], swiftSettings: v5),
        .testTarget(name: "ISMSHistoryTests", dependencies: ["ISMSHistory", "ISMSTool", "TestSupport"], swiftSettings: v5),
        .testTarget(name: "EndToEndTests", dependencies: ["ISMSTool", "TestSupport"], swiftSettings: v5),
    ]
)
