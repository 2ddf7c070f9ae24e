import Foundation
import FixtureSupport

/// Runs `analyze-dump handle` with a core on its standard input, as the kernel would, in a
/// private spool and with a private log socket.
struct HandlerRun {
    /// A PID that no process has, for the `%P` of a fixture core.
    static let absentPID: Int32 = 2_147_483_000

    let directory: String
    let spool: String
    let log: LogReceiver

    /// A new directory `name` in the scratch directory, holding `spool` (not created: the
    /// handler creates it 0700) and the log socket.
    init(_ name: String) throws {
        directory = try Scratch.makeDirectory(named: name)
        spool = directory + "/spool"
        log = try LogReceiver(path: directory + "/log.sock")
    }

    /// Runs the handler on the file `core`, with `options` before the kernel's arguments.
    func run(
        core: String, options: [String] = [], pid: Int32 = absentPID, signal: Int32 = 11, time: Int64 = 1_700_000_000,
        command: String = "crasher"
    ) throws -> Command.Result {
        let arguments = ["handle", "--spool", spool, "--log-socket", log.path] + options
            + ["--", String(pid), String(pid), String(signal), String(time), "0", "0", "testhost", command]
        return try Command.capture("/bin/sh", ["-c", #"exec "$0" "$@" < "$CORE""#.replacingOccurrences(of: "$CORE", with: core), AnalyzeDumpBinary.path] + arguments)
    }

    /// The spool's file names, sorted, without the dot files.
    func storedFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: spool).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The log messages received so far.
    func messages() -> [String] {
        log.received().map(LogReceiver.message)
    }

    /// The spool name of a core of `command` run by uid 0 with `pid` at `time` (seconds).
    static func coreName(command: String = "crasher", pid: Int32 = absentPID, time: Int64 = 1_700_000_000) -> String {
        "core.\(command).0.\(bootID).\(pid).\(time)000000.zst"
    }

    static let bootID: String = {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        return text.replacingOccurrences(of: "-", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
    }()

    /// The file mode's permission bits.
    static func permissions(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int) ?? -1
    }

    /// The decompressed bytes of a stored core.
    static func decompressed(_ path: String) throws -> Data {
        let output = path + ".plain"
        try Command.run("/usr/bin/env", ["zstd", "-dqf", path, "-o", output])
        defer { try? FileManager.default.removeItem(atPath: output) }
        return try Data(contentsOf: URL(fileURLWithPath: output))
    }
}
