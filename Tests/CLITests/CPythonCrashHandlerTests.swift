import Foundation
import Testing
import FixtureSupport

/// CPython's faulthandler (a plain sa_handler: no siginfo) re-raises a NULL read with
/// `raise()`: the report infers the original fault from the signal frame's CPU trap, and
/// gdb, reading the same frame, is the oracle for the trap, the fault address and the
/// interrupted instruction.
@Suite struct CPythonCrashHandlerTests {
    private static let python = "/usr/bin/python3"
    private static let unavailableReason: String? = KernelCore.unavailableReason
        ?? (FileManager.default.isExecutableFile(atPath: python) ? nil : "\(python) is missing: run scripts/install-deps (python3)")

    @Test(.disabled(if: unavailableReason != nil, Comment(rawValue: unavailableReason ?? "")))
    func faulthandlerCrashIsTheNullReadItCaught() throws {
        let directory = try Scratch.makeDirectory(named: "cpython-faulthandler")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try Command.capture("/bin/sh", [
            "-c", "ulimit -c unlimited || exit 97; cd \"$1\" || exit 98; exec \(Self.python) -X faulthandler -c 'import ctypes; ctypes.string_at(0)' 2> stderr.txt",
            "python-crash", directory,
        ])
        let core = directory + "/core"
        let stderr = try String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)
        #expect(stderr.hasPrefix("Fatal Python error: Segmentation fault\n"), "\(stderr)")

        // gdb's view of the signal frame: the sigcontext at the trampoline's SP, and the
        // interrupted frame's PC.
        let gdb = try GDB.run([
            "frame function __restore_rt",
            "printf \"TRAPNO=%ld ERR=%ld CR2=0x%lx\\n\", *(long *)($sp + 40 + 8 * 20), *(long *)($sp + 40 + 8 * 19), *(long *)($sp + 40 + 8 * 22)",
            "up", "printf \"PC=0x%lx\\n\", $pc",
        ], executable: Self.python, core: core).standardOutput
        let trapLine = try #require(gdb.split(separator: "\n").first { $0.hasPrefix("TRAPNO=") }, "\(gdb)")
        #expect(trapLine == "TRAPNO=14 ERR=4 CR2=0x0") // a user-mode read of a page not present, at 0
        let pcLine = try #require(gdb.split(separator: "\n").first { $0.hasPrefix("PC=") }, "\(gdb)")
        let interruptedPC = String(pcLine.dropFirst(3))

        let result = try AnalyzeDumpBinary.run([core, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let crash = try #require(report["crash"] as? [String: Any])
        #expect(crash["signal"] as? String == "SIGSEGV")
        #expect(crash["code_name"] as? String == "SEGV_MAPERR")
        #expect(crash["fault_address"] as? String == "0x0")
        #expect(crash["kind"] as? String == "null-dereference")
        #expect(crash["instruction_pointer"] as? String == interruptedPC)
        let handler = try #require(crash["handler"] as? [String: Any])
        #expect(handler["evidence"] as? String == "trap")
        #expect(handler["access"] as? String == "read")
        #expect(handler["reraised_code_name"] as? String == "SI_TKILL")
        #expect((handler["frames"] as? [String])?.contains { $0.hasSuffix("raise") } == true)
        // The NULL pointer reached libc's strlen (its variant depends on the CPU).
        let threads = try #require(report["threads"] as? [[String: Any]])
        let crashed = try #require(threads.first { ($0["tid"] as? Int) == (crash["tid"] as? Int) })
        let frames = try #require(crashed["frames"] as? [[String: Any]])
        let faulting = try #require(frames.first { ($0["pc"] as? String) == interruptedPC })
        #expect((faulting["function"] as? String)?.hasPrefix("__strlen") == true, "\(faulting)")
    }
}
