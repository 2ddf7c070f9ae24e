/// How to find the files a core refers to, and how much to read.
public struct CoreReadOptions: Sendable {
    /// The main executable, when it is not at the path the core recorded (`--exe`).
    public var executablePath: String?
    /// A directory to prefix to every module path, e.g. a copy of the production machine's
    /// root file system (`--sysroot`).
    public var sysroot: String?
    /// A directory with a `.build-id/xx/rest.debug` tree of separate debug files (`--debug-dir`).
    public var debugDirectory: String?
    /// The most machine frames kept per thread; deeper stacks (runaway recursion) are cut.
    public var maxFramesPerThread: Int
    /// The most machine frames kept over all threads, so that a core of many deep stacks
    /// finishes in bounded time and memory; see ``CoreReadLimits/defaultFrameBudget``.
    public var frameBudget: Int
    /// A JIT perf map to name the frames in JIT-compiled code with, when the core carries
    /// none of its own (`--perf-map`): the process's `/tmp/perf-PID.map` copied from its host.
    public var perfMapPath: String?
    /// Whether `/tmp/perf-PID.map` on this host names JIT frames when the core carries no map
    /// and none is given. Off for `analyze-dump handle`: the PID is the crashed process's own
    /// (another namespace's, for a container) and any local user can create that file.
    public var readsHostPerfMap: Bool
    /// Whether the crash report may quote source files (the DWARF path of the crashing line),
    /// and the directories searched for them first (`--source-dir`); nil reads none. Off for
    /// `analyze-dump handle`, which runs as root on any user's crash: a hostile program's
    /// DWARF could name a file only root may read.
    public var sourceDirectories: [String]?

    public init(
        executablePath: String? = nil, sysroot: String? = nil, debugDirectory: String? = nil,
        maxFramesPerThread: Int = 1024, frameBudget: Int = CoreReadLimits.defaultFrameBudget,
        perfMapPath: String? = nil, readsHostPerfMap: Bool = true, sourceDirectories: [String]? = nil
    ) {
        self.executablePath = executablePath
        self.sysroot = sysroot
        self.debugDirectory = debugDirectory
        self.maxFramesPerThread = maxFramesPerThread
        self.frameBudget = frameBudget
        self.perfMapPath = perfMapPath
        self.readsHostPerfMap = readsHostPerfMap
        self.sourceDirectories = sourceDirectories
    }
}

/// A step of reading a core, for progress display.
public enum CoreReadProgress: Sendable {
    /// Modules are being located and their symbols loaded.
    case loadingModules
    /// `done` of `total` threads have been unwound and symbolized.
    case unwinding(done: Int, total: Int)
}
