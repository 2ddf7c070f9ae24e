import Glibc

/// Standard input (a pipe from the kernel) read under a deadline: each read first waits with
/// `poll` for at most the time left, and once the deadline has passed the stream ends, so a
/// writer that stalls cannot hold the handler.
final class CoreStream {
    private let input: Int32
    /// `CLOCK_MONOTONIC` second at which reading stops.
    private let deadline: Int
    /// Whether the stream ended at the deadline rather than at the end of the input.
    private(set) var hitDeadline = false
    private var ended = false

    init(input: Int32, deadline: Int) {
        self.input = input
        self.deadline = deadline
    }

    /// Reads into `buffer` as much as one read gives; 0 at the end, on an error or at the deadline.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while !ended {
            let remaining = deadline - CoreIntake.monotonicSeconds()
            guard remaining > 0 else {
                hitDeadline = true
                ended = true
                break
            }
            var poller = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, Int32(clamping: min(remaining, 60) * 1000))
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { continue }
            let count = Glibc.read(input, buffer.baseAddress, buffer.count)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            if count <= 0 {
                ended = true
                break
            }
            return count
        }
        return 0
    }

    /// Reads until `count` bytes were read or the stream ended.
    func read(upTo count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        defer { buffer.deallocate() }
        while bytes.count < count {
            let got = read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<(count - bytes.count)]))
            if got == 0 { break }
            bytes += buffer[..<got]
        }
        return bytes
    }
}
