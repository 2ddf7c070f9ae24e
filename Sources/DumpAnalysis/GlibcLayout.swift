import DumpModel

/// Where glibc (2.25 and later) keeps the fields the analyses read, per architecture: the
/// owner of a `pthread_mutex_t`, the writer of a `pthread_rwlock_t`, the arenas of malloc.
/// Offsets follow glibc's `bits/struct_mutex.h`, `bits/struct_rwlock.h`, `pthreadtypes.h` and
/// `malloc/malloc.c` (`struct malloc_state`).
struct GlibcLayout {
    /// The size of a pointer.
    let pointerSize: Int
    /// `__data.__count` of `pthread_mutex_t`: the recursion depth.
    let mutexCount: UInt64 = 4
    /// `__data.__owner`: the TID of the thread that holds the mutex.
    let mutexOwner: UInt64 = 8
    /// `__data.__kind`: type and protocol bits.
    let mutexKind: UInt64
    /// `__data.__readers` of `pthread_rwlock_t`: state bits and the reader count.
    let rwlockReaders: UInt64 = 0
    /// `__data.__wrphase_futex`: readers and writers wait here for a phase change.
    let rwlockPhaseFutex: UInt64 = 8
    /// `__data.__writers_futex`: writers wait here for the writer lock.
    let rwlockWritersFutex: UInt64 = 12
    /// `__data.__cur_writer`: the TID of the writer that holds it.
    let rwlockCurrentWriter: UInt64
    /// `sizeof(pthread_rwlock_t)`.
    let rwlockSize: UInt64
    /// `__g_signals` of `pthread_cond_t`: waiters sleep on one of these two words.
    let conditionSignals: UInt64 = 40
    /// `sizeof(pthread_cond_t)`.
    let conditionSize: UInt64 = 48
    /// `next` of `struct malloc_state`: the circular list of arenas.
    let arenaNext: UInt64
    /// `system_mem` of `struct malloc_state`: the memory the arena got from the system.
    let arenaSystemMemory: UInt64
    /// `mmapped_mem` of `struct malloc_par` (`mp_`), by the size of that struct, which tells
    /// the release: tunables for huge pages (2.35) moved it, tcache (2.26) grew the struct
    /// after it.
    let mallocParametersMappedMemory: [UInt64: UInt64]

    /// The layout for `architecture`, nil for architectures the analyses do not know.
    init?(architecture: Architecture) {
        switch architecture {
        case .x86_64, .aarch64:
            pointerSize = 8
            mutexKind = 16
            rwlockCurrentWriter = 24
            rwlockSize = 56
            // mutex, flags, have_fastchunks, 10 fastbins, top, last_remainder, 254 bins, binmap[4].
            arenaNext = 2160
            arenaSystemMemory = 2184
            // 2.25: 80 bytes; 2.26-2.34: 112; 2.35 and later (gdb `ptype/o struct malloc_par`
            // on 2.36): 136, with thp_pagesize, hp_pagesize and hp_flags before the counts.
            mallocParametersMappedMemory = [80: 56, 112: 56, 136: 80]
        case .i386:
            pointerSize = 4
            mutexKind = 12
            rwlockCurrentWriter = 28
            rwlockSize = 32
            // The same fields with 4-byte pointers and 11 fastbins.
            arenaNext = 1096
            arenaSystemMemory = 1108
            // The same releases with 4-byte sizes and pointers.
            mallocParametersMappedMemory = [48: 36, 64: 36, 76: 48]
        case .unsupported:
            return nil
        }
    }

    /// `FUTEX_TID_MASK`: the owner TID in the lock word of a priority-inheritance mutex.
    static let futexTIDMask: UInt32 = 0x3fff_ffff
    /// `PTHREAD_MUTEX_PRIO_INHERIT_NP` in `__kind`.
    static let mutexPriorityInheritFlag: Int32 = 32
    /// `PTHREAD_MUTEX_ROBUST_NORMAL_NP` in `__kind`.
    static let mutexRobustFlag: Int32 = 16
    /// `PTHREAD_MUTEX_PSHARED_BIT` in `__kind`.
    static let mutexProcessSharedFlag: Int32 = 128
    /// `PTHREAD_MUTEX_PRIO_PROTECT_NP` in `__kind`.
    static let mutexPriorityProtectFlag: Int32 = 64
    /// `PTHREAD_RWLOCK_WRLOCKED` in `__readers`.
    static let rwlockWriteLocked: UInt32 = 2
    /// `PTHREAD_RWLOCK_READER_SHIFT`: readers are counted above these bits.
    static let rwlockReaderShift: UInt32 = 3
}
