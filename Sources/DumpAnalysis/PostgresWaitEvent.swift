import DumpModel

/// The wait event a PostgreSQL backend reported when the core was written: what
/// `pg_stat_activity` shows as `wait_event_type` and `wait_event` for it.
///
/// PostgreSQL keeps it in a 32-bit word that the exported `uint32 *my_wait_event_info` points
/// at (src/backend/utils/activity/wait_event.c; `MyProc->wait_event_info` once the backend has
/// a PGPROC, a local word before): the top byte is the class, the low 16 bits the event within
/// it (src/include/utils/wait_event.h, PostgreSQL 10 to 17). One process is one backend, so the
/// word is the main thread's wait. It is 0 when the backend waits for nothing it reports (the
/// postmaster never reports one).
public struct PostgresWaitEvent: Equatable, Hashable, Sendable {
    /// The wait classes (`PG_WAIT_*`), by their top byte.
    public enum WaitClass: UInt8, Equatable, Hashable, Sendable {
        /// A lightweight lock in shared memory; the event is its tranche.
        case lwLock = 0x01
        /// A heavyweight lock (`pg_locks`); the event is the lock tag type.
        case lock = 0x03
        /// Waiting for other backends to unpin a buffer.
        case bufferPin = 0x04
        /// A background process waiting for work.
        case activity = 0x05
        /// Waiting for the client.
        case client = 0x06
        /// A wait an extension reports (`Extension`).
        case extensionDefined = 0x07
        /// Waiting for another process.
        case ipc = 0x08
        /// Waiting for a timeout.
        case timeout = 0x09
        /// Waiting for I/O.
        case io = 0x0A

        /// The name `pg_stat_activity.wait_event_type` gives the class.
        public var name: String {
            switch self {
            case .lwLock: "LWLock"
            case .lock: "Lock"
            case .bufferPin: "BufferPin"
            case .activity: "Activity"
            case .client: "Client"
            case .extensionDefined: "Extension"
            case .ipc: "IPC"
            case .timeout: "Timeout"
            case .io: "IO"
            }
        }
    }

    /// The word as the backend stored it.
    public var rawValue: UInt32
    /// The class, nil for a top byte no release defines.
    public var waitClass: WaitClass?
    /// The event within its class: a tranche id for LWLock, a lock tag type for Lock.
    public var eventID: UInt16
    /// The event's name as `pg_stat_activity.wait_event` gives it, nil when the release's
    /// numbering of that class is not known (see ``PostgresWaitEventNames``).
    public var eventName: String?

    /// Decodes a nonzero word, naming its event from `names` (the table of the backend's
    /// release, nil when the release has none).
    init(rawValue: UInt32, names: PostgresWaitEventNames?) {
        self.rawValue = rawValue
        waitClass = WaitClass(rawValue: UInt8(truncatingIfNeeded: rawValue >> 24))
        eventID = UInt16(truncatingIfNeeded: rawValue)
        eventName = waitClass.flatMap { Self.name(of: $0, id: eventID, names: names) }
    }

    /// `Lock/transactionid`: the wait event as pg_stat_activity shows it, with the class's
    /// number or the event's where it has no name (`Activity/event 12`, `class 0x2/event 1`).
    public var description: String { recorded.description }

    /// The class and event in pg_stat_activity's words, as ``description`` names them.
    public var recorded: RecordedWaitEvent {
        RecordedWaitEvent(
            type: waitClass?.name ?? "class 0x" + String(rawValue >> 24, radix: 16),
            event: eventName ?? "event \(eventID)")
    }

    /// The wait this event is for the backend's main thread, in the wait-signature table's
    /// terms: a Lock, LWLock or BufferPin event is a lock wait whose holder is another backend,
    /// Activity and Client events are idleness, IPC a wait for another process, Timeout a
    /// sleep. IO, Extension and unknown events say nothing the system call does not: nil.
    ///
    /// - Parameters:
    ///   - pid: the backend's process id, for `pg_blocking_pids(pid)`.
    ///   - function: the function on the stack the wait is reported in (`ProcSleep`).
    ///   - underlying: what the system call and the C library's frames say.
    ///   - signature: the row of ``WaitSignatures`` the stack matched (`ProcSleep`), if any.
    public func runtimeWait(pid: Int32, function: String, underlying: ThreadState.Activity, signature: WaitSignature?) -> RuntimeWait? {
        let event = "(PostgreSQL wait event \(description))"
        let (kind, object, holder): (WaitSignature.Kind, String, String?)
        switch waitClass {
        case .lock?:
            (kind, object, holder) = (.lock, "a heavyweight lock \(event)", "pg_locks and pg_blocking_pids(\(pid))")
        case .lwLock?:
            (kind, object, holder) = (.lock, "an LWLock \(event)", "pg_stat_activity (PostgreSQL records no LWLock holder)")
        case .bufferPin?:
            (kind, object, holder) = (.lock, "a buffer pin \(event)", "pg_stat_activity (PostgreSQL records no buffer pin holder)")
        case .activity?: (kind, object, holder) = (.idle, "work to do \(event)", nil)
        case .client?: (kind, object, holder) = (.idle, "its client \(event)", nil)
        case .ipc?: (kind, object, holder) = (.condition, "another process \(event)", nil)
        case .timeout?: (kind, object, holder) = (.sleep, "a timeout \(event)", nil)
        case .io?, .extensionDefined?, nil: return nil
        }
        return RuntimeWait(
            kind: kind, object: object, function: function, holder: holder, underlying: underlying, futexIsLock: false,
            signature: signature, recordedEvent: recorded)
    }

    /// Reads the wait event of the backend `image` holds.
    ///
    /// Only a process whose main thread runs under `PostmasterMain` is looked at: every
    /// PostgreSQL process on Linux is the postmaster or forked from it without exec, and a
    /// look-up by name of a symbol no module has reads every module's symbol table.
    ///
    /// - Returns: nil when the process is not PostgreSQL's, no module exports
    ///   `my_wait_event_info` (a release before 14), the core does not hold the pointer or the
    ///   word, or the word is 0.
    public static func read(from image: ProcessImage) -> PostgresWaitEvent? {
        guard let main = image.process.threads.first(where: \.isMainThread),
              main.frames.contains(where: { $0.function == "PostmasterMain" }),
              let symbol = image.symbols.address(ofSymbol: "my_wait_event_info"),
              let pointer = image.memory.readWord(at: symbol, size: image.process.architecture.pointerSize),
              pointer != 0,
              let word = image.memory.readWord(at: pointer, size: 4),
              word != 0
        else { return nil }
        return PostgresWaitEvent(rawValue: UInt32(truncatingIfNeeded: word), names: names(for: image.symbols))
    }

    /// The table of the release whose exports `symbols` are: 15 has `pg_stat_have_stats`
    /// (new in 15) and no `pg_stat_get_io` (new in 16). Other releases number their events
    /// differently and have no table yet.
    static func names(for symbols: any SymbolLookup) -> PostgresWaitEventNames? {
        guard symbols.address(ofSymbol: "pg_stat_have_stats") != nil,
              symbols.address(ofSymbol: "pg_stat_get_io") == nil
        else { return nil }
        return .release15
    }

    /// The name of an event: Lock events are lock tag types (src/include/storage/lock.h,
    /// `LockTagTypeNames`; `applytransaction` is new in 16), BufferPin and Extension have one
    /// event each, the others come from the release's table.
    private static func name(of waitClass: WaitClass, id: UInt16, names: PostgresWaitEventNames?) -> String? {
        switch waitClass {
        case .lock: Int(id) < lockTagTypes.count ? lockTagTypes[Int(id)] : nil
        case .bufferPin: id == 0 ? "BufferPin" : nil
        case .extensionDefined: id == 0 ? "Extension" : nil
        default: names?.name(of: waitClass, id: id)
        }
    }

    private static let lockTagTypes = [
        "relation", "extend", "frozenid", "page", "tuple", "transactionid", "virtualxid", "spectoken", "object",
        "userlock", "advisory", "applytransaction",
    ]
}
