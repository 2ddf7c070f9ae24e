/// What a capture leaves out of the core, as gcore users ask for to keep cores small.
public struct CaptureOptions: Equatable, Hashable, Sendable {
    /// Whether file-backed mappings the process cannot write (code, read-only data) are left
    /// out: their `PT_LOAD` gets no bytes, except the first page of a mapping that starts an
    /// ELF file, which the kernel keeps so that debuggers can find the module and its build-id.
    ///
    /// Debuggers read such bytes from the files on disk instead. A read-only file mapping that
    /// the process changed before `mprotect` (glibc's RELRO) is left out as well.
    public var skipFileBackedReadOnly: Bool
    /// The most bytes written for any one mapping, nil for no limit. A larger mapping is cut
    /// at this size (rounded down to whole pages): its `PT_LOAD` keeps the full memory size and
    /// a shorter file size, which readers show as missing bytes.
    public var maxSegmentBytes: UInt64?
    /// The most bytes of memory the core holds, nil for no limit: see
    /// ``CoreSegment/capped(_:toTotal:stackPointers:pageSize:dataRuns:)`` for what is kept
    /// first (module headers, stacks, writable memory). Holes (pages never touched) cost
    /// nothing; notes and headers are not counted.
    public var maxCoreBytes: UInt64?

    /// - Parameters:
    ///   - skipFileBackedReadOnly: leave out file-backed mappings the process cannot write.
    ///   - maxSegmentBytes: the most bytes written for one mapping, nil for no limit.
    ///   - maxCoreBytes: the most bytes of memory in the whole core, nil for no limit.
    public init(skipFileBackedReadOnly: Bool = false, maxSegmentBytes: UInt64? = nil, maxCoreBytes: UInt64? = nil) {
        self.skipFileBackedReadOnly = skipFileBackedReadOnly
        self.maxSegmentBytes = maxSegmentBytes
        self.maxCoreBytes = maxCoreBytes
    }
}
