import Glibc

/// What the reader did with the files a core names during one libdwfl session: the paths it
/// refused to open, each once, in the order first refused, and how often it opened each file.
///
/// A core can name one file for every module and every link-map entry: libdwfl opens the file
/// each time and keeps an ELF descriptor for each module (about 110 KiB each with glibc), so a
/// file opened more than ``CoreReadLimits/maximumOpensPerFile`` times is refused from then on.
final class FileAccessLog {
    private(set) var refusals: [(path: String, refusal: RegularFile.Refusal)] = []
    private var refusedPaths: Set<String> = []
    private var openCounts: [FileIdentity: Int] = [:]

    private struct FileIdentity: Hashable {
        var device: dev_t
        var inode: ino_t
    }

    /// Records a refusal; a path already recorded is not recorded again.
    func record(_ path: String, _ refusal: RegularFile.Refusal) {
        guard refusedPaths.insert(path).inserted else { return }
        refusals.append((path, refusal))
    }

    /// Whether the file may be opened once more, counting this open.
    func admit(device: dev_t, inode: ino_t) -> Bool {
        let identity = FileIdentity(device: device, inode: inode)
        let count = openCounts[identity, default: 0]
        guard count < CoreReadLimits.maximumOpensPerFile else { return false }
        openCounts[identity] = count + 1
        return true
    }
}
