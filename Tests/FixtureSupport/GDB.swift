import Foundation

/// gdb in batch mode on a core, for the interop tests.
public enum GDB {
    /// Runs `gdb -nx -batch` with each of `commands` (`-ex`) on `executable` and `core`.
    public static func run(_ commands: [String], executable: String, core: String) throws -> Command.Result {
        try Command.capture("/usr/bin/env", ["gdb", "-nx", "-batch"] + commands.flatMap { ["-ex", $0] } + [executable, core])
    }

    /// The distinct warnings gdb printed (lines holding `warning:`, on either stream), each
    /// with its runs of digits replaced by `N`: gdb warns once per thread with the thread's
    /// TID (``Section `.reg-xstate/4242' in core file too small``), and two cores of one
    /// program differ in TIDs, not in kind.
    public static func warnings(in result: Command.Result) -> Set<String> {
        let lines = (result.standardOutput + "\n" + result.standardError).split(separator: "\n")
        return Set(lines.filter { $0.contains("warning:") }.map { String($0).replacing(/[0-9]+/, with: "N") })
    }
}
