/// The table of spawn trampolines: functions a program starts every thread in, before the
/// thread's own function. Threads are grouped into pools by the function they start in
/// (``ThreadPool``); through a trampoline every thread would seem to start in the same one
/// (every mariadbd thread in `pfs_spawn_thread`, every HotSpot thread in
/// `thread_native_entry`), so pools pass over these to the function the trampoline calls.
///
/// Names are normalised as ``WaitSignatures/normalise(_:)`` does. Unnamed frames between the
/// thread's start and its first named function are passed over too: a trampoline is often a
/// hidden symbol (`pfs_spawn_thread` in Debian's mariadbd shows as `mariadbd+0xc7f646`).
/// docs/wait-signatures.md lists the rows and says how to add one.
public enum SpawnTrampolines {
    /// The trampolines' normalised names.
    public static let functions: Set<String> = [
        // MariaDB and MySQL (storage/perfschema/pfs.cc `pfs_spawn_thread`): every thread made
        // with `mysql_thread_create` starts there.
        "pfs_spawn_thread",
        // HotSpot JDK 17 (os/linux/os_linux.cpp `thread_native_entry` -> share/runtime/thread.cpp
        // `Thread::call_run` -> the thread class's `run`; a JavaThread's `run` calls
        // `thread_main_inner`, which calls its entry point). Debian's openjdk-17 pools as
        // `thread_entry` (Java threads), `CompileBroker::compiler_thread_loop`,
        // `GangWorker::run` and `ConcurrentGCThread::run` (G1's GC threads).
        "thread_native_entry", "Thread::call_run", "JavaThread::run", "JavaThread::thread_main_inner",
    ]

    /// Whether a normalised function name is a spawn trampoline.
    public static func contains(_ name: String) -> Bool {
        functions.contains(name)
    }
}
