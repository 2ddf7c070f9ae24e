import ArgumentParser
import CoreCapture
import Glibc

/// `analyze-dump capture --pid PID -o DIR`: writes a core of a live process at once, with every
/// thread's real CPU time and name (gcore writes neither), and prints its path.
struct CaptureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "capture",
        abstract: "Write a core of a running process now, with per-thread CPU times and names (x86_64).",
        discussion: """
            The process is stopped only while its registers and memory are read, and resumed \
            before the file is written; how long it was stopped is printed on stderr. The core \
            is named NAME_PID_now_UTCTIME.core and written whole or not at all. Triggers \
            (CPU, memory, thread count, signal) and series are not implemented yet.
            """)

    @Option(help: ArgumentHelp("The process to capture.", valueName: "pid"))
    var pid: Int32

    @Option(name: [.customShort("o"), .customLong("output")], help: ArgumentHelp("The directory the core is written to.", valueName: "dir"))
    var directory: String = "."

    @Flag(name: .customLong("skip-readonly-files"), help: "Leave out file-backed read-only mappings (code, read-only data), as gcore users ask for: a much smaller core.")
    var skipReadOnlyFiles = false

    func run() throws {
        let path = directory + "/" + Self.fileName(pid: pid)
        do {
            let result = try CoreCapturer.capture(
                pid: pid, to: path, options: CaptureOptions(skipFileBackedReadOnly: skipReadOnlyFiles), trigger: "now")
            let stopped = result.stoppedDuration.components
            let milliseconds = stopped.seconds * 1000 + stopped.attoseconds / 1_000_000_000_000_000
            StandardStream.error.write("analyze-dump: captured \(result.threadCount) threads of pid \(pid); the process was stopped for \(milliseconds) ms\n")
            CoreLoading.writeReport(result.path)
        } catch {
            CoreLoading.writeError(error.description)
            throw ExitStatus.fatal
        }
    }

    /// `NAME_PID_now_20261122T061500Z.core`, the name from /proc/PID/comm.
    private static func fileName(pid: Int32) -> String {
        var name = "process"
        if let file = fopen("/proc/\(pid)/comm", "r") {
            var buffer = [CChar](repeating: 0, count: 64)
            if fgets(&buffer, 64, file) != nil {
                name = String(cString: buffer).filter { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            }
            fclose(file)
        }
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var stamp = [CChar](repeating: 0, count: 32)
        _ = strftime(&stamp, 32, "%Y%m%dT%H%M%SZ", &parts)
        return "\(name.isEmpty ? "process" : name)_\(pid)_now_\(String(cString: stamp)).core"
    }
}
