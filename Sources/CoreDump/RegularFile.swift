internal import CFileGuard
import Glibc

/// The one way the reader opens a file it did not create: the core the user names, the
/// modules and `--exe` it locates, and, through ``guardingLibraryAccess(_:limitingReadsOf:_:)``,
/// every file libdwfl and libelf open on their own (`NT_FILE` names and link-map names read
/// from core memory, during `dwfl_core_file_report`). A core must never make the tool open a
/// FIFO (the open would block forever), a device (opening one can have effects: a tape
/// rewinds, a watchdog arms), a socket, or a procfs or sysfs file, so only regular files
/// outside procfs and sysfs are opened. The checks are in C (`CFileGuard`): see
/// `file_guard_open_regular`.
enum RegularFile {
    /// Why a path was not opened.
    enum Refusal: Equatable, Hashable, CustomStringConvertible {
        case fifo, characterDevice, blockDevice, socket, directory, procfs, sysfs
        /// The path named another file when it was opened than when it was checked.
        case replaced
        /// The file was opened ``CoreReadLimits/maximumOpensPerFile`` times already.
        case repeated

        init?(code: Int32) {
            switch UInt32(bitPattern: code) {
            case FILE_GUARD_FIFO.rawValue: self = .fifo
            case FILE_GUARD_CHARACTER_DEVICE.rawValue: self = .characterDevice
            case FILE_GUARD_BLOCK_DEVICE.rawValue: self = .blockDevice
            case FILE_GUARD_SOCKET.rawValue: self = .socket
            case FILE_GUARD_DIRECTORY.rawValue: self = .directory
            case FILE_GUARD_PROCFS.rawValue: self = .procfs
            case FILE_GUARD_SYSFS.rawValue: self = .sysfs
            case FILE_GUARD_REPLACED.rawValue: self = .replaced
            case FILE_GUARD_REPEATED.rawValue: self = .repeated
            default: return nil
            }
        }

        /// Why it was refused, for messages: "a FIFO", "a file of /proc".
        var description: String {
            switch self {
            case .fifo: return "a FIFO"
            case .characterDevice: return "a character device"
            case .blockDevice: return "a block device"
            case .socket: return "a socket"
            case .directory: return "a directory"
            case .procfs: return "a file of /proc"
            case .sysfs: return "a file of /sys"
            case .replaced: return "a file replaced while it was opened"
            case .repeated: return "opened \(CoreReadLimits.maximumOpensPerFile) times already"
            }
        }
    }

    /// Why ``open(_:)`` failed.
    enum OpenFailure: Error, Equatable {
        /// The path is not a regular file outside procfs and sysfs; nothing was opened.
        case refused(Refusal)
        /// The open failed with this `errno`.
        case system(errno: Int32)
    }

    /// Opens `path` read-only (`O_CLOEXEC`, `O_NOCTTY`) if it is a regular file outside procfs
    /// and sysfs, wrapping `file_guard_open_regular`. Inside
    /// ``guardingLibraryAccess(_:limitingReadsOf:_:)`` a refusal is also recorded there.
    static func open(_ path: String) -> Result<Int32, OpenFailure> {
        var code: Int32 = 0
        let descriptor = file_guard_open_regular(path, O_RDONLY, &code)
        if descriptor >= 0 { return .success(descriptor) }
        if let refusal = Refusal(code: code) { return .failure(.refused(refusal)) }
        return .failure(.system(errno: errno))
    }

    /// Limits on the reads libraries make of one file: libdwfl allocates and reads whatever
    /// size the headers of a module in core memory claim.
    struct ReadLimit {
        /// The file, open.
        var descriptor: Int32
        /// The most bytes one `pread` may ask for, except `exempt`.
        var maximumReadSize: Int
        /// A range that may be read whole in one `pread`: its offset and size.
        var exempt: (offset: UInt64, size: Int)
    }

    /// Runs `body` with every read-only `open` made on this thread checked like ``open(_:)``
    /// and admitted by `log` (which records each refused path), and, with `limit`, every larger
    /// `pread` of its file failing with `EFBIG` (`file_guard_install`).
    static func guardingLibraryAccess<T>(
        _ log: FileAccessLog, limitingReadsOf limit: ReadLimit?, _ body: () throws -> T
    ) rethrows -> T {
        var guardRecord = file_guard(
            handler: refusalHandler, admit: admission, context: Unmanaged.passUnretained(log).toOpaque(),
            limited_descriptor: limit?.descriptor ?? -1, read_limit: limit?.maximumReadSize ?? .max,
            exempt_offset: off_t(clamping: limit?.exempt.offset ?? 0), exempt_size: limit?.exempt.size ?? 0)
        return try withUnsafePointer(to: &guardRecord) { record in
            let previous = file_guard_install(record)
            defer { file_guard_install(previous) }
            return try body()
        }
    }
}

/// The handler of the guard ``RegularFile/guardingLibraryAccess(_:limitingReadsOf:_:)``
/// installs.
private let refusalHandler: @convention(c) (UnsafePointer<CChar>?, Int32, UnsafeMutableRawPointer?) -> Void = { path, code, context in
    guard let path, let context, let refusal = RegularFile.Refusal(code: code) else { return }
    Unmanaged<FileAccessLog>.fromOpaque(context).takeUnretainedValue().record(String(cString: path), refusal)
}

/// The admission of the guard ``RegularFile/guardingLibraryAccess(_:limitingReadsOf:_:)``
/// installs.
private let admission: @convention(c) (dev_t, ino_t, UnsafeMutableRawPointer?) -> Int32 = { device, inode, context in
    guard let context else { return 1 }
    return Unmanaged<FileAccessLog>.fromOpaque(context).takeUnretainedValue().admit(device: device, inode: inode) ? 1 : 0
}
