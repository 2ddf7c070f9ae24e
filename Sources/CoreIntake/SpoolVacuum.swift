/// Makes room in the spool like systemd-coredump's `MaxUse=` and `KeepFree=`: deletes reports
/// whose core is gone, then the oldest cores (with their reports) until the spool uses at most
/// the maximum and the file system has the free space asked for. Never deleted: the core just
/// stored, and a core without its report yet that is younger than the grace period (another
/// handler is still analysing it).
public enum SpoolVacuum {
    /// Deletes orphan reports and cores oldest first; returns the names of the cores deleted.
    /// - Parameters:
    ///   - sparing: the core that is never deleted.
    ///   - analysedBefore: seconds since the epoch; a core without a report modified at or
    ///     after this is still being analysed and is kept.
    public static func makeRoom(
        in spool: SpoolDirectory, maximumUse: UInt64?, keepFree: UInt64?, sparing: String?, analysedBefore: Int
    ) -> [String] {
        let stored = spool.storedCores()
        for orphan in stored.orphanReports { spool.removeReport(orphan.name) }
        guard maximumUse != nil || keepFree != nil else { return [] }
        var cores = stored.cores
        var used = cores.reduce(UInt64(0)) { $0 &+ $1.bytes }
        var deleted: [String] = []
        func needsRoom() -> Bool {
            if let maximumUse, used > maximumUse { return true }
            if let keepFree, let free = spool.freeBytes(), free < keepFree { return true }
            return false
        }
        func deletable(_ core: SpoolDirectory.StoredCore) -> Bool {
            core.name != sparing && (core.hasReport || core.modified < analysedBefore)
        }
        while needsRoom(), let index = cores.firstIndex(where: deletable) {
            let core = cores.remove(at: index)
            spool.remove(core)
            used -= min(used, core.bytes)
            deleted.append(core.name)
        }
        return deleted
    }
}
