import ArgumentParser
import CoreDump

/// Where to find the binaries of the cores, and the frame limit: shared by every subcommand.
struct BinaryOptions: ParsableArguments {
    @Option(name: .customLong("exe"), help: ArgumentHelp("The main executable, when it is not at the path the core recorded.", valueName: "path"))
    var executable: String?

    @Option(help: ArgumentHelp("A directory prefixed to every module path (a copy of the production root file system).", valueName: "dir"))
    var sysroot: String?

    @Option(name: .customLong("debug-dir"), help: ArgumentHelp("A directory with a .build-id/xx/rest.debug tree of debug files.", valueName: "dir"))
    var debugDirectory: String?

    @Option(name: .customLong("max-frames"), help: "The most frames shown per thread.")
    var maxFrames: Int = 1024

    @Option(name: .customLong("perf-map"), help: ArgumentHelp(
        "A JIT perf map (the process's /tmp/perf-PID.map, copied from its host) naming JIT-compiled frames, for a core that carries none.",
        valueName: "file"))
    var perfMap: String?

    func validate() throws {
        guard maxFrames > 0 else { throw ValidationError("--max-frames must be at least 1") }
    }

    /// The reader's options.
    var readOptions: CoreReadOptions {
        CoreReadOptions(
            executablePath: executable, sysroot: sysroot, debugDirectory: debugDirectory,
            maxFramesPerThread: maxFrames, perfMapPath: perfMap)
    }
}
