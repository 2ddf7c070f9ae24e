/// One line of `/proc/PID/maps`.
struct MemoryMapping: Equatable {
    var startAddress: UInt64
    var endAddress: UInt64
    var isReadable: Bool
    var isWritable: Bool
    var isExecutable: Bool
    var isShared: Bool
    /// The offset in the mapped file, in bytes.
    var fileOffset: UInt64
    var inode: UInt64
    /// The file, a pseudo-name such as `[heap]` or `[stack]`, or empty for anonymous memory.
    var path: String

    var size: UInt64 { endAddress - startAddress }

    /// Whether a file backs the mapping (the kernel's `vm_file`): the mappings `NT_FILE` lists.
    var isFileBacked: Bool { path.hasPrefix("/") }

    /// Whether the kernel provides the mapping's contents (`[vdso]`, `[vsyscall]`, `[uprobes]`):
    /// not anonymous memory, so pagemap does not say which pages hold data.
    var isKernelProvided: Bool { path.hasPrefix("[v") || path == "[uprobes]" }

    /// Whether the mapping is the kernel's `[vvar]` data page, which has no `struct page`
    /// behind it and cannot be read through ptrace.
    var isKernelData: Bool { path.hasPrefix("[vvar") }

    /// Parses every line of the file; a line that does not parse is skipped.
    static func parseAll(_ bytes: [UInt8]) -> [MemoryMapping] {
        bytes.split(separator: UInt8(ascii: "\n")).compactMap { MemoryMapping(line: String(decoding: $0, as: UTF8.self)) }
    }

    /// Parses `start-end perms offset dev inode   path`; the path may hold spaces, so it is
    /// everything after the fifth field and the padding after it.
    init?(line: String) {
        var rest = Substring(line)
        var fields: [Substring] = []
        for _ in 0..<5 {
            rest = rest.drop { $0 == " " }
            guard let end = rest.firstIndex(of: " ") ?? (rest.isEmpty ? nil : rest.endIndex) else { return nil }
            fields.append(rest[..<end])
            rest = rest[end...]
        }
        let range = fields[0].split(separator: "-")
        let permissions = Array(fields[1])
        guard range.count == 2, permissions.count >= 4,
              let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
              let offset = UInt64(fields[2], radix: 16), let inode = UInt64(fields[4])
        else { return nil }
        startAddress = start
        endAddress = max(start, end)
        isReadable = permissions[0] == "r"
        isWritable = permissions[1] == "w"
        isExecutable = permissions[2] == "x"
        isShared = permissions[3] == "s"
        fileOffset = offset
        self.inode = inode
        path = String(rest.drop { $0 == " " })
    }
}
