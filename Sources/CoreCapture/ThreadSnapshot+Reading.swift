import DumpModel
import Glibc

extension ThreadSnapshot {
    /// The size of x86_64's `struct user_regs_struct`; an i386 process gives 68 bytes.
    static let generalRegistersSize = 27 * 8

    /// Reads a stopped thread of `pid`.
    /// - Parameters:
    ///   - isLeader: whether `tid` is the thread-group leader, whose core records the whole
    ///     process's CPU time (`/proc/PID/stat`), as the kernel's does.
    ///   - ticksPerSecond: the unit of `/proc`'s times.
    /// - Throws: ``CaptureError/processExited(pid:)`` when the thread is gone,
    ///   ``CaptureError/unsupportedArchitecture(_:)`` for a 32-bit process.
    static func read(pid: Int32, tid: Int32, isLeader: Bool, ticksPerSecond: Int64) throws(CaptureError) -> ThreadSnapshot {
        guard let general = registerSet(.generalPurpose, tid: tid, capacity: generalRegistersSize) else {
            throw CaptureError.processExited(pid: pid)
        }
        guard general.count == generalRegistersSize else {
            throw CaptureError.unsupportedArchitecture("process \(pid) has \(general.count)-byte registers (a 32-bit process?)")
        }
        let taskDirectory = "/proc/\(pid)/task/\(tid)"
        guard case .success(let threadStatBytes) = KernelInterface.readFile(taskDirectory + "/stat"),
              let threadStat = ProcStat(threadStatBytes)
        else { throw CaptureError.processExited(pid: pid) }
        var timed = threadStat
        if isLeader, case .success(let bytes) = KernelInterface.readFile("/proc/\(pid)/stat"), let processStat = ProcStat(bytes) {
            timed = processStat
        }
        let name = ProcessFinder.command(of: taskDirectory) ?? ""
        let status = (try? KernelInterface.readFile(taskDirectory + "/status").get()).map(ProcStatus.init) ?? ProcStatus([])
        return ThreadSnapshot(
            tid: tid, name: name, generalRegisters: general,
            floatingPointRegisters: registerSet(.floatingPoint, tid: tid, capacity: 512),
            extendedState: extendedState(tid: tid),
            recordedCPUTime: cpuTime(user: timed.userTicks, system: timed.systemTicks, ticksPerSecond: ticksPerSecond),
            childrenCPUTime: cpuTime(user: timed.childUserTicks, system: timed.childSystemTicks, ticksPerSecond: ticksPerSecond),
            status: status, stat: threadStat)
    }

    /// `PTRACE_GETREGSET`: the bytes the kernel filled in, nil when it refused the set.
    private static func registerSet(_ type: RegisterSetType, tid: Int32, capacity: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: capacity)
        let filled = bytes.withUnsafeMutableBytes { buffer -> Int? in
            var vector = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
            let result = withUnsafeMutablePointer(to: &vector) {
                KernelInterface.ptrace(.getRegisterSet, tid, address: UnsafeMutableRawPointer(bitPattern: UInt(type.rawValue)), data: UnsafeMutableRawPointer($0))
            }
            guard case .success = result else { return nil }
            return vector.iov_len
        }
        guard let filled else { return nil }
        return Array(bytes.prefix(filled))
    }

    /// `PTRACE_GETREGSET NT_X86_XSTATE`: the whole XSAVE area. The kernel gives at most its
    /// user xstate size on this CPU (what its own cores hold: 832 bytes with AVX, 2,432 on an
    /// AMD Zen 4 VM with AVX-512, about 11 KiB with Intel's AMX), cut to the buffer: the buffer
    /// grows while the kernel fills it to the brim.
    private static func extendedState(tid: Int32) -> [UInt8]? {
        var capacity = 16384
        while true {
            guard let area = registerSet(.extendedState, tid: tid, capacity: capacity) else { return nil }
            guard area.count == capacity, capacity < maximumExtendedStateSize else { return area }
            capacity *= 2
        }
    }

    /// Far above any XSAVE area so far (the kernel's is its fpu_user_cfg.max_size).
    private static let maximumExtendedStateSize = 1 << 20

    private static func cpuTime(user: UInt64, system: UInt64, ticksPerSecond: Int64) -> CPUTime {
        let perTick = UInt64(1_000_000) / UInt64(ticksPerSecond)
        return CPUTime(userMicroseconds: user &* perTick, systemMicroseconds: system &* perTick)
    }
}
