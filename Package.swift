// swift-tools-version: 6.2
import PackageDescription

/// Settings shared by every target: Swift 6 language mode with strict concurrency.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Driftwatch",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "driftwatch", targets: ["driftwatch"]),
        .library(name: "DriftStats", targets: ["DriftStats"]),
        .library(name: "DriftTabular", targets: ["DriftTabular"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Pure statistics: no I/O, no clock, no networking. Everything else depends on it.
        .target(name: "DriftStats", swiftSettings: strictSettings),
        // Byte-level CSV parsing into typed, dictionary-encoded columns.
        .target(name: "DriftTabular", dependencies: ["DriftStats"], swiftSettings: strictSettings),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "DriftStats", "DriftTabular",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "DriftStatsTests", dependencies: ["DriftStats"], swiftSettings: strictSettings),
        .testTarget(name: "DriftTabularTests", dependencies: ["DriftTabular"], swiftSettings: strictSettings),
        .testTarget(name: "DriftwatchCLITests", dependencies: ["driftwatch"], swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
