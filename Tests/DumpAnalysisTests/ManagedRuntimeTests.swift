import Testing
import DumpAnalysis
import DumpModel

/// Runtime detection on processes built in code.
@Suite struct ManagedRuntimeTests {
    private func process(executable: String = "/usr/bin/app", libraries: [String]) -> Process {
        let modules = ([executable] + libraries).enumerated().map { index, path in
            Module(
                name: path, startAddress: 0x400000 + UInt64(index) * 0x100000, endAddress: 0x4ff000 + UInt64(index) * 0x100000,
                buildID: nil, filePath: nil, debugFilePath: nil, symbolStatus: .symbolsOnly)
        }
        return Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [], modules: modules, mappedFiles: [], auxiliaryVector: [], diagnostics: [])
    }

    private let libc = "/usr/lib/x86_64-linux-gnu/libc.so.6"

    @Test func javaIsRecognisedByLibjvm() {
        let java = process(
            executable: "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
            libraries: ["/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so", libc])
        #expect(ManagedRuntime.detect(in: java) == [
            ManagedRuntime(
                name: "Java HotSpot", module: "libjvm.so", toolRecommendation: "jhsdb jstack --core CORE --exe java",
                frameRuntimes: [.java, .jit]),
        ])
    }

    @Test func dotNetIsRecognisedByLibcoreclrOnly() {
        let dotnet = process(executable: "/usr/share/dotnet/dotnet", libraries: [
            "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/libcoreclr.so",
            "/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/libcoreclrtraceptprovider.so", libc,
        ])
        let runtimes = ManagedRuntime.detect(in: dotnet)
        #expect(runtimes.map(\.name) == [".NET"])
        #expect(runtimes.first?.module == "libcoreclr.so")
        #expect(runtimes.first?.toolRecommendation.hasPrefix("dotnet-dump analyze") == true)
    }

    @Test func pythonIsRecognisedOnceByLibraryOrExecutable() {
        let embedded = process(libraries: ["/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", libc])
        #expect(ManagedRuntime.detect(in: embedded).map(\.module) == ["libpython3.11.so.1.0"])
        #expect(ManagedRuntime.detect(in: embedded).map(\.name) == ["CPython"])
        let interpreter = process(executable: "/usr/bin/python3.11", libraries: ["/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"])
        #expect(ManagedRuntime.detect(in: interpreter).map(\.module) == ["python3.11"])
    }

    @Test func nodeMonoAndRubyAreRecognised() {
        #expect(ManagedRuntime.detect(in: process(executable: "/usr/bin/node", libraries: [libc])).map(\.name) == ["Node.js"])
        #expect(ManagedRuntime.detect(in: process(libraries: ["/usr/lib/libmonosgen-2.0.so.1"])).map(\.name) == ["Mono"])
        #expect(ManagedRuntime.detect(in: process(libraries: ["/usr/lib/x86_64-linux-gnu/libruby-3.1.so.3.1"])).map(\.name) == ["Ruby"])
    }

    /// Frames the runtime readers put in the stacks are counted per runtime; Go, linked into
    /// executables of any name, is recognised by its frames alone.
    @Test func framesReadAreCountedAndGoIsRecognisedByItsFrames() {
        var go = process(executable: "/srv/orders", libraries: [])
        go.auxiliaryVector = [AuxiliaryVectorEntry(type: 9, value: 0x400100)]
        func frame(_ function: String, _ runtime: FrameRuntime) -> Frame {
            Frame(pc: 0x401000, kind: .call, trust: .runtime, symbol: FrameSymbol(function: function), runtime: runtime)
        }
        go.threads = [1, 2, 3].map { tid in
            Thread(
                tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0, recordedCPUTime: .zero,
                registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"), hasFloatingPointRegisters: false,
                frames: tid == 3 ? [] : [frame("main.work", .go), frame("runtime.goexit", .go)], unwindStatus: .complete)
        }
        let runtimes = ManagedRuntime.detect(in: go)
        #expect(runtimes.map(\.name) == ["Go"])
        #expect(runtimes.first?.module == "orders")
        #expect(runtimes.first?.threadsRead == 2)
        #expect(runtimes.first?.framesRead == 4)
        let finding = ProcessAnalysis.analyze(ProcessImage(process: go, memory: SyntheticProcess.Memory(), symbols: SyntheticProcess.Symbols()))
            .findings.first { $0.kind == .managedRuntime }
        #expect(finding?.title == "The process runs Go (orders): its Go frames are read for 2 of 3 threads")
        #expect(finding?.description == "4 frames of Go stand in the stacks where the native unwind shows the runtime's own code; thread states, locks, hot methods and the flame graph use them.")
        #expect(finding?.recommendation == "What this report does not read (objects, local variables) is in dlv core EXE CORE: goroutines -t, goroutine N locals.")
    }

    /// A Go process whose threads run no goroutine still has its goroutines read: the finding
    /// counts them.
    @Test func goroutinesReadAreCountedWithoutGoFramesOnThreads() {
        var go = process(executable: "/srv/orders", libraries: [])
        go.auxiliaryVector = [AuxiliaryVectorEntry(type: 9, value: 0x400100)]
        let frame = Frame(pc: 0x401000, kind: .call, trust: .framePointer, symbol: FrameSymbol(function: "main.worker"), runtime: .go)
        go.goroutines = (1...3).map { Goroutine(id: $0, status: .waiting, waitReason: "chan receive", frames: [frame]) }
        let runtimes = ManagedRuntime.detect(in: go)
        #expect(runtimes.map(\.name) == ["Go"])
        #expect(runtimes.first?.goroutinesRead == 3)
        let finding = ProcessAnalysis.analyze(ProcessImage(process: go, memory: SyntheticProcess.Memory(), symbols: SyntheticProcess.Symbols()))
            .findings.first { $0.kind == .managedRuntime }
        #expect(finding?.title == "The process runs Go (orders): its 3 goroutines are read, with their stacks")
    }

    @Test func aRuntimeWhoseFramesWereNotReadSaysSo() {
        let python = process(executable: "/usr/bin/python3.11", libraries: [libc])
        let finding = ProcessAnalysis.analyze(ProcessImage(process: python, memory: SyntheticProcess.Memory(), symbols: SyntheticProcess.Symbols()))
            .findings.first { $0.kind == .managedRuntime }
        #expect(finding?.title == "The process runs CPython (python3.11): its Python frames could not be read")
        #expect(finding?.recommendation == "Read the managed stacks with py-spy dump --core CORE or pystack core CORE (locals: pystack core --locals).")
    }

    @Test func plainCProcessHasNoRuntime() {
        let plain = process(executable: "/usr/sbin/nginx", libraries: [libc, "/usr/lib/x86_64-linux-gnu/libpcre2-8.so.0", "[vdso]"])
        #expect(ManagedRuntime.detect(in: plain).isEmpty)
    }
}
