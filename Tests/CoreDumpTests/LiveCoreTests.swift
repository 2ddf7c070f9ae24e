import Foundation
import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// Cores written now, on this machine, of a dynamically linked program: one by the kernel,
/// one by gdb's gcore. They must symbolize through the system's shared libraries.
@Suite(.serialized) struct LiveCoreTests {
    @Test(.disabled(if: KernelCore.unavailableReason != nil, Comment(rawValue: KernelCore.unavailableReason ?? "")))
    func kernelCoreOfDynamicProgramSymbolizesThroughSharedLibraries() throws {
        let scenario = try LiveScenario(directoryName: "live-kernel")
        let corePath = try KernelCore.write(of: scenario.directory + "/live-wait", arguments: ["crash"], in: scenario.directory)
        let process = try CoreReader.read(path: corePath).process

        #expect(process.producer == .kernel)
        #expect(process.threads.count == 4)
        #expect(process.isComplete, "\(process.diagnostics)")
        #expect(process.signal?.name == "SIGABRT")
        let main = try #require(process.mainThread)
        #expect(process.signalledThreadTID == main.tid)
        let mainFrames = main.frames.compactMap(\.function)
        // With libc6-dbg installed DWARF names it glibc's internal alias, as eu-stack and gdb do.
        let abortIndex = try #require(mainFrames.firstIndex { $0 == "abort" || $0 == "__GI_abort" })
        #expect(mainFrames[abortIndex + 1] == "main")
        let mainFrame = try #require(main.frames.first { $0.function == "main" })
        #expect(mainFrame.source?.line == scenario.line(containing: "abort();"))
        try scenario.expectListeners(in: process)
    }

    @Test func gcoreOfDynamicProgramSymbolizesAndHasNoCPUTimes() throws {
        let scenario = try LiveScenario(directoryName: "live-gcore")
        let running = try ReadyProgram(scenario.directory + "/live-wait")
        defer { running.kill() }
        try Command.run("/usr/bin/env", ["gcore", "-o", scenario.directory + "/gcore", String(running.processIdentifier)])
        let process = try CoreReader.read(path: scenario.directory + "/gcore.\(running.processIdentifier)").process

        #expect(process.producer == .tool)
        #expect(!process.hasCPUAccounting)
        #expect(process.diagnostics.contains { $0.severity == .note && $0.message.hasPrefix("the core records no CPU time") })
        #expect(process.threads.count == 4)
        #expect(process.pid == running.processIdentifier)
        try scenario.expectListeners(in: process)
    }
}

/// `Fixtures/scenarios/live-wait.c`, compiled dynamically into a fresh directory.
private struct LiveScenario {
    let directory: String
    let sourceLines: [String]

    init(directoryName: String) throws {
        directory = try ScenarioProgram("live-wait", directoryName: directoryName).directory
        let source = Fixture.fixturesRoot.appendingPathComponent("scenarios/live-wait.c").path
        sourceLines = try String(contentsOfFile: source, encoding: .utf8).components(separatedBy: "\n")
    }

    /// The 1-based number of the first source line containing `text`.
    func line(containing text: String) -> Int? {
        sourceLines.firstIndex { $0.contains(text) }.map { $0 + 1 }
    }

    /// The three listener threads wait in `wait_for_shutdown`, called from
    /// `shutdown_listener`, inside libc's `pthread_cond_wait`, which is symbolized from libc.
    func expectListeners(in process: DumpModel.Process) throws {
        let listeners = process.threads.filter { $0.frames.contains { $0.function == "wait_for_shutdown" } }
        #expect(listeners.count == 3)
        let waitLine = line(containing: "pthread_cond_wait(&shutdown_requested")
        for thread in listeners {
            let names = thread.frames.compactMap(\.function)
            let index = try #require(names.firstIndex(of: "wait_for_shutdown"))
            #expect(names[index + 1] == "shutdown_listener")
            let waiting = try #require(thread.frames.first { $0.function == "wait_for_shutdown" })
            #expect(waiting.source?.line == waitLine)
            #expect(waiting.source?.file.hasSuffix("live-wait.c") == true)
            let libcFrame = try #require(thread.frames.first { $0.function?.contains("pthread_cond_wait") == true })
            #expect(process.module(of: libcFrame)?.shortName == "libc.so.6")
        }
        let libc = try #require(process.modules.first { $0.shortName == "libc.so.6" })
        #expect(libc.symbolStatus == .symbolsOnly || libc.symbolStatus == .debugInfo)
        #expect(libc.buildID?.count == 40)
    }
}
