/// Why a core file could not be read at all. Problems that leave part of the report usable
/// are not errors: they become ``DumpModel/Diagnostic``s on the process.
public enum CoreDumpError: Error, Equatable, CustomStringConvertible {
    /// No file exists at the path.
    case fileNotFound(path: String)
    /// The file exists but could not be opened or read (permissions, I/O error).
    case cannotRead(path: String, reason: String)
    /// The path names a device, a socket, a directory or a procfs or sysfs file, which the
    /// reader never opens (FIFOs are read to their end like standard input).
    case notRegularFile(path: String, kind: String)
    /// The file has no bytes.
    case emptyFile(path: String)
    /// The file does not start with the ELF magic number (nor is it a zstd-compressed ELF file).
    case notELF(path: String)
    /// The file is an ELF executable or shared library, not a core.
    case executableNotCore(path: String)
    /// The file is ELF but of a type that is neither a core nor an executable.
    case notACore(path: String, elfType: UInt16)
    /// The core was written for a machine the reader does not support.
    case unsupportedArchitecture(path: String, machine: String)
    /// The ELF header or program header table is cut short or inconsistent.
    case corruptHeader(path: String, reason: String)
    /// The core has no readable `NT_PRSTATUS` note, so there is no thread to show.
    case noThreads(path: String, reason: String)
    /// A zstd-compressed core could not be decompressed.
    case decompressionFailed(path: String, reason: String)
    /// libdwfl refused an operation that the whole analysis needs.
    case libdwfl(operation: String, message: String)
    /// The perf map given with `--perf-map` could not be read.
    case cannotReadPerfMap(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "cannot open core file \(path): no such file"
        case .cannotRead(let path, let reason):
            return "cannot read core file \(path): \(reason)"
        case .notRegularFile(let path, let kind):
            return "core file \(path) is \(kind), not a regular file: give the core's path, or - to read it from standard input"
        case .emptyFile(let path):
            return "core file \(path) is empty: the core was not written (check ulimit -c and /proc/sys/kernel/core_pattern)"
        case .notELF(let path):
            return "\(path) is not an ELF core file (no ELF or zstd magic number)"
        case .executableNotCore(let path):
            return "\(path) is an executable, not a core: pass it with --exe and give the core file as the argument"
        case .notACore(let path, let elfType):
            return "\(path) is an ELF file of type \(elfType), not a core file"
        case .unsupportedArchitecture(let path, let machine):
            return "core file \(path) is for \(machine): only x86_64, aarch64 and i386 cores are supported"
        case .corruptHeader(let path, let reason):
            return "core file \(path) is corrupt: \(reason)"
        case .noThreads(let path, let reason):
            return "core file \(path) has no readable thread: \(reason)"
        case .decompressionFailed(let path, let reason):
            return "cannot decompress \(path): \(reason)"
        case .libdwfl(let operation, let message):
            return "libdwfl failed to \(operation): \(message)"
        case .cannotReadPerfMap(let path, let reason):
            return "cannot read the perf map \(path): \(reason); give the path of a perf-PID.map file, or leave out --perf-map"
        }
    }
}
