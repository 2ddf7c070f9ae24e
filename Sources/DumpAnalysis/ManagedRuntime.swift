import DumpModel

/// A language runtime in the process whose own stacks and objects a native stack does not
/// show (JIT-compiled methods, interpreter frames, goroutines, managed heaps): how many of its
/// frames the runtime readers (`RuntimeStacks`) put into the stacks, and the runtime's own tool
/// for what they do not read.
public struct ManagedRuntime: Equatable, Hashable, Sendable {
    /// The runtime's name: `.NET`, `Java HotSpot`, `CPython`, `Node.js`, `Go`, `Mono`, `Ruby`.
    public var name: String
    /// The file name of the module it was recognised by (`libcoreclr.so`, `libpython3.11.so.1.0`;
    /// for Go, the executable).
    public var module: String
    /// The tool to use on the core for what this report does not read, and its commands.
    public var toolRecommendation: String
    /// The kinds of frame its readers produce (``FrameRuntime/python`` for CPython,
    /// ``FrameRuntime/java`` and ``FrameRuntime/jit`` for HotSpot).
    public var frameRuntimes: Set<FrameRuntime>
    /// How many threads show at least one of its frames.
    public var threadsRead: Int
    /// How many of its frames the stacks show.
    public var framesRead: Int
    /// How many goroutines were read (Go only; ``DumpModel/Process/goroutines``).
    public var goroutinesRead: Int

    public init(
        name: String, module: String, toolRecommendation: String, frameRuntimes: Set<FrameRuntime> = [],
        threadsRead: Int = 0, framesRead: Int = 0, goroutinesRead: Int = 0
    ) {
        self.name = name
        self.module = module
        self.toolRecommendation = toolRecommendation
        self.frameRuntimes = frameRuntimes
        self.threadsRead = threadsRead
        self.framesRead = framesRead
        self.goroutinesRead = goroutinesRead
    }

    /// Whether the stacks show any of its frames, or its goroutines were read.
    public var wasRead: Bool { framesRead > 0 || goroutinesRead > 0 }

    /// The runtimes `process` has, once each, in the order of the modules that name them, then
    /// those only their frames or goroutines show (Go, linked into the executable).
    ///
    /// A runtime is recognised by a module's file name (``Module/shortName``) or, for a runtime
    /// linked into executables of any name, by its frames: a runtime linked statically into an
    /// executable with another name and no frames read (an embedded Python, a single-file
    /// .NET app) is not seen.
    ///
    /// - Complexity: linear in modules and frames.
    public static func detect(in process: Process) -> [ManagedRuntime] {
        // The kinds of frame each thread shows, once per thread.
        var framesByRuntime: [FrameRuntime: Int] = [:]
        var runtimesByThread: [Set<FrameRuntime>] = []
        for thread in process.threads {
            var seen: Set<FrameRuntime> = []
            for frame in thread.frames where frame.runtime != .native {
                framesByRuntime[frame.runtime, default: 0] += 1
                seen.insert(frame.runtime)
            }
            if !seen.isEmpty { runtimesByThread.append(seen) }
        }
        func recognised(_ kind: Kind, module: String) -> ManagedRuntime {
            ManagedRuntime(
                name: kind.name, module: module, toolRecommendation: kind.tool, frameRuntimes: kind.frames,
                threadsRead: runtimesByThread.filter { !$0.isDisjoint(with: kind.frames) }.count,
                framesRead: kind.frames.reduce(0) { $0 + (framesByRuntime[$1] ?? 0) },
                goroutinesRead: kind.frames.contains(.go) ? process.goroutines.count : 0)
        }
        var runtimes: [ManagedRuntime] = []
        for module in process.modules {
            let fileName = module.shortName
            guard let kind = kinds.first(where: { $0.matches(fileName) }),
                  !runtimes.contains(where: { $0.name == kind.name })
            else { continue }
            runtimes.append(recognised(kind, module: fileName))
        }
        // The executable is the module holding the entry point (`AT_ENTRY`, type 9).
        let entry = process.auxiliaryVector.first { $0.type == 9 }?.value
        let executable = entry.flatMap { entry in process.modules.first { $0.startAddress <= entry && entry < $0.endAddress } }?.shortName ?? ""
        for kind in kinds where kind.recognisedByFrames && !runtimes.contains(where: { $0.name == kind.name })
            && (kind.frames.contains(where: { framesByRuntime[$0] != nil }) || (kind.frames.contains(.go) && !process.goroutines.isEmpty)) {
            runtimes.append(recognised(kind, module: executable))
        }
        return runtimes
    }

    /// A runtime and how its modules are named.
    private struct Kind: Sendable {
        var name: String
        var tool: String
        var frames: Set<FrameRuntime> = []
        /// Whether frames of ``frames`` alone make it present (a runtime linked into every
        /// executable).
        var recognisedByFrames = false
        var matches: @Sendable (String) -> Bool
    }

    private static let kinds: [Kind] = [
        Kind(name: ".NET", tool: "dotnet-dump analyze CORE, then SOS: clrstack, threadpool, syncblk", frames: [.jit]) {
            $0 == "libcoreclr.so"
        },
        Kind(name: "Java HotSpot", tool: "jhsdb jstack --core CORE --exe java", frames: [.java, .jit]) {
            $0 == "libjvm.so"
        },
        Kind(name: "CPython", tool: "py-spy dump --core CORE or pystack core CORE (locals: pystack core --locals)", frames: [.python]) {
            ($0.hasPrefix("libpython") && $0.contains(".so")) || isVersionedName($0, stem: "python")
        },
        Kind(name: "Node.js", tool: "llnode (lldb): v8 bt, v8 findjsobjects", frames: [.jit]) {
            $0.hasPrefix("libnode.so") || $0 == "node" || $0 == "nodejs"
        },
        Kind(name: "Go", tool: "dlv core EXE CORE: goroutines -t, goroutine N locals", frames: [.go], recognisedByFrames: true) { _ in
            false
        },
        Kind(name: "Mono", tool: "gdb with Mono's mono-sgen-gdb.py, or mono --debug on a live process") {
            $0.hasPrefix("libmono") && $0.contains(".so")
        },
        Kind(name: "Ruby", tool: "gdb") {
            ($0.hasPrefix("libruby") && $0.contains(".so")) || isVersionedName($0, stem: "ruby")
        },
    ]

    /// `python`, `python3`, `python3.11`, `python3.13t`: the stem, then digits, dots and
    /// ABI flags only.
    private static func isVersionedName(_ fileName: String, stem: String) -> Bool {
        guard fileName.hasPrefix(stem) else { return false }
        return fileName.dropFirst(stem.count).allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || "dmut".contains($0)) }
    }
}
