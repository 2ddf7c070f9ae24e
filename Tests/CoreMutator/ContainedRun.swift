import Glibc

/// One run of a program under watch, through the `contained-run` launcher: in a session of
/// its own (no controlling terminal to block on), standard input an open pipe that never
/// delivers (as in a pipeline), no core dump, a virtual memory ceiling as a safety net,
/// killed after a time limit; its peak resident memory read from `wait4`'s `rusage` by the
/// launcher, a small process, so that the figure is the program's own (see
/// `Tests/contained-run/main.swift`).
public struct ContainedRun: Sendable {
    /// How the program ended.
    public enum Termination: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)
        /// Still running at the time limit: killed with SIGKILL.
        case timedOut
    }

    public var termination: Termination
    /// `ru_maxrss`, in bytes.
    public var peakResidentBytes: Int
    public var seconds: Double
    public var standardError: [UInt8]

    /// Why the program could not be started or watched.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs `executable` and waits at most `timeout` seconds.
    ///
    /// - Parameters:
    ///   - launcher: the `contained-run` binary.
    ///   - addressSpaceLimit: `ulimit -v`, in bytes: a run that tries to use more fails to
    ///     allocate instead of taking the machine's memory; 0 for none.
    ///   - scratch: a path prefix for the run's stderr and the launcher's result.
    public static func run(
        launcher: String, _ executable: String, _ arguments: [String], timeout: Double, addressSpaceLimit: Int,
        scratch: String
    ) throws(Failure) -> ContainedRun {
        let standardErrorPath = scratch + ".stderr", resultPath = scratch + ".result"
        unlink(resultPath)
        var input: [Int32] = [0, 0]
        guard pipe(&input) == 0 else { throw Failure(description: "pipe failed: \(String(cString: strerror(errno)))") }
        // Close-on-exec, so that runs started by other workers do not hold this pipe.
        for descriptor in input { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        defer { close(input[1]) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, standardErrorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Signals as a fresh process has them: the test runner's threads block and ignore some
        // (SIGALRM, which the launcher's time limit needs; SIGPIPE), and a child inherits both.
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigfillset(&signals)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Self.spawnSetSID | Self.spawnSetSignalMask | Self.spawnSetSignalDefaults)

        let argv = [launcher, resultPath, "\(timeout)", "\(addressSpaceLimit)", executable] + arguments
        var pid: pid_t = 0
        let spawned = withCStrings(argv) { argvPointers in
            withCStrings(environment()) { environmentPointers in
                posix_spawn(&pid, launcher, &actions, &attributes, argvPointers, environmentPointers)
            }
        }
        close(input[0])
        guard spawned == 0 else { throw Failure(description: "cannot start \(launcher): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid failed: \(String(cString: strerror(errno)))") }
        }
        let standardError = FileBytes.read(standardErrorPath, limit: 1 << 20)
        let fields = String(decoding: FileBytes.read(resultPath, limit: 200), as: UTF8.self).split(separator: " ")
        guard status == 0, fields.count == 3 || fields.count == 4, let kibibytes = Int(fields[fields.count - 2]),
              let seconds = Double(fields[fields.count - 1].dropLast())
        else {
            throw Failure(description: "contained-run failed (status \(status)): \(String(decoding: standardError, as: UTF8.self))")
        }
        let termination: Termination
        switch (fields[0], fields.count == 4 ? Int32(fields[1]) : nil) {
        case ("exited", let value?): termination = .exited(value)
        case ("signalled", let value?): termination = .signalled(value)
        default: termination = .timedOut
        }
        return ContainedRun(termination: termination, peakResidentBytes: kibibytes * 1024, seconds: seconds, standardError: standardError)
    }

    /// Calls `body` with a NULL-terminated array of C strings.
    private static func withCStrings<Result>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return body(pointers)
    }

    /// glibc's `POSIX_SPAWN_SETSID`, which the Glibc module does not export.
    private static let spawnSetSID: Int16 = 0x80
    private static let spawnSetSignalDefaults = Int16(POSIX_SPAWN_SETSIGDEF)
    private static let spawnSetSignalMask = Int16(POSIX_SPAWN_SETSIGMASK)

    /// The parent's environment without `DEBUGINFOD_URLS`: a mutated core must not make the
    /// test fetch symbols over the network.
    private static func environment() -> [String] {
        var result: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if !text.hasPrefix("DEBUGINFOD_URLS=") { result.append(text) }
            entry += 1
        }
        return result
    }
}
