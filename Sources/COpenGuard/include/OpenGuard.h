// Opening files for reading without ever opening a FIFO, a device, a socket, a directory or
// a /proc or /sys file, for the paths a core names. See OpenGuard.c and docs/architecture.md.
#ifndef ANALYZE_DUMP_OPEN_GUARD_H
#define ANALYZE_DUMP_OPEN_GUARD_H

/// Why ``open_guard_open_regular`` refused a path.
enum open_guard_refusal {
    /// Not refused: the file was opened, or the open failed with `errno` set.
    OPEN_GUARD_ACCEPTED = 0,
    OPEN_GUARD_FIFO = 1,
    OPEN_GUARD_CHARACTER_DEVICE = 2,
    OPEN_GUARD_BLOCK_DEVICE = 3,
    OPEN_GUARD_SOCKET = 4,
    OPEN_GUARD_DIRECTORY = 5,
    /// A regular file of procfs (`/proc/kcore`, `/proc/PID/mem` ...), or a path through a
    /// procfs magic link (`/proc/self/exe`, `/proc/PID/fd/N`).
    OPEN_GUARD_PROCFS = 6,
    /// A regular file of sysfs.
    OPEN_GUARD_SYSFS = 7,
    /// The path named another file when it was opened than when it was checked (only
    /// without /proc, where the checked file cannot be reopened by descriptor).
    OPEN_GUARD_REPLACED = 8,
};

/// Opens `path` for reading (`flags` without `O_CREAT`), only if it is a regular file outside
/// procfs and sysfs, reached without a procfs magic link. The path is resolved once with
/// `O_PATH` (by `openat2` with `RESOLVE_NO_MAGICLINKS` where the kernel has it), which opens no
/// device and never blocks; that descriptor is checked with `fstat` and `fstatfs` and reopened through
/// `/proc/self/fd` (without /proc: the path is opened again and must be the same file), with
/// `O_NONBLOCK | O_CLOEXEC | O_NOCTTY`; `O_NONBLOCK` is cleared before returning.
///
/// Returns the descriptor, or -1 with `*refusal` set to why the file was refused (and `errno`
/// to `EPERM`; the handler of the guard installed on the thread, if any, is told), or -1 with
/// `*refusal` 0 and `errno` from the failed call.
int open_guard_open_regular(const char *path, int flags, int *refusal);

/// Called for each path the guard refused while installed.
typedef void (*open_guard_handler)(const char *path, int refusal, void *context);

/// A guard for the `open` calls of libraries (libdwfl) on the current thread.
struct open_guard {
    open_guard_handler handler;
    void *context;
};

/// Installs `guard` for the current thread (NULL removes it) and returns the previous one.
/// While a guard is installed, every read-only `open(2)` made on the thread (libdwfl's and
/// libelf's included: the executable defines `open`, which the dynamic linker binds before
/// glibc's) goes through ``open_guard_open_regular``, and every refusal on the thread is passed
/// to the handler.
const struct open_guard *open_guard_install(const struct open_guard *guard);

#endif
