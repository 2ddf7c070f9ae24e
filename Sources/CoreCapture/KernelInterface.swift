internal import CCPUID
import Glibc

/// An `errno` value from a failed system call.
struct SystemError: Error, Equatable {
    var code: Int32

    var text: String { CaptureError.text(ofErrno: code) }
}

/// The one funnel for every C call capture makes: each returns its result or the `errno`
/// (CPUID, an instruction, goes through the one-function `CCPUID` header).
///
/// `ptrace` and `process_vm_readv` are not imported by Swift's Glibc module (the first is
/// variadic, the second needs `_GNU_SOURCE`), so they are looked up with `dlsym` and called
/// through a fixed prototype; on x86_64 and aarch64 Linux a variadic callee taking only
/// integer arguments is called like this.
enum KernelInterface {
    private typealias PtraceFunction = @convention(c) (CInt, pid_t, UnsafeMutableRawPointer?, UnsafeMutableRawPointer?) -> CLong
    private typealias ProcessVMReadFunction = @convention(c) (
        pid_t, UnsafePointer<iovec>?, CUnsignedLong, UnsafePointer<iovec>?, CUnsignedLong, CUnsignedLong
    ) -> Int

    private static let ptraceFunction: PtraceFunction? = dlsym(nil, "ptrace").map { unsafeBitCast($0, to: PtraceFunction.self) }
    private static let processVMReadFunction: ProcessVMReadFunction? = dlsym(nil, "process_vm_readv")
        .map { unsafeBitCast($0, to: ProcessVMReadFunction.self) }

    /// Wraps `ptrace(2)`.
    static func ptrace(_ request: PtraceRequest, _ tid: Int32, address: UnsafeMutableRawPointer? = nil,
                       data: UnsafeMutableRawPointer? = nil) -> Result<Int, SystemError> {
        guard let ptraceFunction else { return .failure(SystemError(code: ENOSYS)) }
        errno = 0
        let result = ptraceFunction(request.rawValue, tid, address, data)
        return result == -1 ? .failure(SystemError(code: errno)) : .success(result)
    }

    /// Wraps `process_vm_readv(2)` for one local and one remote range: the bytes read, which
    /// stop at the first page that cannot be read.
    static func processVMRead(pid: Int32, address: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, SystemError> {
        guard let processVMReadFunction else { return .failure(SystemError(code: ENOSYS)) }
        var local = iovec(iov_base: buffer.baseAddress, iov_len: buffer.count)
        var remote = iovec(iov_base: UnsafeMutableRawPointer(bitPattern: UInt(address)), iov_len: buffer.count)
        let result = processVMReadFunction(pid, &local, 1, &remote, 1, 0)
        return result < 0 ? .failure(SystemError(code: errno)) : .success(result)
    }

    /// Wraps `waitpid(2)` with `__WALL`, retrying on `EINTR`: the raw wait status.
    static func waitForThread(_ tid: Int32) -> Result<Int32, SystemError> {
        var status: Int32 = 0
        while true {
            let result = waitpid(tid, &status, Int32(__WALL))
            if result == tid { return .success(status) }
            if result == -1 && errno == EINTR { continue }
            return .failure(SystemError(code: result == -1 ? errno : ECHILD))
        }
    }

    /// Wraps `waitpid(-1, …, __WALL)`, retrying on `EINTR`: the next traced thread (or
    /// child) to change state, and its raw wait status; with `blocking` false (`WNOHANG`),
    /// nil when none has.
    static func waitForAnyThread(blocking: Bool = true) -> Result<(tid: Int32, status: Int32)?, SystemError> {
        var status: Int32 = 0
        while true {
            let result = waitpid(-1, &status, Int32(__WALL) | (blocking ? 0 : WNOHANG))
            if result > 0 { return .success((result, status)) }
            if result == 0 && !blocking { return .success(nil) }
            if result == -1 && errno == EINTR { continue }
            return .failure(SystemError(code: result == -1 ? errno : ECHILD))
        }
    }

    /// Wraps `open(2)`.
    static func open(_ path: String, flags: Int32, mode: mode_t = 0) -> Result<Int32, SystemError> {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
        return descriptor < 0 ? .failure(SystemError(code: errno)) : .success(descriptor)
    }

    /// Wraps `mkstemp(3)`: creates and opens a new file named `template` with its final
    /// `XXXXXX` replaced by random characters, with `O_EXCL` (never an existing file or a
    /// symbolic link planted at a guessed name) and readable by its owner only.
    /// - Returns: the descriptor and the file's path.
    static func createUniqueFile(template: String) -> Result<(descriptor: Int32, path: String), SystemError> {
        var name = Array(template.utf8CString)
        let descriptor = name.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return .failure(SystemError(code: errno)) }
        _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        return .success((descriptor, name.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }))
    }

    /// Wraps `close(2)`.
    static func close(_ descriptor: Int32) {
        _ = Glibc.close(descriptor)
    }

    /// Wraps `pread(2)`, retrying on `EINTR`.
    static func pread(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Result<Int, SystemError> {
        while true {
            let result = Glibc.pread(descriptor, buffer.baseAddress, buffer.count, off_t(truncatingIfNeeded: offset))
            if result >= 0 { return .success(result) }
            if errno != EINTR { return .failure(SystemError(code: errno)) }
        }
    }

    /// Wraps `pwrite(2)` until every byte is written.
    static func pwriteAll(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, at offset: UInt64) -> Result<Void, SystemError> {
        var done = 0
        while done < buffer.count {
            let result = Glibc.pwrite(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(truncatingIfNeeded: offset + UInt64(done)))
            if result > 0 { done += result; continue }
            if result < 0 && errno == EINTR { continue }
            return .failure(SystemError(code: result < 0 ? errno : EIO))
        }
        return .success(())
    }

    /// Wraps `ftruncate(2)`.
    static func truncate(_ descriptor: Int32, size: UInt64) -> Result<Void, SystemError> {
        Glibc.ftruncate(descriptor, off_t(truncatingIfNeeded: size)) == 0 ? .success(()) : .failure(SystemError(code: errno))
    }

    /// Wraps `fsync(2)`: a full disk may only show here, on file systems that allocate late.
    static func sync(_ descriptor: Int32) -> Result<Void, SystemError> {
        Glibc.fsync(descriptor) == 0 ? .success(()) : .failure(SystemError(code: errno))
    }

    /// Wraps `rename(2)`.
    static func rename(_ source: String, to destination: String) -> Result<Void, SystemError> {
        Glibc.rename(source, destination) == 0 ? .success(()) : .failure(SystemError(code: errno))
    }

    /// Wraps `mkdir(2)` (the process's umask still applies to `mode`).
    static func makeDirectory(_ path: String, mode: mode_t) -> Result<Void, SystemError> {
        Glibc.mkdir(path, mode) == 0 ? .success(()) : .failure(SystemError(code: errno))
    }

    /// Wraps `stat(2)`: whether `path` is a directory, or a symbolic link to one.
    static func isDirectory(_ path: String) -> Result<Bool, SystemError> {
        var information = stat()
        guard stat(path, &information) == 0 else { return .failure(SystemError(code: errno)) }
        return .success(information.st_mode & S_IFMT == S_IFDIR)
    }

    /// Wraps `unlink(2)`, ignoring failure (used to clean up).
    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }

    /// Reads a whole file (a `/proc` file has no size, so it is read until end of file).
    static func readFile(_ path: String) -> Result<[UInt8], SystemError> {
        let descriptor: Int32
        switch open(path, flags: O_RDONLY) {
        case .success(let opened): descriptor = opened
        case .failure(let error): return .failure(error)
        }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 4096)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: bytes.count)) }
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { return .success(Array(bytes[0..<filled])) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SystemError(code: errno))
            }
            filled += count
        }
    }

    /// The first `maximumBytes` of the regular file at `path`, opened without following a
    /// symbolic link in its last component and without blocking (`O_NOFOLLOW`, `O_NONBLOCK`:
    /// a FIFO planted at the path is never waited on), or nil when it is not a regular file.
    static func readRegularFile(_ path: String, maximumBytes: Int) -> Result<[UInt8]?, SystemError> {
        let descriptor: Int32
        switch open(path, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY) {
        case .success(let opened): descriptor = opened
        case .failure(let error): return .failure(error)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(SystemError(code: errno)) }
        guard status.st_mode & S_IFMT == S_IFREG else { return .success(nil) }
        var bytes = [UInt8](repeating: 0, count: min(maximumBytes, Int(clamping: status.st_size)))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), at: UInt64(filled))
            }
            switch count {
            case .success(0): return .success(Array(bytes[..<filled]))
            case .success(let read): filled += read
            case .failure(let error): return .failure(error)
            }
        }
        return .success(bytes)
    }

    /// Wraps `opendir(3)`/`readdir(3)`: the names in a directory, without `.` and `..`.
    static func listDirectory(_ path: String) -> Result<[String], SystemError> {
        guard let directory = opendir(path) else { return .failure(SystemError(code: errno)) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// Wraps `clock_gettime(CLOCK_MONOTONIC)`: nanoseconds since boot, suspend not counted.
    static func monotonicNanoseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(clamping: now.tv_sec) &* 1_000_000_000 &+ UInt64(clamping: now.tv_nsec)
    }

    /// Wraps `clock_gettime(CLOCK_REALTIME)`: nanoseconds since the Unix epoch, UTC.
    static func wallClockNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    /// Wraps `uname(2)`: the running kernel's release (`6.18.1-arch1-1`), empty if it fails.
    static func kernelRelease() -> String {
        var names = utsname()
        guard uname(&names) == 0 else { return "" }
        return withUnsafeBytes(of: names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    /// Wraps the CPUID instruction (`__get_cpuid_count` of `<cpuid.h>`): EAX, EBX, ECX and EDX
    /// for `leaf` and `subleaf`, nil when the processor has no such leaf.
    static func cpuid(leaf: UInt32, subleaf: UInt32) -> (eax: UInt32, ebx: UInt32, ecx: UInt32, edx: UInt32)? {
        var eax: UInt32 = 0, ebx: UInt32 = 0, ecx: UInt32 = 0, edx: UInt32 = 0
        guard analyze_dump_cpuid(leaf, subleaf, &eax, &ebx, &ecx, &edx) else { return nil }
        return (eax, ebx, ecx, edx)
    }

    /// Wraps `sysconf(_SC_CLK_TCK)`: the unit of `/proc`'s CPU times.
    static func clockTicksPerSecond() -> Int64 {
        max(1, Int64(sysconf(Int32(_SC_CLK_TCK))))
    }

    /// Wraps `sysconf(_SC_PAGESIZE)`.
    static func pageSize() -> UInt64 {
        UInt64(max(4096, sysconf(Int32(_SC_PAGESIZE))))
    }

    /// Wraps `nanosleep(2)`, sleeping again after a signal until `deadline`.
    static func sleep(until deadline: ContinuousClock.Instant) {
        while true {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return }
            let parts = remaining.components
            var request = timespec(tv_sec: Int(parts.seconds), tv_nsec: Int(parts.attoseconds / 1_000_000_000))
            _ = nanosleep(&request, nil)
        }
    }
}
