import DumpModel

/// Where the semaphores lie in Go's `sync.Mutex` and `sync.RWMutex`, from the binary's DWARF,
/// and which of them a goroutine sleeping on one waits on, from its stack: what names the lock
/// a goroutine blocked in `Lock` or `RLock` wants (the semaphore's address less the field's
/// offset) and whether it waits to read or to write.
///
/// A goroutine's stack tells the semaphore: the first `sync.(*Mutex)` or `sync.(*RWMutex)`
/// frames below the runtime's are `RWMutex.RLock` (on `readerSem`), `RWMutex.Lock` (on
/// `writerSem`, waiting for readers), `Mutex.Lock` called from `RWMutex.Lock` (on the inner
/// mutex `w`'s `sema`, behind another writer) or `Mutex.Lock` (on its `sema`); the same from
/// Go 1.9 to 1.23, whose wait reasons say only `semacquire` before 1.20.
struct GoSyncLayout {
    /// The offsets in a `sync.RWMutex`.
    struct ReadWriteFields {
        /// `w.sema`: the inner mutex writers queue on.
        var writerMutexSemaphore: UInt64
        var writerSemaphore: UInt64
        var readerSemaphore: UInt64
        /// `readerWait`: how many readers a pending writer still waits for (an `int32`, an
        /// `atomic.Int32` from Go 1.20).
        var readerWait: TypeMemberLayout?
    }

    /// `sync.Mutex.sema`.
    var mutexSemaphore: UInt64
    /// Nil when the binary's DWARF has no `sync.RWMutex` (a program that uses none).
    var readWrite: ReadWriteFields?

    /// The layout from `types`, nil when the binary's DWARF has no `sync.Mutex`.
    static func resolve(_ types: any TypeLayoutLookup) -> GoSyncLayout? {
        guard let sema = types.member("sema", ofType: "sync.Mutex") else { return nil }
        var readWrite: ReadWriteFields?
        if let inner = types.member("w.sema", ofType: "sync.RWMutex"),
           let writer = types.member("writerSem", ofType: "sync.RWMutex"),
           let reader = types.member("readerSem", ofType: "sync.RWMutex") {
            readWrite = ReadWriteFields(
                writerMutexSemaphore: inner.offset, writerSemaphore: writer.offset, readerSemaphore: reader.offset,
                readerWait: types.member("readerWait", ofType: "sync.RWMutex"))
        }
        return GoSyncLayout(mutexSemaphore: sema.offset, readWrite: readWrite)
    }

    /// The lock a goroutine sleeping on `semaphore` with `frames` waits for; nil when its
    /// stack shows no `sync.Mutex` or `sync.RWMutex` lock call (a `sync.WaitGroup`, a
    /// semaphore of the program) or the offsets do not fit the address.
    func lockWait(semaphore: UInt64, frames: [Frame], memory: any ProcessMemory) -> GoroutineLockWait? {
        guard let role = Self.role(frames) else { return nil }
        let offset: UInt64
        switch role {
        case .mutex: offset = mutexSemaphore
        case .read, .writeAfterReaders, .writeAfterWriter:
            guard let readWrite else { return nil }
            offset = switch role {
            case .read: readWrite.readerSemaphore
            case .writeAfterReaders: readWrite.writerSemaphore
            default: readWrite.writerMutexSemaphore
            }
        }
        guard semaphore >= offset else { return nil }
        let lock = semaphore - offset
        var wait = GoroutineLockWait(lockAddress: lock, role: role)
        if role == .writeAfterReaders, let field = readWrite?.readerWait, field.size == 4,
           let raw = memory.readWord(at: lock &+ field.offset, size: 4) {
            let readers = Int32(truncatingIfNeeded: raw)
            wait.readersAhead = readers >= 0 ? Int(readers) : nil
        }
        return wait
    }

    /// Which semaphore of its lock a goroutine with `frames` (innermost first) sleeps on, from
    /// the first block of `sync.(*Mutex)` and `sync.(*RWMutex)` frames below the runtime's.
    static func role(_ frames: [Frame]) -> GoroutineLockWait.Role? {
        let lockFrames = frames.lazy.compactMap(\.function)
            .drop { $0.hasPrefix("runtime.") || $0.hasPrefix("sync.runtime_") || $0.hasPrefix("internal/") }
            .prefix { $0.hasPrefix("sync.(*Mutex).") || $0.hasPrefix("sync.(*RWMutex).") }
        guard let innermost = lockFrames.first else { return nil }
        switch innermost {
        case "sync.(*RWMutex).RLock": return .read
        case "sync.(*RWMutex).Lock": return .writeAfterReaders
        case _ where innermost.hasPrefix("sync.(*Mutex)."):
            return lockFrames.contains("sync.(*RWMutex).Lock") ? .writeAfterWriter : .mutex
        default: return nil
        }
    }
}
