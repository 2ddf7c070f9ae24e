// What libdwfl and libelf may do with files while they read a core: open only regular files
// (never a FIFO, a device, a socket, a directory or a /proc or /sys file) and read the core in
// pieces of bounded size. See FileGuard.c and docs/architecture.md.
#ifndef ANALYZE_DUMP_FILE_GUARD_H
#define ANALYZE_DUMP_FILE_GUARD_H

#include <stddef.h>
#include <sys/types.h>

/// Why ``file_guard_open_regular`` refused a path.
enum file_guard_refusal {
    /// Not refused: the file was opened, or the open failed with `errno` set.
    FILE_GUARD_ACCEPTED = 0,
    FILE_GUARD_FIFO = 1,
    FILE_GUARD_CHARACTER_DEVICE = 2,
    FILE_GUARD_BLOCK_DEVICE = 3,
    FILE_GUARD_SOCKET = 4,
    FILE_GUARD_DIRECTORY = 5,
    /// A regular file of procfs (`/proc/kcore`, `/proc/PID/mem` ...), or a path through a
    /// procfs magic link (`/proc/self/exe`, `/proc/PID/fd/N`).
    FILE_GUARD_PROCFS = 6,
    /// A regular file of sysfs.
    FILE_GUARD_SYSFS = 7,
    /// The path named another file when it was opened than when it was checked (only
    /// without /proc, where the checked file cannot be reopened by descriptor).
    FILE_GUARD_REPLACED = 8,
    /// The guard's `admit` refused the file: it was opened too often already.
    FILE_GUARD_REPEATED = 9,
};

/// Opens `path` for reading (`flags` without `O_CREAT`), only if it is a regular file outside
/// procfs and sysfs, reached without a procfs magic link. The path is resolved once with
/// `O_PATH` (by `openat2` with `RESOLVE_NO_MAGICLINKS` where the kernel has it), which opens no
/// device and never blocks; that descriptor is checked with `fstat` and `fstatfs` and reopened
/// through `/proc/self/fd` (without /proc: the path is opened again and must be the same file),
/// with `O_NONBLOCK | O_CLOEXEC | O_NOCTTY`; `O_NONBLOCK` is cleared before returning.
///
/// Returns the descriptor, or -1 with `*refusal` set to why the file was refused (and `errno`
/// to `EPERM`; the handler of the guard installed on the thread, if any, is told), or -1 with
/// `*refusal` 0 and `errno` from the failed call.
int file_guard_open_regular(const char *path, int flags, int *refusal);

/// Called for each path the guard refused while installed.
typedef void (*file_guard_handler)(const char *path, int refusal, void *context);

/// Asked, once a path passed every check and before it is opened, whether the file (device
/// and inode) may be opened; nonzero admits it.
typedef int (*file_guard_admission)(dev_t device, ino_t inode, void *context);

/// A guard for the file access of libraries (libdwfl, libelf) on the current thread.
struct file_guard {
    /// Told of every refused path; may be NULL.
    file_guard_handler handler;
    /// Asked before a file is opened; may be NULL (every file that passes the checks is).
    file_guard_admission admit;
    /// Passed to `handler` and `admit`.
    void *context;
    /// A descriptor whose reads are limited (the core), or -1.
    int limited_descriptor;
    /// The most bytes one `pread` of `limited_descriptor` may ask for, except the range below.
    size_t read_limit;
    /// A range of `limited_descriptor` that may be read whole in one `pread` (the core's first
    /// note segment, which libdwfl reads at once).
    off_t exempt_offset;
    size_t exempt_size;
};

/// Installs `guard` for the current thread (NULL removes it) and returns the previous one.
/// While a guard is installed, every read-only `open(2)` made on the thread (libdwfl's and
/// libelf's included: the executable defines `open` and `pread`, which the dynamic linker
/// binds before glibc's) goes through ``file_guard_open_regular``, every refusal on the thread
/// is passed to the handler, and a `pread` of the limited descriptor larger than the limit
/// fails with `EFBIG` instead of reading: libdwfl allocates and reads whatever size the
/// headers of a module in core memory claim.
const struct file_guard *file_guard_install(const struct file_guard *guard);

#endif
