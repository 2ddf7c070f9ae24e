import Foundation
import Testing
import CoreCapture
import CoreDump
import DumpModel
import FixtureSupport

/// A capture of a running scenario program against the kernel's own core of the same program
/// on this machine: the XSAVE notes are the kernel's, byte for byte, and gdb warns of the
/// capture only what it also warns of the kernel's core. gdb before 14 guesses the XSAVE
/// layout and warns of the kernel's own cores on AMD Zen 3 and later (``Section
/// `.reg-xstate/N' in core file too small``): a limit of gdb there, not of the capture.
@Suite(.serialized, .disabled(if: KernelCore.unavailableReason != nil, Comment(rawValue: KernelCore.unavailableReason ?? "")))
struct KernelCoreComparisonTests {
    static let extendedStateType: UInt32 = 0x202
    static let xsaveLayoutType: UInt32 = 0x205

    @Test func xsaveNotesAreTheKernels() throws {
        let (_, kernelPath, capturedPath) = try Self.cores(directoryName: "capture-xsave-notes")
        let kernel = try CoreFileNotes(path: kernelPath).notes
        let captured = try CoreFileNotes(path: capturedPath).notes

        let kernelStates = kernel.filter { $0.type == Self.extendedStateType }
        let capturedStates = captured.filter { $0.type == Self.extendedStateType }
        #expect(kernelStates.count == 4)
        #expect(capturedStates.map(\.name) == kernelStates.map(\.name))
        #expect(capturedStates.map(\.descriptor.count) == kernelStates.map(\.descriptor.count))

        let kernelLayout = kernel.filter { $0.type == Self.xsaveLayoutType }
        let capturedLayout = captured.filter { $0.type == Self.xsaveLayoutType }
        #expect(kernelLayout.count <= 1)
        #expect(capturedLayout.map(\.name) == kernelLayout.map(\.name))
        #expect(capturedLayout.map(\.descriptor) == kernelLayout.map(\.descriptor))
        if !kernelLayout.isEmpty {
            // The kernel's comes after every thread's notes; ours follows it.
            #expect(kernel.last?.type == Self.xsaveLayoutType)
            #expect(captured.dropLast().last?.type == Self.xsaveLayoutType)
            #expect(captured.last?.name == CaptureNote.noteName)
        }
        let hex = { (notes: [CoreFileNotes.Note]) in notes.map { $0.descriptor.map { String(format: "%02x", $0) }.joined() } }
        print("""
            NT_X86_XSTATE: kernel \(kernelStates.map(\.descriptor.count)) bytes, captured \(capturedStates.map(\.descriptor.count)); \
            NT_X86_XSAVE_LAYOUT: kernel \(hex(kernelLayout)), captured \(hex(capturedLayout))
            """)

        // Our reader skips the layout note as any note it does not use: no warning (a note may
        // say that the idle threads used no CPU time).
        let process = try CoreReader.read(path: capturedPath).process
        #expect(process.diagnostics.allSatisfy { $0.severity == .note }, "\(process.diagnostics)")
        #expect(process.threads.count == 4)
    }

    @Test func gdbWarnsOfTheCaptureOnlyWhatItWarnsOfTheKernelsCore() throws {
        let (program, kernelPath, capturedPath) = try Self.cores(directoryName: "capture-gdb-warnings")

        let commands = ["info threads", "thread apply all bt"]
        let kernel = try GDB.run(commands, executable: program.executable, core: kernelPath)
        let captured = try GDB.run(commands, executable: program.executable, core: capturedPath)
        #expect(kernel.status == 0 && captured.status == 0)
        #expect(captured.standardOutput.components(separatedBy: "wait_for_shutdown").count - 1 == 3)
        let unexplained = GDB.warnings(in: captured).subtracting(GDB.warnings(in: kernel))
        #expect(unexplained.isEmpty, "gdb warns of the capture only: \(unexplained.sorted())")
        print("gdb warnings: kernel's core \(GDB.warnings(in: kernel).sorted()), captured \(GDB.warnings(in: captured).sorted())")
    }

    /// live-wait built into the scratch directory `directoryName`, the kernel's core of it (run
    /// with `crash`: abort once its threads wait) and our capture of it running.
    private static func cores(directoryName: String) throws -> (program: ScenarioProgram, kernel: String, captured: String) {
        let program = try ScenarioProgram("live-wait", directoryName: directoryName)
        let kernelPath = try KernelCore.write(of: program.executable, arguments: ["crash"], in: program.directory)
        let running = try CapturableProgram(program.executable)
        defer { running.kill() }
        let capturedPath = program.directory + "/captured.core"
        _ = try CoreCapturer.capture(pid: running.processIdentifier, to: capturedPath, trigger: "test: \(directoryName)")
        return (program, kernelPath, capturedPath)
    }
}
