import Glibc

/// Who may have logged a systemd-coredump journal entry, judged by the fields journald sets
/// from the sender's credentials (`_UID`, `_COMM`), which a client cannot choose: any user can
/// log an entry with systemd-coredump's `MESSAGE_ID` and `COREDUMP_*` fields of their choice.
///
/// systemd-coredump logs a crash's entry after switching to the crashing user's UID (so that
/// the user may read it), or, for a system user's crash, to the `systemd-coredump` user's (root
/// when there is none, and in older systemd). So an entry is trusted when its `_UID` is one of
/// ``serviceUIDs``, or the UID the name of its `COREDUMP_FILENAME` carries
/// (`core.COMM.UID.BOOT.PID.TIME`): a user can then only describe their own cores. journald
/// takes `_COMM` from the kernel, which cuts it to 15 bytes (`systemd-coredum`); an entry
/// without `_COMM` (its sender exited before journald looked) is judged by its `_UID` alone.
public struct CoredumpJournalSenders: Equatable, Sendable {
    /// Root and this host's `systemd-coredump` user: the UIDs a system user's crash is logged
    /// under. A journal read with `--journal-directory` from another host whose
    /// `systemd-coredump` user has another UID has its system users' entries ignored.
    public var serviceUIDs: Set<UInt32>

    public init(serviceUIDs: Set<UInt32>) {
        self.serviceUIDs = serviceUIDs
    }

    /// The `_COMM` of systemd-coredump's entries: its name cut to 15 bytes by the kernel.
    static let command = "systemd-coredum"

    /// The most distinct UIDs given to journalctl as `_UID=` matches; with more, none are and
    /// only ``trusts(_:fileName:)`` filters.
    public static let maximumMatchedUIDs = 256

    /// Root and this host's `systemd-coredump` user, when it has one (`getpwnam_r`).
    public static func local() -> CoredumpJournalSenders {
        var uids: Set<UInt32> = [0]
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        if getpwnam_r("systemd-coredump", &entry, &buffer, buffer.count, &result) == 0, result != nil {
            uids.insert(entry.pw_uid)
        }
        return CoredumpJournalSenders(serviceUIDs: uids)
    }

    /// Whether `entry` (one object of `journalctl -o json`, naming the core `fileName`) was
    /// logged by systemd-coredump: a `_UID` it logs under for that core, and a `_COMM`, when
    /// present, that is systemd-coredump's.
    public func trusts(_ entry: JSONValue, fileName: String) -> Bool {
        guard let uid = entry["_UID"]?.string.flatMap({ UInt32($0) }) else { return false }
        if let command = entry["_COMM"], command.string != Self.command { return false }
        if serviceUIDs.contains(uid) { return true }
        let name = fileName.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? fileName
        return CoreFileName(name)?.uid == uid
    }

    /// The `_UID` values journalctl is asked to match for `candidates`, sorted: so that entries
    /// other users log cannot push systemd-coredump's out of the entries read. Nil, no match,
    /// when there are more than ``maximumMatchedUIDs``.
    public func matchedUIDs(for candidates: [CoreCandidate]) -> [UInt32]? {
        let uids = serviceUIDs.union(candidates.compactMap { $0.fileName?.uid })
        return uids.count <= Self.maximumMatchedUIDs ? uids.sorted() : nil
    }
}
