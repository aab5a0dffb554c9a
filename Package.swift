// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "upshift",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "upshift", targets: ["upshift"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/JohnSundell/Plot.git", from: "0.14.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        /** Pure value types: inventory, pack, plan, facts, diagnostics. No I/O. */
        .target(name: "UpshiftModel"),
        /** Pure core: YAML parsing, the planner, the safety check, command rendering, plan output. No I/O. */
        .target(name: "UpshiftPlanning", dependencies: ["UpshiftModel", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]),
        /** Pure importers of other tools' descriptions of a cloud (a Packstack answer file) into an inventory. No I/O. */
        .target(name: "UpshiftImport", dependencies: ["UpshiftModel", "UpshiftPlanning"]),
        /** Pure, lossless oslo.config INI editor: parse, edit, migrate, merge .rpmnew, lint. No I/O. */
        .target(name: "UpshiftConfigEditor", dependencies: ["UpshiftModel"]),
        /** Execution seams (transport, journal, event sink), the scheduler state machine and the executor loop. */
        .target(name: "UpshiftExecution", dependencies: ["UpshiftModel", "UpshiftPlanning", "UpshiftConfigEditor", .product(name: "Plot", package: "Plot")]),
        /** The durable SQLite journal (GRDB). */
        .target(name: "UpshiftJournalSQLite", dependencies: ["UpshiftExecution", "UpshiftModel", .product(name: "GRDB", package: "GRDB.swift")]),
        /** The OpenSSH transport: the system ssh client, one multiplexed connection per host. */
        .target(name: "UpshiftSSH", dependencies: ["UpshiftExecution", "UpshiftModel"]),
        /** The emulated RDO Havana cloud: command interpreter, durable state, sshd orchestration, workload probe. */
        .target(name: "UpshiftLab", dependencies: ["UpshiftExecution", "UpshiftModel", "UpshiftPlanning", "UpshiftConfigEditor", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams")]),
        /** The command-line interface (argument parsing, file I/O, output). */
        .target(
            name: "UpshiftCLI",
            dependencies: [
                "UpshiftModel", "UpshiftPlanning", "UpshiftImport", "UpshiftConfigEditor", "UpshiftExecution",
                "UpshiftJournalSQLite", "UpshiftSSH", "UpshiftLab",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("Packs"), .copy("Platforms")]
        ),
        /** The `upshift` executable: one file that runs the CLI. */
        .executableTarget(name: "upshift", dependencies: ["UpshiftCLI"]),

        /** Helpers shared by the test targets (golden files, JSON-schema check, fixtures); only test targets depend on it. */
        .target(name: "UpshiftTestSupport", dependencies: ["UpshiftExecution", "UpshiftPlanning", "UpshiftModel"], path: "Tests/UpshiftTestSupport"),

        .testTarget(name: "UpshiftPlanningTests", dependencies: [
            "UpshiftTestSupport", "UpshiftPlanning", "UpshiftImport", "UpshiftModel", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Golden"]),
        .testTarget(name: "UpshiftConfigEditorTests", dependencies: [
            "UpshiftTestSupport", "UpshiftConfigEditor", "UpshiftModel", "UpshiftPlanning", .product(name: "PropertyBased", package: "swift-property-based"),
        ], exclude: ["Golden"]),
        .testTarget(name: "UpshiftExecutionTests", dependencies: [
            "UpshiftTestSupport", "UpshiftExecution", "UpshiftJournalSQLite", "UpshiftLab", "UpshiftPlanning", "UpshiftImport", "UpshiftModel",
            .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "UpshiftLabTests", dependencies: ["UpshiftTestSupport", "UpshiftLab", "UpshiftSSH", "UpshiftExecution", "UpshiftModel", "UpshiftPlanning"]),
        .testTarget(name: "UpshiftCLITests", dependencies: ["UpshiftTestSupport", "UpshiftCLI", "UpshiftModel", "UpshiftPlanning", "UpshiftImport"], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "UpshiftReliabilityTests", dependencies: [
            "UpshiftTestSupport", "UpshiftCLI", "UpshiftLab", "UpshiftExecution", "UpshiftPlanning", "UpshiftImport", "UpshiftModel", "UpshiftSSH",
            "UpshiftConfigEditor", "UpshiftJournalSQLite",
        ], exclude: ["pty-drive.py"]),
    ]
)
