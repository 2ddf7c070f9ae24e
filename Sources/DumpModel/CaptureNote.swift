/// The note analyze-dump adds to the cores it writes, holding what a kernel core lacks: the
/// capture time, why it was taken and each thread's name.
///
/// Note name `ANALYZEDUMP`, type `0x41444D50` (`"ADMP"`, in the style of `NT_FILE` and
/// `NT_SIGINFO`), in the `PT_NOTE` segment after the kernel's notes. Not type 1: gdb's BFD
/// decodes a note of an owner it does not know by its type alone, so a type-1 note whose
/// descriptor happened to be 336 bytes long became a phantom `NT_PRSTATUS` thread.
/// The descriptor is little-endian, every field at a fixed offset or after a length:
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | format version, 1 |
/// | 4 | 4 | thread count N |
/// | 8 | 8 | capture time: ns since 1970-01-01 UTC, when the threads were stopped (signed) |
/// | 16 | 8 | how long the process was stopped, ns |
/// | 24 | 4 | trigger length T in bytes |
/// | 28 | T | trigger, UTF-8, no NUL, then zeros to a multiple of 4 |
///
/// then N thread records, in the order of the `NT_PRSTATUS` notes: TID (4, signed), name
/// length L (4), the name (L bytes of UTF-8, no NUL), zeros to a multiple of 4; then,
/// optionally, the process's perf map: its length M (4) and its M bytes, then zeros to a
/// multiple of 4; then, optionally, the monotonic clock (`CLOCK_MONOTONIC`, ns, 8 bytes,
/// unsigned) when the threads were stopped, after a perf map block that may be empty (M = 0).
/// A note that ends after the threads has no map and no monotonic time, one that ends after
/// the map has no monotonic time (cores written before each was added; readers that know only
/// the threads ignore the rest), so the version stays 1.
public struct CaptureNote: Equatable, Hashable, Sendable {
    /// One thread's record.
    public struct ThreadRecord: Equatable, Hashable, Sendable {
        public var tid: Int32
        /// The name from `/proc/PID/task/TID/comm`.
        public var name: String

        public init(tid: Int32, name: String) {
            self.tid = tid
            self.name = name
        }
    }

    /// The note's name in the core.
    public static let noteName = "ANALYZEDUMP"
    /// The note's type in the core.
    public static let noteType: UInt32 = 0x4144_4D50
    /// The format this code writes and reads.
    public static let formatVersion: UInt32 = 1

    /// Nanoseconds since the Unix epoch, UTC, when the process was stopped.
    public var captureTimeNanoseconds: Int64
    /// How long the process was stopped, in nanoseconds.
    public var stoppedNanoseconds: UInt64
    /// Why the core was taken ("" when it was asked for at once).
    public var trigger: String
    public var threads: [ThreadRecord]
    /// The process's JIT perf map (`/tmp/perf-PID.map`) as it was when the process was
    /// stopped, empty when it had none.
    public var perfMap: [UInt8]
    /// The monotonic clock (`CLOCK_MONOTONIC`, ns since boot) when the process was stopped:
    /// the "now" for times a runtime keeps on that clock (Go's `nanotime`). Nil in cores
    /// written before it was recorded.
    public var monotonicNanoseconds: UInt64?

    public init(
        captureTimeNanoseconds: Int64, stoppedNanoseconds: UInt64, trigger: String, threads: [ThreadRecord],
        perfMap: [UInt8] = [], monotonicNanoseconds: UInt64? = nil
    ) {
        self.captureTimeNanoseconds = captureTimeNanoseconds
        self.stoppedNanoseconds = stoppedNanoseconds
        self.trigger = trigger
        self.threads = threads
        self.perfMap = perfMap
        self.monotonicNanoseconds = monotonicNanoseconds
    }

    /// The note's descriptor.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        func append<Integer: FixedWidthInteger>(_ value: Integer) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        func appendBlock(_ block: [UInt8]) {
            append(UInt32(clamping: block.count))
            bytes.append(contentsOf: block.prefix(Int(UInt32.max)))
            bytes.append(contentsOf: repeatElement(0, count: (4 - block.count % 4) % 4))
        }
        func appendText(_ text: String) { appendBlock(Array(text.utf8)) }
        append(Self.formatVersion)
        append(UInt32(threads.count))
        append(captureTimeNanoseconds)
        append(stoppedNanoseconds)
        appendText(trigger)
        for thread in threads {
            append(thread.tid)
            appendText(thread.name)
        }
        if !perfMap.isEmpty || monotonicNanoseconds != nil { appendBlock(perfMap) }
        if let monotonicNanoseconds { append(monotonicNanoseconds) }
        return bytes
    }

    /// Decodes a descriptor, or returns nil when it is of another version or does not fit.
    public init?(decoding bytes: [UInt8]) {
        var offset = 0
        func integer<Integer: FixedWidthInteger>(_: Integer.Type) -> Integer? {
            let size = MemoryLayout<Integer>.size
            guard offset + size <= bytes.count else { return nil }
            var value: Integer = 0
            for index in 0..<size { value |= Integer(truncatingIfNeeded: bytes[offset + index]) << (8 * index) }
            offset += size
            return value
        }
        func block() -> ArraySlice<UInt8>? {
            guard let length = integer(UInt32.self), Int(length) <= bytes.count - offset else { return nil }
            let value = bytes[offset..<offset + Int(length)]
            offset += (Int(length) + 3) / 4 * 4
            return value
        }
        func text() -> String? { block().map { String(decoding: $0, as: UTF8.self) } }
        guard integer(UInt32.self) == Self.formatVersion, let count = integer(UInt32.self),
              Int(count) <= bytes.count / 8,
              let time = integer(Int64.self), let stopped = integer(UInt64.self), let trigger = text()
        else { return nil }
        var threads: [ThreadRecord] = []
        for _ in 0..<count {
            guard let tid = integer(Int32.self), let name = text() else { return nil }
            threads.append(ThreadRecord(tid: tid, name: name))
        }
        // A map that does not fit is dropped with what follows it; the threads are still good.
        let map = offset < bytes.count ? block().map(Array.init) : nil
        let monotonic = map == nil ? nil : integer(UInt64.self)
        self.init(
            captureTimeNanoseconds: time, stoppedNanoseconds: stopped, trigger: trigger, threads: threads,
            perfMap: map ?? [], monotonicNanoseconds: monotonic)
    }
}
