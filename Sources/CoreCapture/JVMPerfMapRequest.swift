import Glibc

/// Asks a HotSpot JVM to write its perf map (`jcmd PID Compiler.perfmap`, JDK 17 and later),
/// which it writes only when asked, so that the capture that follows copies it into the core
/// (``PerfMapCopy``) and the core names the JIT-compiled Java methods.
public enum JVMPerfMapRequest {
    /// How long jcmd may take: it attaches through the JVM's attach listener, which a JVM that
    /// is not responding never answers.
    static let timeout: Duration = .seconds(30)

    /// Runs `jcmd PID Compiler.perfmap` (jcmd from `PATH`) and waits for it.
    /// - Throws: ``CaptureError/notAJVM(pid:)`` when the process maps no `libjvm.so` (jcmd
    ///   is then not run: its SIGQUIT would end the process),
    ///   ``CaptureError/jcmdMissing`` when no jcmd is on `PATH`,
    ///   ``CaptureError/jcmdFailed(pid:reason:)`` when it fails or takes longer than
    ///   ``timeout``.
    public static func run(pid: Int32) throws(CaptureError) {
        // jcmd attaches by sending SIGQUIT, which ends a process that is not a JVM.
        guard case .success(let maps) = KernelInterface.readFile("/proc/\(pid)/maps") else { throw CaptureError.noSuchProcess(pid: pid) }
        guard String(decoding: maps, as: UTF8.self).contains("/libjvm.so\n") else { throw CaptureError.notAJVM(pid: pid) }
        guard let jcmd = executable(named: "jcmd") else { throw CaptureError.jcmdMissing }
        var output: [Int32] = [0, 0]
        guard pipe(&output) == 0 else { throw CaptureError.systemCallFailed(operation: "pipe for jcmd", reason: CaptureError.text(ofErrno: errno)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, output[1], 2)
        posix_spawn_file_actions_addclose(&actions, output[0])
        let arguments = [jcmd, String(pid), "Compiler.perfmap"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var child: pid_t = 0
        let spawned = posix_spawn(&child, jcmd, &actions, nil, &argv, environ)
        KernelInterface.close(output[1])
        defer { KernelInterface.close(output[0]) }
        guard spawned == 0 else { throw CaptureError.jcmdFailed(pid: pid, reason: "cannot start \(jcmd): \(CaptureError.text(ofErrno: spawned))") }
        let deadline = ContinuousClock.now + timeout
        let text = readAll(output[0], until: deadline)
        var status: Int32 = 0
        // jcmd closes its output a moment before it exits.
        var waited = waitpid(child, &status, WNOHANG)
        while waited == 0 || (waited < 0 && errno == EINTR), ContinuousClock.now < deadline {
            usleep(10_000)
            waited = waitpid(child, &status, WNOHANG)
        }
        if waited == 0 {
            kill(child, SIGKILL)
            _ = waitpid(child, &status, 0)
            throw CaptureError.jcmdFailed(pid: pid, reason: "jcmd did not finish within \(timeout.components.seconds) s")
        }
        let exited = status & 0x7F == 0
        let exitStatus = (status >> 8) & 0xFF
        guard exited, exitStatus == 0 else {
            // jcmd's first line is "PID:"; its error is the next one.
            let firstLine = text.split(separator: "\n").first { !$0.hasPrefix("\(pid):") }.map(String.init) ?? ""
            let printable = String(String.UnicodeScalarView(firstLine.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : $0 }))
            throw CaptureError.jcmdFailed(pid: pid, reason: exited ? "exit status \(exitStatus): \(printable)" : "killed by signal \(status & 0x7F)")
        }
    }

    /// The output until end of file or `deadline`, at most 64 KiB.
    private static func readAll(_ descriptor: Int32, until deadline: ContinuousClock.Instant) -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536, ContinuousClock.now < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let waited = poll(&poller, 1, 200)
            if waited < 0 && errno == EINTR { continue }
            if waited == 0 { continue }
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The first executable `name` in the directories of `PATH`.
    private static func executable(named name: String) -> String? {
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }
}
