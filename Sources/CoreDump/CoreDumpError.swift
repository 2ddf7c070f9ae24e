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
    /// The file does not start with the ELF magic number, nor with that of a compressed file
    /// (``CompressionFormat``).
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
    /// A compressed core could not be decompressed: reading it or writing the temporary file
    /// failed, or the library could not allocate its state.
    case decompressionFailed(path: String, reason: String)
    /// A compressed core's data is not valid in its format (a damaged file, or not a core
    /// compressed by that tool though it starts with its magic bytes).
    case corruptCompressedCore(path: String, format: CompressionFormat, reason: String)
    /// A compressed core ends in the middle of a frame (zstd, lz4) or stream (xz): it was cut
    /// short.
    case truncatedCompressedCore(path: String, format: CompressionFormat)
    /// A compressed core decompresses to more than the reader accepts
    /// (``CoreReadLimits/maximumDecompressedSize``).
    case decompressedCoreTooLarge(path: String, format: CompressionFormat, limit: UInt64)
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
            return "\(path) is not an ELF core file (no ELF, zstd, lz4 or xz magic number)"
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
        case .corruptCompressedCore(let path, let format, let reason):
            return "cannot decompress \(path): invalid \(format.rawValue) data (\(reason)); the file is damaged: take the core again"
        case .truncatedCompressedCore(let path, let format):
            return "cannot decompress \(path): the \(format.rawValue) data ends in the middle of a \(format.unitName), so the file is truncated: copy it again in full, or wait until the tool writing it has finished"
        case .decompressedCoreTooLarge(let path, let format, let limit):
            return "cannot decompress \(path): the \(format.rawValue) data expands to more than \(limit >> 30) GiB, the most the reader accepts; decompress it yourself (\(format.rawValue) -dc) and pass the core"
        case .libdwfl(let operation, let message):
            return "libdwfl failed to \(operation): \(message)"
        case .cannotReadPerfMap(let path, let reason):
            return "cannot read the perf map \(path): \(reason); give the path of a perf-PID.map file, or leave out --perf-map"
        }
    }
}
