import Foundation
import Glibc

/// Debian's nginx (`scripts/install-deps` installs it) run by a test in the foreground
/// (`daemon off`) with its own configuration, logs and temporary files in the test's directory,
/// listening on a Unix socket there: one master process and one worker with a thread pool of
/// two threads (`aio threads`).
public final class NginxServer {
    /// Why nginx cannot be run here, or nil if it can.
    public static let unavailableReason: String? =
        FileManager.default.isExecutableFile(atPath: executable) ? nil : "no \(executable): run scripts/install-deps (nginx)"

    private static let executable = "/usr/sbin/nginx"

    /// The master's process id.
    public let masterPID: pid_t
    /// The worker's process id.
    public let workerPID: pid_t
    private let directory: String

    /// Writes the configuration into `directory`, starts nginx and returns once the worker
    /// has answered a request on the socket (within 20 s).
    public init(in directory: String) throws {
        guard Self.unavailableReason == nil else { throw Command.Failure(description: Self.unavailableReason ?? "") }
        self.directory = directory
        let configuration = """
            worker_processes 1;
            error_log \(directory)/error.log;
            pid \(directory)/nginx.pid;
            thread_pool default threads=2 max_queue=16;
            events { worker_connections 16; }
            http {
                access_log off;
                aio threads;
                client_body_temp_path \(directory)/body;
                proxy_temp_path \(directory)/proxy;
                fastcgi_temp_path \(directory)/fastcgi;
                uwsgi_temp_path \(directory)/uwsgi;
                scgi_temp_path \(directory)/scgi;
                server { listen unix:\(directory)/socket; location / { return 200 "ready\\n"; } }
            }

            """
        try configuration.write(toFile: directory + "/nginx.conf", atomically: true, encoding: .utf8)
        masterPID = try Spawn.start(
            Self.executable, ["-p", directory, "-e", directory + "/error.log", "-c", directory + "/nginx.conf", "-g", "daemon off;"],
            input: nil, output: directory + "/output")
        var worker: pid_t?
        let deadline = Date().addingTimeInterval(20)
        while worker == nil, Date() < deadline {
            if let answer = Self.request(socket: directory + "/socket"), answer.contains("200 OK") {
                worker = Self.children(of: masterPID).first
            } else {
                usleep(50_000)
            }
        }
        guard let worker else {
            Self.end(masterPID)
            let log = (try? String(contentsOfFile: directory + "/error.log", encoding: .utf8)) ?? ""
            throw Command.Failure(description: "nginx did not answer on its socket within 20 s: \(log)")
        }
        workerPID = worker
    }

    /// Stops nginx (SIGTERM to the master, which ends its worker) and waits for it.
    public func stop() {
        Self.end(masterPID)
    }

    private static func end(_ master: pid_t) {
        let workers = children(of: master)
        _ = kill(master, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        var status: Int32 = 0
        while waitpid(master, &status, WNOHANG) == 0, Date() < deadline { usleep(20_000) }
        if kill(master, 0) == 0 {
            for pid in [master] + workers { _ = kill(pid, SIGKILL) }
            _ = Spawn.wait(for: master)
        }
    }

    /// The process ids the kernel lists as `pid`'s children.
    private static func children(of pid: pid_t) -> [pid_t] {
        let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)) ?? ""
        return text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Sends `GET /` over the Unix socket and returns the answer, nil when nothing answers.
    private static func request(socket path: String) -> String? {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return nil }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = Array("GET / HTTP/1.0\r\n\r\n".utf8)
        guard write(descriptor, request, request.count) == request.count else { return nil }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { break }
            answer += buffer[..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
