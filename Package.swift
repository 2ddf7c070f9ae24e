// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "analyze-dump",
    products: [
        .executable(name: "analyze-dump", targets: ["analyze-dump"]),
        // For the libFuzzer package under Fuzz/ (docs/fuzzing.md), which depends on this one
        // by path; not an API.
        .library(name: "AnalyzeDumpLibraries", targets: ["DumpModel", "RuntimeStacks", "CoreDump", "DumpAnalysis", "DumpReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CElfUtils",
            pkgConfig: "libdw",
            providers: [.apt(["libdw-dev", "libelf-dev", "libzstd-dev"])]
        ),
        // Capstone, which disassembles the instruction at a crash (CoreDump only): elfutils'
        // libasm needs an Ebl backend that only its static, private libebl provides.
        .systemLibrary(name: "CCapstone", pkgConfig: "capstone", providers: [.apt(["libcapstone-dev"])]),
        // CPUID, for the XSAVE layout of captured cores (CoreCapture only).
        .systemLibrary(name: "CCPUID"),
        // Defines `open` and `pread` for the whole executable: see Sources/CFileGuard/FileGuard.c.
        .target(name: "CFileGuard"),
        .target(name: "DumpModel"),
        // Managed runtimes' own stacks (Python, Go, the JVM, JIT perf maps), read over a
        // ProcessImage and merged into the model by CoreDump.
        .target(name: "RuntimeStacks", dependencies: ["DumpModel"]),
        .target(name: "CoreDump", dependencies: ["CCapstone", "CElfUtils", "CFileGuard", "DumpModel", "RuntimeStacks"]),
        .target(name: "DumpAnalysis", dependencies: ["DumpModel"]),
        .target(name: "DumpReport", dependencies: ["DumpModel", "DumpAnalysis"]),
        .target(name: "CoreCapture", dependencies: ["CCPUID", "DumpModel"]),
        // The triage database (SQLite through libsqlite3, PostgreSQL through libpq): one store
        // protocol, its schema and migrations; no analysis inside.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", providers: [.apt(["libpq-dev"])]),
        .target(name: "CrashStore", dependencies: ["CSQLite", "CPostgres"]),
        // `analyze-dump handle`, the core_pattern pipe handler: the spool, zstd streaming
        // compression, the metadata note, limits (docs/pipeline.md).
        .target(name: "CCoreIntake", linkerSettings: [.linkedLibrary("zstd")]),
        .target(name: "CoreIntake", dependencies: ["CCoreIntake", "DumpModel"]),
        // `analyze-dump triage`: finds cores, analyses each in a child of this binary, groups
        // the results in the CrashStore. CTriageShim holds its fork-and-exec and the xattr header in C.
        .target(name: "CTriageShim"),
        .target(name: "CoreTriage", dependencies: ["CTriageShim", "CrashStore", "DumpModel", "DumpReport"]),
        .executableTarget(
            name: "analyze-dump",
            dependencies: [
                "CoreDump", "CoreCapture", "CoreIntake", "CoreTriage", "CrashStore", "DumpModel", "DumpAnalysis", "DumpReport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "FixtureSupport", path: "Tests/FixtureSupport"),
        // The structured mutator over the fixture cores and the harness that runs mutated cores
        // through the built binary (docs/fuzzing.md); `core-mutate` is its command line.
        .target(name: "CoreMutator", dependencies: ["FixtureSupport"], path: "Tests/CoreMutator"),
        .executableTarget(
            name: "core-mutate",
            dependencies: ["CoreMutator", "FixtureSupport", "contained-run", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Tests/core-mutate"),
        .executableTarget(name: "contained-run", path: "Tests/contained-run"),
        .testTarget(name: "DumpModelTests", dependencies: ["DumpModel"]),
        .testTarget(name: "RuntimeStacksTests", dependencies: ["RuntimeStacks", "DumpModel"]),
        .testTarget(name: "CoreDumpTests", dependencies: ["CoreDump", "DumpModel", "FixtureSupport"]),
        .testTarget(name: "DumpAnalysisTests", dependencies: ["DumpAnalysis", "DumpModel", "CoreDump", "FixtureSupport"]),
        .testTarget(name: "DumpReportTests", dependencies: ["DumpReport", "DumpAnalysis", "DumpModel"]),
        .testTarget(name: "CoreCaptureTests", dependencies: ["CoreCapture", "CoreDump", "DumpModel", "FixtureSupport"]),
        .testTarget(name: "CrashStoreTests", dependencies: ["CrashStore", "FixtureSupport"]),
        .testTarget(name: "CoreIntakeTests", dependencies: ["CoreIntake", "DumpModel", "FixtureSupport"]),
        .testTarget(name: "CoreTriageTests", dependencies: ["CoreTriage", "CrashStore", "DumpReport", "FixtureSupport"]),
        .testTarget(name: "CLITests", dependencies: ["analyze-dump", "CoreDump", "DumpModel", "FixtureSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "FuzzTests", dependencies: ["analyze-dump", "contained-run", "CoreMutator", "FixtureSupport"]),
    ]
)
