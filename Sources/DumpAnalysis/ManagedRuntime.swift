import DumpModel

/// A language runtime loaded in the process whose own stacks and objects a native stack does
/// not show (JIT-compiled methods, interpreter frames, managed heaps), and the tool that reads
/// them from a core: the analysis says when the report should be read alongside another.
public struct ManagedRuntime: Equatable, Hashable, Sendable {
    /// The runtime's name: `.NET`, `Java HotSpot`, `CPython`, `Node.js`, `Mono`, `Ruby`.
    public var name: String
    /// The file name of the module it was recognised by (`libcoreclr.so`, `libpython3.11.so.1.0`).
    public var module: String
    /// The tool to use on the core, and its commands.
    public var toolRecommendation: String

    public init(name: String, module: String, toolRecommendation: String) {
        self.name = name
        self.module = module
        self.toolRecommendation = toolRecommendation
    }

    /// The runtimes `process` has loaded, once each, in the order of the modules that name
    /// them.
    ///
    /// A runtime is recognised by a module's file name (``Module/shortName``) only: a runtime
    /// linked statically into an executable with another name (an embedded Python, a
    /// single-file .NET app) is not seen.
    public static func detect(in process: Process) -> [ManagedRuntime] {
        var runtimes: [ManagedRuntime] = []
        for module in process.modules {
            let fileName = module.shortName
            guard let kind = kinds.first(where: { $0.matches(fileName) }),
                  !runtimes.contains(where: { $0.name == kind.name })
            else { continue }
            runtimes.append(ManagedRuntime(name: kind.name, module: fileName, toolRecommendation: kind.tool))
        }
        return runtimes
    }

    /// A runtime and how its modules are named.
    private struct Kind: Sendable {
        var name: String
        var tool: String
        var matches: @Sendable (String) -> Bool
    }

    private static let kinds: [Kind] = [
        Kind(name: ".NET", tool: "dotnet-dump analyze CORE, then SOS: clrstack, threadpool, syncblk") {
            $0 == "libcoreclr.so"
        },
        Kind(name: "Java HotSpot", tool: "jhsdb jstack --core CORE --exe java") {
            $0 == "libjvm.so"
        },
        Kind(name: "CPython", tool: "gdb with python3-dbg's py-bt, or py-spy dump on a live process") {
            ($0.hasPrefix("libpython") && $0.contains(".so")) || isVersionedName($0, stem: "python")
        },
        Kind(name: "Node.js", tool: "llnode (lldb): v8 bt, v8 findjsobjects") {
            $0.hasPrefix("libnode.so") || $0 == "node" || $0 == "nodejs"
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
