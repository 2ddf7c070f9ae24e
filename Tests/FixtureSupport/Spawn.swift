import Foundation
import Glibc

/// Programs started with `posix_spawn` and reaped with `waitpid`, for tests that start servers.
///
/// Foundation's `Process.waitUntilExit` missed the end of `runuser` starting a PostgreSQL
/// server (the child was left a zombie and the test hung); a blocking `waitpid` on the child's
/// own pid cannot miss it.
public enum Spawn {
    /// Runs `executable` to its end, its standard input from /dev/null, and returns what it
    /// printed on standard output and error (through a file in `directory`).
    /// - Throws: ``Command/Failure`` when it cannot start or exits with a status other than 0.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], outputIn directory: String) throws -> String {
        let outputPath = directory + "/spawn-output-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(outputPath) }
        let pid = try start(executable, arguments, input: nil, output: outputPath)
        let status = wait(for: pid)
        let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
        guard status == 0 else {
            throw Command.Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited with status \(status): \(output)")
        }
        return output
    }

    /// Starts `executable` with its standard input from the descriptor `input` (or /dev/null)
    /// and its standard output and error into the file at `output`, and returns its pid: the
    /// caller reaps it with ``wait(for:)``.
    public static func start(_ executable: String, _ arguments: [String], input: Int32?, output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let input {
            posix_spawn_file_actions_adddup2(&actions, input, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of the test runner's: a server that kept a descriptor another test is
        // writing a script through would make that script's exec fail (ETXTBSY) for its life.
        if let closeFrom = closeFrom { _ = closeFrom(&actions, 3) }
        // The test runner blocks SIGTERM; a server started from it must not inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let error = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard error == 0 else { throw Command.Failure(description: "cannot start \(executable): \(String(cString: strerror(error)))") }
        return pid
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34 and later), which Swift's Glibc
    /// module does not declare (looked up in the default scope, RTLD_DEFAULT); nil before 2.34.
    private static let closeFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// Reaps `pid` and returns its exit status, 128 + the signal that ended it, or -1 when it
    /// is not a child.
    public static func wait(for pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }
}
