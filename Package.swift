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
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
    ],
    targets: [
        // Pure statistics: no I/O, no clock, no networking. Everything else depends on it.
        .target(name: "DriftStats", swiftSettings: strictSettings),
        // Domain values shared by storage, server and alerting: models, events, labels, limits.
        .target(name: "DriftCore", dependencies: ["DriftStats"], swiftSettings: strictSettings),
        // Byte-level parsing of event and label batches (the ingestion hot path).
        .target(name: "DriftIngest", dependencies: ["DriftCore", "DriftTabular"], swiftSettings: strictSettings),
        // The durable store: SQLite through GRDB, WAL, migrations, retention.
        .target(
            name: "DriftStore",
            dependencies: [
                "DriftCore", "DriftStats",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // The PostgreSQL store: the same port on PostgresNIO, events partitioned by day.
        .target(
            name: "DriftPostgres",
            dependencies: [
                "DriftCore", "DriftStats", "DriftStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Window evaluation: per-window statistics, performance, results, the due-window planner.
        .target(
            name: "DriftEvaluation", dependencies: ["DriftCore", "DriftStats"],
            swiftSettings: strictSettings
        ),
        // Alerting: rule files, the alert state machine, the outbox and signed webhook delivery. The only
        // target that makes outbound HTTP calls.
        .target(
            name: "DriftAlerting",
            dependencies: [
                "DriftCore", "DriftStats", "DriftEvaluation",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // Byte-level CSV parsing into typed, dictionary-encoded columns.
        .target(name: "DriftTabular", dependencies: ["DriftStats"], swiftSettings: strictSettings),
        // Static HTML dashboards: Mustache templates from dashboards/templates, inline SVG charts.
        .target(
            name: "DriftDashboards",
            dependencies: [
                "DriftCore", "DriftStats", "DriftEvaluation",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: strictSettings
        ),
        // HTTP service: buildApplication, routes, auth, configuration, metrics.
        .target(
            name: "DriftServer",
            dependencies: [
                "DriftCore", "DriftStats", "DriftTabular", "DriftIngest", "DriftEvaluation", "DriftAlerting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "driftwatch",
            dependencies: [
                "DriftStats", "DriftTabular", "DriftCore", "DriftServer", "DriftStore", "DriftPostgres", "DriftEvaluation",
                "DriftAlerting", "DriftDashboards",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftStatsTests", dependencies: ["DriftStats"], exclude: ["Golden"], swiftSettings: strictSettings),
        .testTarget(name: "DriftTabularTests", dependencies: ["DriftTabular"], swiftSettings: strictSettings),
        .testTarget(name: "DriftIngestTests", dependencies: ["DriftIngest"], swiftSettings: strictSettings),
        .testTarget(
            name: "DriftStoreTests",
            dependencies: [
                "DriftStore", "DriftCore", "DriftStats", "DriftTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftServerTests",
            dependencies: [
                "DriftServer", "DriftStore", "DriftCore", "DriftEvaluation", "DriftAlerting", "DriftTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        // Shared by the test targets: JSON values and the golden comparison with STATISTICS.md's tolerances.
        .target(
            name: "DriftTestSupport",
            dependencies: [
                "DriftPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DriftTestSupport", swiftSettings: strictSettings),
        .testTarget(
            name: "DriftEvaluationTests",
            dependencies: ["DriftEvaluation", "DriftStore", "DriftPostgres", "DriftCore", "DriftStats", "DriftTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftAlertingTests",
            dependencies: [
                "DriftAlerting", "DriftStore", "DriftEvaluation", "DriftCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftDashboardsTests",
            dependencies: ["DriftDashboards", "DriftEvaluation", "DriftStore", "DriftCore", "DriftStats"],
            // Expected pages, read from the source tree by path (not bundled resources).
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        // The same cases against every storage engine (PostgreSQL when DRIFTWATCH_TEST_POSTGRES is set).
        .testTarget(
            name: "StorageConformanceTests",
            dependencies: [
                "DriftCore", "DriftStats", "DriftStore", "DriftPostgres", "DriftTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DriftwatchCLITests",
            dependencies: [
                "driftwatch", "DriftTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: strictSettings),
    ],
    swiftLanguageModes: [.v6]
)
