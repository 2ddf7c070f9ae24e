// swift-tools-version: 6.0
import PackageDescription

// libFuzzer targets over analyze-dump's reader (docs/fuzzing.md). A package of its own, so
// that `swift build` and `swift test` of analyze-dump never see the fuzzer flags; build it
// with `scripts/fuzz`, which passes `-sanitize=fuzzer,address -parse-as-library`.

let package = Package(
    name: "analyze-dump-fuzz",
    dependencies: [
        // `analyze-dump` is a symbolic link to `..`: SwiftPM names a path dependency after
        // the last component of its path, and the checkout's own directory may have any name
        // (even this package's).
        .package(path: "analyze-dump"),
    ],
    targets: [
        // Bytes of a PT_NOTE segment through the note walk and every note decoder, in memory.
        .executableTarget(
            name: "fuzz-notes",
            dependencies: [.product(name: "AnalyzeDumpLibraries", package: "analyze-dump")]),
        // Bytes of a core file through the reader, every analysis and the three renderers.
        .executableTarget(
            name: "fuzz-pipeline",
            dependencies: [.product(name: "AnalyzeDumpLibraries", package: "analyze-dump")]),
    ]
)
