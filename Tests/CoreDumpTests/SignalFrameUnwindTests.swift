import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// A signal trampoline without CFI (`Fixtures/scenarios/handler-no-cfi.c`, a kernel core
/// written now): libdwfl unwinds past it by the frame pointer and loses the interrupted
/// function, as eu-stack shows; the reader finds the trampoline by its code and unwinds the
/// interrupted stack from the signal frame's registers, which is what gdb shows after
/// `<signal handler called>`.
@Suite struct SignalFrameUnwindTests {
    @Test(.disabled(if: KernelCore.unavailableReason != nil, Comment(rawValue: KernelCore.unavailableReason ?? "")))
    func interruptedStackIsUnwoundFromTheSignalFrame() throws {
        let program = try ScenarioProgram("handler-no-cfi", directoryName: "handler-no-cfi")
        defer { try? FileManager.default.removeItem(atPath: program.directory) }
        let core = try KernelCore.write(of: program.executable, in: program.directory)
        let process = try CoreReader.read(path: core).process
        let thread = try #require(process.mainThread)
        let frame = try #require(thread.signalFrame)
        let functions = thread.frames.map { $0.function ?? "?" }

        // gdb: the frames after "<signal handler called>", from the sigcontext.
        let backtrace = try GDB.run(["bt"], executable: program.executable, core: core).standardOutput
            .split(separator: "\n").filter { $0.hasPrefix("#") }
        let handlerLine = try #require(backtrace.firstIndex { $0.contains("<signal handler called>") }, "\(backtrace)")
        let gdbInterrupted = backtrace[(handlerLine + 1)...].compactMap { line -> String? in
            let words = line.split(separator: " ")
            guard let inIndex = words.firstIndex(of: "in") else { return nil }
            return String(words[inIndex + 1])
        }
        #expect(gdbInterrupted.prefix(3) == ["store_counter", "apply_update", "main"])
        #expect(Array(functions[frame.interruptedIndex...].prefix(gdbInterrupted.count)) == gdbInterrupted)

        // eu-stack (libdwfl alone) skips store_counter.
        let euStack = try Command.capture("/usr/bin/env", ["eu-stack", "--core", core, "--executable", program.executable]).standardOutput
        #expect(!euStack.contains("store_counter"))
        #expect(euStack.contains("apply_update"))

        #expect(frame.isUnwoundFromContext)
        #expect(thread.frames[frame.interruptedIndex].trust == .context)
        #expect(thread.frames[frame.interruptedIndex].pc == frame.interruptedPC)
        #expect(thread.frames[frame.interruptedIndex].kind == .interrupted)
        #expect(frame.signal?.code == 1)
        #expect(frame.signal?.faultAddress == 0x18)
        #expect(thread.unwindStatus == .complete)
        let source = try String(contentsOfFile: Fixture.fixturesRoot.appendingPathComponent("scenarios/handler-no-cfi.c").path, encoding: .utf8)
        let faultLine = try #require(source.components(separatedBy: "\n").firstIndex { $0.contains("counter->value = value;") }) + 1
        #expect(thread.frames[frame.interruptedIndex].source?.line == faultLine)
    }
}
