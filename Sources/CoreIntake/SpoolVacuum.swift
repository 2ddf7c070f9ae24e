/// Makes room in the spool like systemd-coredump's `MaxUse=` and `KeepFree=`: deletes the
/// oldest cores (with their reports) until the spool uses at most the maximum and the file
/// system has the free space asked for, never the core just stored.
public enum SpoolVacuum {
    /// Deletes cores oldest first; returns their names.
    /// - Parameter sparing: the core that is never deleted.
    public static func makeRoom(in spool: SpoolDirectory, maximumUse: UInt64?, keepFree: UInt64?, sparing: String?) -> [String] {
        guard maximumUse != nil || keepFree != nil else { return [] }
        var cores = spool.storedCores()
        var used = cores.reduce(UInt64(0)) { $0 &+ $1.bytes }
        var deleted: [String] = []
        func needsRoom() -> Bool {
            if let maximumUse, used > maximumUse { return true }
            if let keepFree, let free = spool.freeBytes(), free < keepFree { return true }
            return false
        }
        while needsRoom(), let index = cores.firstIndex(where: { $0.name != sparing }) {
            let core = cores.remove(at: index)
            spool.remove(core)
            used -= min(used, core.bytes)
            deleted.append(core.name)
        }
        return deleted
    }
}
