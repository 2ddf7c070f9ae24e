import Foundation
import Glibc

/// A Unix datagram socket a test binds, standing in for `/dev/log`: `analyze-dump handle
/// --log-socket PATH` sends its line there.
final class LogReceiver {
    let path: String
    private let descriptor: Int32

    /// Binds a new socket at `path` (replacing a file there).
    init(path: String) throws {
        self.path = path
        unlink(path)
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard descriptor >= 0, bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw POSIXError(.EINVAL)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL) }
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    /// Every datagram waiting now, oldest first (none waits: empty).
    func received() -> [String] {
        var lines: [String] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count <= 0 { return lines }
            lines.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
    }

    /// The message of a record, without `<26>analyze-dump[PID]: `.
    static func message(_ record: String) -> String {
        guard record.hasPrefix("<26>analyze-dump["), let end = record.range(of: "]: ") else { return record }
        return String(record[end.upperBound...])
    }
}
