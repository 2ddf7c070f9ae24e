import Glibc

/// Writes a core under `path + ".partial-XXXXXX"` (a name `mkstemp` makes up: see
/// ``KernelInterface/createUniqueFile(template:)``) and renames it to `path` only once it is
/// complete and synced, so that a reader never sees half a core; on any failure the partial
/// file is removed.
struct CoreFileWriter {
    let path: String
    /// The file being written, renamed to ``path`` when complete.
    let partialPath: String
    private let descriptor: Int32
    /// Bytes actually written; runs of zero pages are left as holes.
    private(set) var bytesWritten: UInt64 = 0
    /// Whether the descriptor is still open: ``abandon()`` after a failed ``finish(fileSize:)``
    /// must not close a number another thread may have been given since.
    private var isOpen = true

    /// The size of one read from the process and one write to the file.
    static let chunkSize = 1 << 20

    /// Creates the partial file, new and readable by its owner only (a core holds the
    /// process's secrets).
    init(path: String) throws(CaptureError) {
        self.path = path
        switch KernelInterface.createUniqueFile(template: path + ".partial-XXXXXX") {
        case .success(let created): (descriptor, partialPath) = created
        case .failure(let error): throw CaptureError.cannotWrite(path: path, reason: error.text)
        }
    }

    /// Copies each segment's bytes from the process into the file. Anonymous memory is read
    /// only where pagemap shows pages; zero pages are not written, leaving holes.
    mutating func writeMemory(of layout: CoreFileLayout, from reader: inout ProcessMemoryReader) throws(CaptureError) {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.chunkSize, alignment: 4096)
        defer { buffer.deallocate() }
        for segment in layout.segments where segment.dumpedSize > 0 {
            let start = segment.mapping.startAddress
            for run in reader.dataRuns(of: segment) {
                var copied: UInt64 = 0
                while copied < run.length {
                    let count = Int(min(UInt64(Self.chunkSize), run.length - copied))
                    let chunk = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count])
                    let address = run.address + copied
                    reader.read(at: address, into: chunk)
                    try writeNonZeroPages(UnsafeRawBufferPointer(chunk), at: segment.fileOffset + (address - start), pageSize: reader.pageSize)
                    copied += UInt64(count)
                }
            }
        }
    }

    /// Writes the runs of pages of `bytes` that are not all zero, each with one `pwrite`.
    private mutating func writeNonZeroPages(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, pageSize: UInt64) throws(CaptureError) {
        let page = Int(pageSize)
        var runStart: Int?
        var position = 0
        while position < bytes.count {
            let pageEnd = min(bytes.count, position + page)
            let isData = !Self.isAllZero(UnsafeRawBufferPointer(rebasing: bytes[position..<pageEnd]))
            if isData, runStart == nil { runStart = position }
            if !isData, let begun = runStart {
                try write(UnsafeRawBufferPointer(rebasing: bytes[begun..<position]), at: offset + UInt64(begun))
                runStart = nil
            }
            position = pageEnd
        }
        if let begun = runStart {
            try write(UnsafeRawBufferPointer(rebasing: bytes[begun...]), at: offset + UInt64(begun))
        }
    }

    /// Writes `bytes` at `offset`.
    mutating func write(_ bytes: [UInt8], at offset: UInt64) throws(CaptureError) {
        let result = bytes.withUnsafeBytes { KernelInterface.pwriteAll(descriptor, $0, at: offset) }
        if case .failure(let error) = result {
            throw CaptureError.cannotWrite(path: path, reason: error.text)
        }
        bytesWritten += UInt64(bytes.count)
    }

    /// Writes `bytes` at `offset`.
    mutating func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(CaptureError) {
        if case .failure(let error) = KernelInterface.pwriteAll(descriptor, bytes, at: offset) {
            throw CaptureError.cannotWrite(path: path, reason: error.text)
        }
        bytesWritten += UInt64(bytes.count)
    }

    /// Sets the file's size (holes at the end read as zeros), syncs it, and renames it into
    /// place.
    mutating func finish(fileSize: UInt64) throws(CaptureError) {
        var failure: SystemError?
        if case .failure(let error) = KernelInterface.truncate(descriptor, size: fileSize) { failure = error }
        if failure == nil, case .failure(let error) = KernelInterface.sync(descriptor) { failure = error }
        KernelInterface.close(descriptor)
        isOpen = false
        if failure == nil, case .failure(let error) = KernelInterface.rename(partialPath, to: path) { failure = error }
        if let failure {
            KernelInterface.unlink(partialPath)
            throw CaptureError.cannotWrite(path: path, reason: failure.text)
        }
    }

    /// Closes (if still open) and removes the partial file.
    func abandon() {
        if isOpen { KernelInterface.close(descriptor) }
        KernelInterface.unlink(partialPath)
    }

    private static func isAllZero(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset + 8 <= bytes.count {
            if bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != 0 { return false }
            offset += 8
        }
        return bytes[offset...].allSatisfy { $0 == 0 }
    }
}
