internal import CTriageShim
import Glibc

/// One child of a ``ChildPool``: its pipes, what it wrote so far, its deadline.
struct RunningChild {
    let index: Int
    let pid: pid_t
    let deadlineMilliseconds: Int64
    private var outputDescriptor: Int32
    private var errorDescriptor: Int32
    private var output: [UInt8] = []
    private var errorOutput: [UInt8] = []
    private var outputTooLarge = false

    /// The pipes still open.
    var openDescriptors: [Int32] { [outputDescriptor, errorDescriptor].filter { $0 >= 0 } }

    /// Starts `command` with pipes for its standard output and error.
    enum Start {
        case running(RunningChild)
        case failed(ChildResult)
    }

    static func start(_ command: ChildCommand, index: Int, limits: ChildLimits) -> Start {
        func failure(_ error: Int32) -> ChildResult {
            ChildResult(ending: .couldNotStart(errno: error), output: [], errorOutput: [])
        }
        var outputPipe: [Int32] = [-1, -1]
        var errorPipe: [Int32] = [-1, -1]
        guard child_process_pipe(&outputPipe) == 0 else { return .failed(failure(errno)) }
        guard child_process_pipe(&errorPipe) == 0 else {
            let error = errno
            outputPipe.forEach { close($0) }
            return .failed(failure(error))
        }
        var arguments = command.arguments.map { strdup($0) }
        arguments.append(nil)
        let started = MonotonicClock.milliseconds()
        let pid = arguments.withUnsafeMutableBufferPointer { argv in
            child_process_spawn(command.executable, argv.baseAddress, environ, outputPipe[1], errorPipe[1], limits.addressSpaceBytes)
        }
        let spawnError = errno
        arguments.forEach { free($0) }
        close(outputPipe[1])
        close(errorPipe[1])
        guard pid > 0 else {
            close(outputPipe[0])
            close(errorPipe[0])
            return .failed(failure(spawnError))
        }
        for descriptor in [outputPipe[0], errorPipe[0]] {
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        let deadline = started.addingReportingOverflow(limits.timeoutMilliseconds)
        return .running(RunningChild(
            index: index, pid: pid,
            deadlineMilliseconds: deadline.overflow ? Int64.max : deadline.partialValue,
            outputDescriptor: outputPipe[0], errorDescriptor: errorPipe[0]))
    }

    private init(index: Int, pid: pid_t, deadlineMilliseconds: Int64, outputDescriptor: Int32, errorDescriptor: Int32) {
        self.index = index
        self.pid = pid
        self.deadlineMilliseconds = deadlineMilliseconds
        self.outputDescriptor = outputDescriptor
        self.errorDescriptor = errorDescriptor
    }

    /// Reads what the readable pipes among `readable` hold, closing a pipe at its end.
    mutating func read(_ readable: Set<Int32>, limits: ChildLimits) {
        if outputDescriptor >= 0, readable.contains(outputDescriptor) {
            if !drain(outputDescriptor, into: &output, limit: limits.maximumOutputBytes) {
                close(outputDescriptor)
                outputDescriptor = -1
            }
            if output.count > limits.maximumOutputBytes { outputTooLarge = true }
        }
        if errorDescriptor >= 0, readable.contains(errorDescriptor) {
            if !drain(errorDescriptor, into: &errorOutput, limit: limits.maximumErrorBytes) {
                close(errorDescriptor)
                errorDescriptor = -1
            }
        }
    }

    /// Reads until the pipe is empty, or 1 MiB at most (a child that writes without pause
    /// must not keep the pool from its other children); false at its end or on an error.
    /// Bytes past `limit` (plus one, to tell that it was passed) are read and dropped.
    private func drain(_ descriptor: Int32, into buffer: inout [UInt8], limit: Int) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        for _ in 0..<16 {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                let room = max(0, limit + 1 - buffer.count)
                buffer.append(contentsOf: chunk[..<min(count, room)])
                continue
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            return errno == EAGAIN || errno == EWOULDBLOCK
        }
        return true
    }

    /// The child's result when it has ended, was killed now (past its deadline or its output
    /// limit), or nil while it runs.
    mutating func advance(limits: ChildLimits) -> ChildResult? {
        let now = MonotonicClock.milliseconds()
        if outputTooLarge || now >= deadlineMilliseconds {
            stop()
            return result(outputTooLarge ? .outputTooLarge : .timedOut, limits: limits)
        }
        guard openDescriptors.isEmpty, let status = reap(blocking: false) else { return nil }
        let ending: ChildResult.Ending = status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
        return result(ending, limits: limits)
    }

    /// Kills the child's process group and reaps it.
    mutating func stop() {
        kill(-pid, SIGKILL)
        closePipes()
        reap(blocking: true)
    }

    private func result(_ ending: ChildResult.Ending, limits: ChildLimits) -> ChildResult {
        ChildResult(
            ending: ending, output: ending == .outputTooLarge ? [] : output,
            errorOutput: Array(errorOutput.prefix(limits.maximumErrorBytes)))
    }

    private mutating func closePipes() {
        for descriptor in openDescriptors { close(descriptor) }
        outputDescriptor = -1
        errorDescriptor = -1
    }

    /// `waitpid`; the raw status, nil while the child runs (`blocking` false).
    @discardableResult
    private func reap(blocking: Bool) -> Int32? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, blocking ? 0 : WNOHANG)
            if reaped == pid { return status }
            if reaped < 0, errno == EINTR { continue }
            return nil
        }
    }
}
