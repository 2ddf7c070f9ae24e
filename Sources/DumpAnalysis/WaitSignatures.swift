import DumpModel

/// The table of wait signatures: which functions on a waiting thread's stack say what it
/// waits for. docs/wait-signatures.md explains the table and how to add a row.
///
/// Two layers:
/// - ``primitives``: the C library's and the C++ runtime's synchronisation functions
///   (`pthread_mutex_lock`, `sem_wait` ...), found by substring among the runtime frames above
///   the first application frame. They name the futex word's primitive.
/// - ``rows``: runtimes' and servers' own waits (`take_gil`, `ObjectMonitor::EnterI`,
///   `ProcSleep`, `MDL_wait::timed_wait` ...), looked up by normalised name among the innermost
///   ``scannedFrames`` frames, innermost first. Runtime frames, unnamed frames and the
///   ``genericLayers`` (a runtime's event or parker functions) are passed over; the first other
///   frame decides: its row if it has one, else no row applies.
public enum WaitSignatures {
    /// How many innermost frames are looked at for a row.
    public static let scannedFrames = 12

    /// The C library's synchronisation primitives.
    enum Primitive { case mutex, internalLock, readLock, writeLock, condition, semaphore, join }

    /// Substrings of the C library's and the C++ runtime's wait functions (glibc 2.17-2.39
    /// nptl, libstdc++, C11 threads), in the order they are tried.
    static let primitives: [(String, Primitive)] = [
        ("pthread_rwlock_rdlock", .readLock), ("pthread_rwlock_timedrdlock", .readLock),
        ("pthread_rwlock_clockrdlock", .readLock), ("shared_mutex::lock_shared", .readLock),
        ("pthread_rwlock_wrlock", .writeLock), ("pthread_rwlock_timedwrlock", .writeLock),
        ("pthread_rwlock_clockwrlock", .writeLock),
        ("pthread_cond_wait", .condition), ("pthread_cond_timedwait", .condition),
        ("pthread_cond_clockwait", .condition), ("condition_variable::wait", .condition),
        ("cnd_wait", .condition), ("cnd_timedwait", .condition),
        ("sem_wait", .semaphore), ("sem_timedwait", .semaphore), ("sem_clockwait", .semaphore),
        ("pthread_join", .join), ("pthread_clockjoin", .join), ("pthread_timedjoin", .join),
        ("thrd_join", .join),
        // Before `__lll_lock_wait`, which it starts with: glibc's own locks record no owner.
        ("__lll_lock_wait_private", .internalLock),
        ("pthread_mutex_lock", .mutex), ("pthread_mutex_timedlock", .mutex),
        ("pthread_mutex_clocklock", .mutex), ("__lll_lock_wait", .mutex), ("mutex::lock", .mutex),
        ("__gthread_mutex_lock", .mutex), ("mtx_lock", .mutex), ("mtx_timedlock", .mutex),
    ]

    /// Runtimes' event, latch and parker layers: passed over to the frame that called them.
    static let genericLayers: Set<String> = [
        // HotSpot (os/posix/os_posix.cpp, share/runtime/mutex.cpp, semaphore_posix.cpp).
        "os::PlatformEvent::park", "os::PlatformMonitor::wait", "os::PlatformParker::park", "Monitor::wait",
        "Monitor::wait_without_safepoint_check", "PosixSemaphore::wait", "Semaphore::wait",
        // PostgreSQL (storage/ipc/latch.c, port/posix_sema.c).
        "WaitEventSetWait", "WaitEventSetWaitBlock", "WaitLatch", "WaitLatchOrSocket", "PGSemaphoreLock",
        // Go (runtime/lock_futex.go, os_linux.go, proc.go).
        "runtime.futex", "runtime.futexsleep", "runtime.notesleep", "runtime.notetsleep_internal",
        "runtime.mPark", "runtime.usleep", "runtime.epollwait",
        // CoreCLR's PAL (pal/src/synchmgr).
        "CLREventBase::WaitEx", "CorUnix::InternalWaitForMultipleObjectsEx",
        "CorUnix::CPalSynchronizationManager::BlockThread", "CorUnix::CPalSynchronizationManager::ThreadNativeWait",
        // libuv.
        "uv_cond_wait", "uv_cond_timedwait", "uv_sem_wait", "uv_mutex_lock",
    ]

    /// Prefixes of generic layers: parking_lot's parker, Rust's std internals.
    static let genericPrefixes = ["parking_lot_core::", "<std::", "core::"]

    /// Where the holder of a Rust std lock is found: its futex word records none.
    private static let rustStdHolder = "the other threads' stacks (a Rust std lock records no owner: the holder is inside the code it guards)"

    /// The rows, the first matching one winning.
    public static let rows: [WaitSignature] = [
        // CPython 3.11 (Python/ceval_gil.h `take_gil`: 5 ms COND_TIMED_WAIT slices on
        // `_PyRuntime.ceval.gil.cond`; Debian names it `take_gil.lto_priv.0` with python3.11-dbg).
        WaitSignature(
            "take_gil", runtime: .cpython, kind: .lock, object: "the GIL (CPython)",
            holder: "`_PyRuntime`'s gilstate (py-spy dump --core, pystack core)"),
        // Without python3-dbg `take_gil` is hidden (an unnamed frame): the exported callers that
        // take the GIL back after a blocking call (Python/ceval.c) are the GIL wait then.
        WaitSignature(
            "PyEval_RestoreThread", runtime: .cpython, kind: .lock, object: "the GIL (CPython)",
            holder: "`_PyRuntime`'s gilstate (py-spy dump --core, pystack core)"),
        WaitSignature(
            "PyEval_AcquireThread", runtime: .cpython, kind: .lock, object: "the GIL (CPython)",
            holder: "`_PyRuntime`'s gilstate (py-spy dump --core, pystack core)"),
        // Python/thread_pthread.h `PyThread_acquire_lock_timed` (sem_wait / sem_clockwait).
        // threading.Condition.wait, Event.wait, Queue.get and Thread.join block here too, each
        // on a private lock: PythonThreadingWait makes those condition waits from the Python
        // frames.
        WaitSignature(
            "PyThread_acquire_lock_timed", runtime: .cpython, kind: .lock, object: "a threading lock (CPython)",
            holder: "the Python stacks (pystack core): a threading.Lock records no owner, a `with` block that holds it does"),

        // HotSpot JDK 17 (share/runtime/objectMonitor.cpp): monitor enter, re-enter after
        // notify, Object.wait. The futex is the thread's own PlatformEvent, not the monitor.
        WaitSignature(
            "ObjectMonitor::EnterI", runtime: .hotspot, kind: .lock, object: "a Java monitor (synchronized)",
            holder: "jstack or jhsdb jstack --core (`waiting to lock <...>`, `locked <...>`)", futexIsLock: false),
        WaitSignature(
            "ObjectMonitor::enter", runtime: .hotspot, kind: .lock, object: "a Java monitor (synchronized)",
            holder: "jstack or jhsdb jstack --core (`waiting to lock <...>`, `locked <...>`)", futexIsLock: false),
        WaitSignature(
            "ObjectMonitor::ReenterI", runtime: .hotspot, kind: .lock, object: "a Java monitor, to re-enter it after Object.wait",
            holder: "jstack or jhsdb jstack --core (`waiting to lock <...>`, `locked <...>`)", futexIsLock: false),
        WaitSignature("ObjectMonitor::wait", runtime: .hotspot, kind: .condition, object: "Object.wait (Java)", futexIsLock: false),
        // share/prims/unsafe.cpp `Unsafe_Park` -> `Parker::park`: LockSupport.park, both for
        // java.util.concurrent locks and idle pool workers; only the Java frames tell.
        WaitSignature(
            "Parker::park", runtime: .hotspot, kind: .condition,
            object: "LockSupport.park (Java; a java.util.concurrent lock when jstack says `parking to wait for <...Lock...>`)",
            futexIsLock: false),
        WaitSignature(
            "Unsafe_Park", runtime: .hotspot, kind: .condition,
            object: "LockSupport.park (Java; a java.util.concurrent lock when jstack says `parking to wait for <...Lock...>`)",
            futexIsLock: false),
        WaitSignature("JavaThread::sleep", runtime: .hotspot, kind: .sleep, object: "Thread.sleep (Java)", futexIsLock: false),
        // share/runtime/mutex.cpp: VM-internal Mutex contention.
        WaitSignature("Mutex::lock_contended", runtime: .hotspot, kind: .lock, object: "a JVM-internal mutex (HotSpot)", futexIsLock: false),
        // Idle VM threads: compiler, GC workers, VM thread, watcher, service, signal dispatcher
        // (compileBroker.cpp, workgroup.cpp, vmThread.cpp, nonJavaThread.cpp, serviceThread.cpp,
        // signals_posix.cpp, attachListener_linux.cpp).
        WaitSignature("CompileQueue::get", runtime: .hotspot, kind: .idle, object: "the compile queue (HotSpot compiler thread)"),
        WaitSignature("GangWorker::wait_for_task", runtime: .hotspot, kind: .idle, object: "GC work (HotSpot GC worker)"),
        WaitSignature("VMThread::wait_for_operation", runtime: .hotspot, kind: .idle, object: "VM operations (HotSpot VM thread)"),
        WaitSignature("WatcherThread::sleep", runtime: .hotspot, kind: .idle, object: "periodic tasks (HotSpot watcher thread)"),
        WaitSignature("ServiceThread::service_thread_entry", runtime: .hotspot, kind: .idle, object: "service work (HotSpot service thread)"),
        WaitSignature("MonitorDeflationThread::monitor_deflation_thread_entry", runtime: .hotspot, kind: .idle, object: "monitors to deflate (HotSpot)"),
        WaitSignature("G1ServiceThread::sleep_before_next_cycle", runtime: .hotspot, kind: .idle, object: "G1 service work (HotSpot)"),
        WaitSignature("G1ConcurrentRefineThread::wait_for_completed_buffers", runtime: .hotspot, kind: .idle, object: "G1 refinement work (HotSpot)"),
        WaitSignature("os::signal_wait", runtime: .hotspot, kind: .idle, object: "signals (HotSpot signal dispatcher)"),
        WaitSignature("LinuxAttachListener::dequeue", runtime: .hotspot, kind: .idle, object: "attach requests (HotSpot attach listener)"),
        // Seen on Debian's 17.0.15 (G1 and Serial): the waits above inlined into their loop
        // (`GangWorker::wait_for_task` into `GangWorker::loop`, `wait_for_completed_buffers` and
        // `wait_for_next_cycle` into `run_service`), and the idle Java-side system threads
        // (prims/jvm.cpp `JVM_WaitForReferencePendingList`, runtime/sweeper.cpp,
        // runtime/notificationThread.cpp). A busy one is not in a wait, or waits deeper.
        WaitSignature("GangWorker::loop", runtime: .hotspot, kind: .idle, object: "GC work (HotSpot GC worker)"),
        WaitSignature("G1ConcurrentRefineThread::run_service", runtime: .hotspot, kind: .idle, object: "G1 refinement work (HotSpot)"),
        WaitSignature("G1ConcurrentMarkThread::run_service", runtime: .hotspot, kind: .idle, object: "a G1 marking cycle (HotSpot G1 Main Marker)"),
        WaitSignature("JVM_WaitForReferencePendingList", runtime: .hotspot, kind: .idle, object: "references to enqueue (HotSpot Reference Handler)"),
        WaitSignature("NMethodSweeper::sweeper_loop", runtime: .hotspot, kind: .idle, object: "compiled code to sweep (HotSpot sweeper thread)"),
        WaitSignature("NotificationThread::notification_thread_entry", runtime: .hotspot, kind: .idle, object: "notifications (HotSpot notification thread)"),

        // PostgreSQL 15/16 (storage/lmgr/proc.c `ProcSleep`, lwlock.c, condition_variable.c):
        // one backend per process, so the holder is another process.
        WaitSignature(
            "ProcSleep", runtime: .postgresql, kind: .lock, object: "a heavyweight lock (PostgreSQL)",
            holder: "pg_locks and pg_blocking_pids(pid)", futexIsLock: false),
        WaitSignature(
            "LWLockAcquire", runtime: .postgresql, kind: .lock, object: "an LWLock (PostgreSQL)",
            holder: "pg_stat_activity (wait_event names the LWLock; PostgreSQL records no holder)", futexIsLock: false),
        WaitSignature(
            "LWLockAcquireOrWait", runtime: .postgresql, kind: .lock, object: "an LWLock (PostgreSQL)",
            holder: "pg_stat_activity (wait_event names the LWLock; PostgreSQL records no holder)", futexIsLock: false),
        WaitSignature(
            "LWLockWaitForVar", runtime: .postgresql, kind: .lock, object: "an LWLock (PostgreSQL)",
            holder: "pg_stat_activity (wait_event names the LWLock; PostgreSQL records no holder)", futexIsLock: false),
        WaitSignature("ConditionVariableTimedSleep", runtime: .postgresql, kind: .condition, object: "a condition variable (PostgreSQL)", futexIsLock: false),
        WaitSignature("ConditionVariableSleep", runtime: .postgresql, kind: .condition, object: "a condition variable (PostgreSQL)", futexIsLock: false),
        // Idle: a backend reading from its client, the background processes' main loops.
        WaitSignature("secure_read", runtime: .postgresql, kind: .idle, object: "its client (PostgreSQL ClientRead)"),
        WaitSignature("CheckpointerMain", runtime: .postgresql, kind: .idle, object: "checkpoints (PostgreSQL checkpointer)"),
        WaitSignature("BackgroundWriterMain", runtime: .postgresql, kind: .idle, object: "dirty buffers (PostgreSQL background writer)"),
        WaitSignature("WalWriterMain", runtime: .postgresql, kind: .idle, object: "WAL to write (PostgreSQL WAL writer)"),
        WaitSignature("AutoVacLauncherMain", runtime: .postgresql, kind: .idle, object: "tables to vacuum (PostgreSQL autovacuum launcher)"),
        WaitSignature("ApplyLauncherMain", runtime: .postgresql, kind: .idle, object: "subscriptions (PostgreSQL logical replication launcher)"),
        WaitSignature("PostmasterMain", runtime: .postgresql, kind: .idle, object: "connections (PostgreSQL postmaster)"),

        // MariaDB 10.11 (sql/mdl.cc `MDL_wait::timed_wait`, a condvar per waiter).
        WaitSignature(
            "MDL_wait::timed_wait", runtime: .mariadb, kind: .lock, object: "a metadata lock (MariaDB MDL)",
            holder: "SHOW PROCESSLIST, and information_schema.METADATA_LOCK_INFO once the metadata_lock_info plugin is installed", futexIsLock: false),
        // storage/innobase/lock/lock0lock.cc `lock_wait` (hidden in Debian's build), and the
        // same wait seen through the storage-engine interface when InnoDB's frames are unnamed.
        WaitSignature(
            "lock_wait", runtime: .mariadb, kind: .lock, object: "a row or table lock (InnoDB)",
            holder: "information_schema.INNODB_LOCK_WAITS and INNODB_TRX (PROCESSLIST.TID names the thread)", futexIsLock: false),
        WaitSignature(
            "handler::ha_", runtime: .mariadb, match: .prefix, kind: .lock,
            object: "a lock inside the storage engine (an InnoDB row lock, likely: inferred, InnoDB's frames have no names)",
            holder: "information_schema.INNODB_LOCK_WAITS and INNODB_TRX (PROCESSLIST.TID names the thread)", futexIsLock: false),
        // storage/innobase/sync/srw_lock.cc: InnoDB latches, a futex on the lock word.
        WaitSignature("srw_mutex_impl", runtime: .mariadb, match: .prefix, kind: .lock, object: "an InnoDB latch (srw_mutex)"),
        WaitSignature("ssux_lock_impl", runtime: .mariadb, match: .prefix, kind: .lock, object: "an InnoDB latch (ssux_lock)"),
        // Idle: the thread cache (sql/thread_cache.h, inlined), a connection waiting for its
        // client, InnoDB's tpool, the manager and signal threads, the listener.
        WaitSignature("do_handle_one_connection", runtime: .mariadb, kind: .idle, object: "a new connection (MariaDB thread cache)"),
        WaitSignature("vio_io_wait", runtime: .mariadb, kind: .idle, object: "its client (MariaDB connection)"),
        WaitSignature("tpool::thread_pool_generic::wait_for_tasks", runtime: .mariadb, kind: .idle, object: "tasks (MariaDB tpool)"),
        WaitSignature("handle_manager", runtime: .mariadb, kind: .idle, object: "manager work (MariaDB)"),
        WaitSignature("signal_hand", runtime: .mariadb, kind: .idle, object: "signals (MariaDB signal thread)"),
        WaitSignature("handle_connections_sockets", runtime: .mariadb, kind: .idle, object: "connections (MariaDB listener)"),
        // The replication background thread, the binary log's background thread (--log-bin),
        // and the workers of thread_handling=pool-of-threads (sql/threadpool_generic.cc
        // `get_event`: a condition variable, or `io_poll_wait`'s epoll for the group's listener).
        WaitSignature("slave_deadlock_handler", runtime: .mariadb, kind: .idle, object: "replication background work (MariaDB)"),
        WaitSignature("binlog_background_thread", runtime: .mariadb, kind: .idle, object: "binary log background work (MariaDB)"),
        WaitSignature("get_event", runtime: .mariadb, kind: .idle, object: "connections with work (MariaDB thread pool)"),
        WaitSignature("io_poll_wait", runtime: .mariadb, kind: .idle, object: "network events (MariaDB thread pool listener)"),
        // SQL SLEEP() (sql/item_func.cc `Item_func_sleep::val_int` -> `Interruptible_wait::wait`,
        // a timed condition wait in 5 s slices).
        WaitSignature("Interruptible_wait::wait", runtime: .mariadb, kind: .sleep, object: "SLEEP() (MariaDB)"),

        // Redis 7.0 (src/networking.c `IOThreadMain`): the main thread holds
        // `io_threads_mutex[id]` to park an IO thread; that mutex wait is idleness.
        WaitSignature("IOThreadMain", runtime: .redis, kind: .idle, object: "work from the main thread (Redis IO thread)"),

        // nginx 1.22 (src/os/unix/ngx_process_cycle.c, src/event/ngx_event.c, src/core/ngx_thread_pool.c):
        // the master waits for signals in sigsuspend, a worker in epoll_wait below the hidden
        // ngx_epoll_process_events, thread-pool threads on their queue's condvar.
        WaitSignature("ngx_process_events_and_timers", runtime: .nginx, kind: .idle, object: "connections and timers (nginx worker)"),
        WaitSignature("ngx_master_process_cycle", runtime: .nginx, kind: .idle, object: "signals (nginx master)"),
        WaitSignature("ngx_thread_cond_wait", runtime: .nginx, kind: .idle, object: "tasks (nginx thread pool)", futexIsLock: false),

        // Rust std, futex-based since 1.62 (library/std/src/sys/sync/mutex/futex.rs; 1.62-1.76
        // sys/unix/locks/futex_mutex.rs): a futex on the Mutex's own word.
        WaitSignature("Mutex>::lock_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std Mutex", holder: rustStdHolder),
        WaitSignature("futex_mutex::Mutex::lock_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std Mutex", holder: rustStdHolder),
        WaitSignature("RwLock>::read_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to read", holder: rustStdHolder),
        WaitSignature("RwLock>::write_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to write", holder: rustStdHolder),
        WaitSignature("futex_rwlock::RwLock::read_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to read", holder: rustStdHolder),
        WaitSignature("futex_rwlock::RwLock::write_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to write", holder: rustStdHolder),
        // The same in a std built with legacy names after 1.77 (sys/sync/mutex/futex.rs:
        // `std::sys::sync::mutex::futex::Mutex::lock_contended`); the v0 names above are
        // `<std::sys::sync::mutex::futex::Mutex>::lock_contended` (rustc 1.95, verified).
        WaitSignature("futex::Mutex::lock_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std Mutex", holder: rustStdHolder),
        WaitSignature("futex::RwLock::read_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to read", holder: rustStdHolder),
        WaitSignature("futex::RwLock::write_contended", runtime: .rustStd, match: .suffix, kind: .lock, object: "a Rust std RwLock, to write", holder: rustStdHolder),
        // std's futex Condvar (sys/sync/condvar/futex.rs `wait`, `wait_timeout`; 1.62-1.76
        // futex_condvar.rs `wait_optional_timeout`): a futex on the Condvar's counter, not a lock.
        WaitSignature("Condvar>::wait", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        WaitSignature("Condvar>::wait_timeout", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        WaitSignature("Condvar>::wait_optional_timeout", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        WaitSignature("futex::Condvar::wait", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        WaitSignature("futex::Condvar::wait_timeout", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        WaitSignature("futex_condvar::Condvar::wait_optional_timeout", runtime: .rustStd, match: .suffix, kind: .condition, object: "a Rust std Condvar", futexIsLock: false),
        // std's channels (sync/mpmc, taken from crossbeam-channel, since 1.67): a receiver
        // parks its thread (`Thread::park`, a generic layer) in the
        // channel's generic `recv`, named with `<T>` in legacy names. Waiting for a message is
        // idleness (a sender blocked on a full bounded channel is not matched).
        WaitSignature("std::sync::mpmc::list::Channel<T>::recv", runtime: .rustStd, match: .prefix, kind: .idle, object: "messages on a Rust std channel"),
        WaitSignature("std::sync::mpmc::array::Channel<T>::recv", runtime: .rustStd, match: .prefix, kind: .idle, object: "messages on a Rust std channel"),
        WaitSignature("std::sync::mpmc::zero::Channel<T>::recv", runtime: .rustStd, match: .prefix, kind: .idle, object: "messages on a Rust std channel"),
        // parking_lot 0.12 (src/raw_mutex.rs, raw_rwlock.rs): the futex is the thread's
        // parker (parking_lot_core thread_parker/linux.rs), the lock is only the park key.
        WaitSignature("RawMutex::lock_slow", runtime: .parkingLot, match: .suffix, kind: .lock, object: "a parking_lot Mutex", futexIsLock: false),
        WaitSignature("RawMutex>::lock_slow", runtime: .parkingLot, match: .suffix, kind: .lock, object: "a parking_lot Mutex", futexIsLock: false),
        WaitSignature("RawRwLock::lock_exclusive_slow", runtime: .parkingLot, match: .suffix, kind: .lock, object: "a parking_lot RwLock, to write", futexIsLock: false),
        WaitSignature("RawRwLock::lock_shared_slow", runtime: .parkingLot, match: .suffix, kind: .lock, object: "a parking_lot RwLock, to read", futexIsLock: false),
        WaitSignature("RawRwLock::lock_upgradable_slow", runtime: .parkingLot, match: .suffix, kind: .lock, object: "a parking_lot RwLock, upgradable", futexIsLock: false),

        // Go 1.19-1.23 (runtime/proc.go): idle Ms park in stopm, sysmon sleeps, the netpoller
        // waits in epoll. Goroutine-level waits (sync.Mutex) never show on a native stack.
        WaitSignature("runtime.stopm", runtime: .go, kind: .idle, object: "goroutines to run (Go scheduler)"),
        WaitSignature("runtime.sysmon", runtime: .go, kind: .idle, object: "its next check (Go sysmon)"),
        WaitSignature("runtime.netpoll", runtime: .go, kind: .idle, object: "network events (Go netpoller)"),

        // .NET CoreCLR 6-8 (src/coreclr/vm/syncblk.cpp), from the source only: Monitor.Enter
        // contention and Monitor.Wait.
        WaitSignature(
            "AwareLock::EnterEpilogHelper", runtime: .coreclr, kind: .lock, object: "a .NET monitor (lock statement)",
            holder: "dotnet-dump's syncblk (AwareLock::m_HoldingThread)", futexIsLock: false, isSourceOnly: true),
        WaitSignature("SyncBlock::Wait", runtime: .coreclr, kind: .condition, object: "Monitor.Wait (.NET)", futexIsLock: false, isSourceOnly: true),
    ]

    /// The first row, in table order, whose function is `name` (normalised). Callers look each
    /// distinct name up once.
    static func row(matching name: String) -> WaitSignature? {
        rows.first { $0.matches(name) }
    }

    /// How a wait function's (normalised) name is matched in ``restartedCalls``.
    enum NamePattern {
        case exact(String), prefix(String), substring(String)

        func matches(_ name: String) -> Bool {
            switch self {
            case .exact(let text): name == text
            case .prefix(let text): name.hasPrefix(text)
            case .substring(let text): name.contains(text)
            }
        }
    }

    /// The system call each wait function makes, for the calls the kernel resumes through
    /// `restart_syscall` (timed futex waits, relative sleeps and polls): a thread there is
    /// classified as the call its innermost such frame names. Tried in order.
    static let restartedCalls: [(NamePattern, call: String)] = [
        // glibc's futex waits (nptl), C11 threads, and libc's syscall() used by runtimes' locks.
        (.substring("futex"), "futex"), (.exact("syscall"), "futex"),
        (.prefix("new_sem_wait"), "futex"), (.prefix("lll_lock_wait"), "futex"),
        (.prefix("pthread_cond_"), "futex"), (.prefix("pthread_mutex_"), "futex"),
        (.prefix("pthread_rwlock_"), "futex"), (.prefix("sem_"), "futex"),
        (.prefix("pthread_clockjoin"), "futex"), (.prefix("pthread_timedjoin"), "futex"),
        (.prefix("cnd_"), "futex"), (.prefix("mtx_"), "futex"),
        // Sleeps.
        (.prefix("clock_nanosleep"), "clock_nanosleep"), (.exact("nanosleep"), "clock_nanosleep"),
        (.exact("sleep"), "clock_nanosleep"), (.exact("usleep"), "clock_nanosleep"),
        (.exact("thrd_sleep"), "clock_nanosleep"), (.exact("runtime.usleep"), "nanosleep"),
        // Polls.
        (.exact("poll"), "poll"), (.exact("poll_chk"), "poll"), (.prefix("ppoll"), "ppoll"),
        (.exact("select"), "pselect6"), (.exact("pselect"), "pselect6"),
    ]

    /// The system call a wait function (normalised) makes, if the kernel resumes it through
    /// `restart_syscall`.
    static func restartedCall(of function: String) -> String? {
        restartedCalls.first { $0.0.matches(function) }?.call
    }

    /// Whether a normalised name is one of a runtime's event or parker layers.
    static func isGenericLayer(_ name: String) -> Bool {
        genericLayers.contains(name) || genericPrefixes.contains(where: name.hasPrefix)
    }

    /// A function's name as the table spells it: without its parameter list, compiler clone
    /// suffixes (`.lto_priv.0`, `.cold`, ` [clone .cold]`, `.constprop.0`, `.isra.0`,
    /// `.part.0`), symbol versions (`@@GLIBC_2.2.5`), Rust hashes (`::h0123456789abcdef`,
    /// `[d28b...]`), glibc's `__GI_` prefix and leading underscores.
    public static func normalise(_ raw: String) -> String {
        var name = Substring(raw)
        if let clone = name.firstRange(of: " [clone") { name = name[..<clone.lowerBound] }
        if let paren = name.dropFirst().firstIndex(of: "(") { name = name[..<paren] }
        if let at = name.firstIndex(of: "@") { name = name[..<at] }
        name = withoutCloneSuffixes(name)
        name = withoutRustHashes(name)
        if name.hasPrefix("__GI_") { name = name.dropFirst(5) }
        while name.first == "_" && name.count > 1 { name = name.dropFirst() }
        return String(name)
    }

    private static let cloneSuffixes: Set<Substring> = ["lto_priv", "constprop", "isra", "part", "cold"]

    private static func withoutCloneSuffixes(_ input: Substring) -> Substring {
        var name = input
        while true {
            if name.hasSuffix(".cold") { name = name.dropLast(5); continue }
            guard let dot = name.lastIndex(of: ".") else { return name }
            let number = name[name.index(after: dot)...]
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit),
                  let previous = name[..<dot].lastIndex(of: "."),
                  cloneSuffixes.contains(name[name.index(after: previous)..<dot])
            else { return name }
            name = name[..<previous]
        }
    }

    private static func withoutRustHashes(_ input: Substring) -> Substring {
        var name = input
        // Legacy mangling: `::h` and 16 hexadecimal digits at the end.
        if name.count > 19, let marker = name.index(name.endIndex, offsetBy: -19, limitedBy: name.startIndex),
           name[marker...].hasPrefix("::h"), name[name.index(marker, offsetBy: 3)...].allSatisfy(\.isHexDigit) {
            name = name[..<marker]
        }
        // v0 mangling: crate hashes in brackets, `std[d28b...]`.
        guard name.contains("[") else { return name }
        var result = ""
        var rest = name
        while let open = rest.firstIndex(of: "[") {
            result += rest[..<open]
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: "]"), !after[..<close].isEmpty, after[..<close].allSatisfy(\.isHexDigit) {
                rest = after[after.index(after: close)...]
            } else {
                result += "["
                rest = after
            }
        }
        result += rest
        return Substring(result)
    }
}
