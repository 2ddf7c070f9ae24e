import Foundation
import Glibc

/// A PostgreSQL cluster of Debian's packages (`scripts/install-deps` installs them) that a test
/// creates in its own directory and runs on a Unix socket there, without TCP: `initdb`, then
/// the server under `pg_ctl`, then sessions through `psql`.
///
/// PostgreSQL refuses to run as root: as root the server's programs run as the `postgres`
/// user through `runuser`, and `psql` (which may run as root) connects as that role. Every
/// program is started and reaped with ``Spawn``.
public final class PostgresServer {
    /// Why no cluster can be run here, or nil if one can.
    public static let unavailableReason: String? = {
        guard let binDirectory else { return "no /usr/lib/postgresql/N/bin/initdb: run scripts/install-deps (postgresql)" }
        if getuid() == 0 {
            if getpwnam("postgres") == nil { return "no postgres user to run \(binDirectory)/postgres as" }
            if !FileManager.default.isExecutableFile(atPath: runuser) { return "no \(runuser) to run the server as postgres" }
        }
        return nil
    }()

    /// The newest release's programs, `/usr/lib/postgresql/15/bin`.
    public static let binDirectory: String? = {
        let root = "/usr/lib/postgresql"
        let releases = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return releases.reversed().map { "\(root)/\($0)/bin" }.first { FileManager.default.isExecutableFile(atPath: $0 + "/initdb") }
    }()

    private static let runuser = "/usr/sbin/runuser"
    /// Only names the socket file: the server listens on no TCP port.
    private static let port = "54329"

    /// The directory the socket and the log are in; the data directory is `data` in it.
    public let directory: String
    private let binDirectory: String
    /// Sessions left open: their process ids and the write ends of their input pipes.
    private var sessions: [(pid: pid_t, input: Int32)] = []

    /// Creates a cluster in `directory` (made writable for the server's user) and starts it.
    public init(in directory: String) throws {
        guard Self.unavailableReason == nil, let binDirectory = Self.binDirectory else {
            throw Command.Failure(description: Self.unavailableReason ?? "no PostgreSQL")
        }
        self.directory = directory
        self.binDirectory = binDirectory
        if getuid() == 0, let user = getpwnam("postgres") {
            guard chown(directory, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw Command.Failure(description: "cannot give \(directory) to postgres")
            }
        }
        try runAsServerUser("initdb", ["-D", directory + "/data", "-A", "trust", "-U", "postgres", "--no-sync"])
        try runAsServerUser("pg_ctl", [
            "-D", directory + "/data", "-l", directory + "/log", "-w",
            "-o", "-k \(directory) -p \(Self.port) -c listen_addresses='' -c shared_buffers=16MB -c fsync=off", "start",
        ])
    }

    /// The postmaster's process id, from the data directory's `postmaster.pid`.
    public func postmasterPID() throws -> Int32 {
        let text = try String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8)
        guard let first = text.split(separator: "\n").first, let pid = Int32(first) else {
            throw Command.Failure(description: "postmaster.pid holds no pid: \(text)")
        }
        return pid
    }

    /// Runs `sql` in a new session and returns its rows, each row's columns split at `|`.
    public func query(_ sql: String) throws -> [[String]] {
        let output = try Spawn.run(binDirectory + "/psql", connection + ["-At", "-c", sql], outputIn: directory)
        return output.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Starts a session that runs `sql` and stays open (its input is not closed) until
    /// ``stop()``: a transaction it began stays open, a statement that waits keeps waiting.
    public func startSession(_ sql: String) throws {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Command.Failure(description: "pipe failed") }
        let pid: pid_t
        do {
            pid = try Spawn.start(binDirectory + "/psql", connection + ["-At"], input: pipeEnds[0], output: "/dev/null")
        } catch {
            close(pipeEnds[0])
            close(pipeEnds[1])
            throw error
        }
        close(pipeEnds[0])
        sessions.append((pid, pipeEnds[1]))
        let bytes = Array((sql + "\n").utf8)
        guard write(pipeEnds[1], bytes, bytes.count) == bytes.count else { throw Command.Failure(description: "cannot write to psql") }
    }

    /// Waits up to 20 s for `sql` to return a row, and returns the rows.
    public func waitForRows(_ sql: String) throws -> [[String]] {
        let deadline = Date().addingTimeInterval(20)
        while true {
            let rows = try query(sql)
            if !rows.isEmpty { return rows }
            guard Date() < deadline else { throw Command.Failure(description: "no row within 20 s for \(sql)") }
            usleep(50_000)
        }
    }

    /// Stops the server at once and ends the sessions.
    public func stop() {
        _ = try? runAsServerUser("pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        for session in sessions {
            close(session.input)
            _ = kill(session.pid, SIGKILL)
            _ = Spawn.wait(for: session.pid)
        }
        sessions = []
    }

    /// A libpq connection URL of the cluster's `postgres` database, through its socket.
    public var connectionURL: String { "postgresql://postgres@/postgres?host=\(directory)&port=\(Self.port)" }

    private var connection: [String] { ["-X", "-h", directory, "-p", Self.port, "-U", "postgres", "-d", "postgres"] }

    private func runAsServerUser(_ program: String, _ arguments: [String]) throws {
        let path = binDirectory + "/" + program
        if getuid() == 0 {
            try Spawn.run(Self.runuser, ["-u", "postgres", "--", path] + arguments, outputIn: directory)
        } else {
            try Spawn.run(path, arguments, outputIn: directory)
        }
    }
}
