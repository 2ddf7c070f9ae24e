// The executable defines `open` and `pread`, so the dynamic linker binds libdw's and libelf's
// references to `open@GLIBC_2.2.5` and `pread@GLIBC_2.2.5` (and those of any other library)
// here rather than to glibc's. Outside an installed guard they forward to glibc's `openat` and
// `pread64`, which is what glibc's `open` and `pread` are: behaviour is unchanged.
#undef _FORTIFY_SOURCE
#define _GNU_SOURCE
#include "FileGuard.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static _Thread_local const struct file_guard *active_guard;

const struct file_guard *file_guard_install(const struct file_guard *guard) {
    const struct file_guard *previous = active_guard;
    active_guard = guard;
    return previous;
}

static int refusal_for_mode(mode_t mode) {
    if (S_ISREG(mode)) return FILE_GUARD_ACCEPTED;
    if (S_ISFIFO(mode)) return FILE_GUARD_FIFO;
    if (S_ISCHR(mode)) return FILE_GUARD_CHARACTER_DEVICE;
    if (S_ISBLK(mode)) return FILE_GUARD_BLOCK_DEVICE;
    if (S_ISSOCK(mode)) return FILE_GUARD_SOCKET;
    return FILE_GUARD_DIRECTORY;
}

/// Tells the installed guard's handler, if any, that `path` was refused.
static void report_refusal(const char *path, int refusal) {
    const struct file_guard *guard = active_guard;
    if (guard != NULL && guard->handler != NULL) guard->handler(path, refusal, guard->context);
}

/// Closes `descriptor` keeping `errno`.
static void close_keeping_errno(int descriptor) {
    int saved = errno;
    close(descriptor);
    errno = saved;
}

/// `openat(AT_FDCWD, path, flags)`, retried while a signal interrupts it.
static int openat_retrying(const char *path, int flags) {
    int descriptor;
    do {
        descriptor = openat(AT_FDCWD, path, flags);
    } while (descriptor < 0 && errno == EINTR);
    return descriptor;
}

/// An `O_PATH` descriptor of `path`, which opens no device and never blocks. A path through a
/// procfs magic link (`/proc/self/exe`, `/proc/PID/fd/N`, `/proc/PID/root/...`) resolves to a
/// file outside procfs, so it is refused as a /proc file: `openat2` with
/// `RESOLVE_NO_MAGICLINKS` tells (Linux 5.6 and later; before, or under a seccomp filter that
/// denies it, the path is looked up plainly).
static int probe_path(const char *path, int *refusal) {
#ifdef SYS_openat2
    long probe;
    struct open_how how = {.flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_NO_MAGICLINKS};
    do {
        probe = syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof how);
    } while (probe < 0 && errno == EINTR);
    if (probe >= 0) return (int)probe;
    if (errno == ELOOP) {
        // A loop of symbolic links, or a magic link: a plain lookup tells which.
        int plain = openat_retrying(path, O_PATH | O_CLOEXEC);
        if (plain < 0) return -1;
        close(plain);
        *refusal = FILE_GUARD_PROCFS;
        return -1;
    }
    if (errno != ENOSYS && errno != EPERM) return -1;
#endif
    return openat_retrying(path, O_PATH | O_CLOEXEC);
}

int file_guard_open_regular(const char *path, int flags, int *refusal) {
    *refusal = FILE_GUARD_ACCEPTED;
    int probe = probe_path(path, refusal);
    if (probe < 0) {
        if (*refusal != FILE_GUARD_ACCEPTED) {
            report_refusal(path, *refusal);
            errno = EPERM;
        }
        return -1;
    }
    struct stat checked;
    if (fstat(probe, &checked) != 0) {
        close_keeping_errno(probe);
        return -1;
    }
    int kind = refusal_for_mode(checked.st_mode);
    struct statfs filesystem;
    if (kind == FILE_GUARD_ACCEPTED && fstatfs(probe, &filesystem) == 0) {
        if (filesystem.f_type == PROC_SUPER_MAGIC) kind = FILE_GUARD_PROCFS;
        else if (filesystem.f_type == SYSFS_MAGIC) kind = FILE_GUARD_SYSFS;
    }
    const struct file_guard *guard = active_guard;
    if (kind == FILE_GUARD_ACCEPTED && guard != NULL && guard->admit != NULL
        && !guard->admit(checked.st_dev, checked.st_ino, guard->context)) {
        kind = FILE_GUARD_REPEATED;
    }
    if (kind != FILE_GUARD_ACCEPTED) {
        close(probe);
        *refusal = kind;
        report_refusal(path, kind);
        errno = EPERM;
        return -1;
    }
    int open_flags = (flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_PATH)) | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    char by_descriptor[32];
    snprintf(by_descriptor, sizeof by_descriptor, "/proc/self/fd/%d", probe);
    int descriptor = openat_retrying(by_descriptor, open_flags);
    if (descriptor < 0 && errno == ENOENT) {
        // No /proc: open the path again and make sure it is still the file checked.
        descriptor = openat_retrying(path, open_flags);
        struct stat opened;
        if (descriptor >= 0 && (fstat(descriptor, &opened) != 0 || opened.st_dev != checked.st_dev
                                || opened.st_ino != checked.st_ino)) {
            close(descriptor);
            descriptor = -1;
            *refusal = FILE_GUARD_REPLACED;
            report_refusal(path, FILE_GUARD_REPLACED);
            errno = EPERM;
        }
    }
    close_keeping_errno(probe);
    if (descriptor >= 0) {
        int status = fcntl(descriptor, F_GETFL);
        if (status >= 0) fcntl(descriptor, F_SETFL, status & ~O_NONBLOCK);
    }
    return descriptor;
}

int open(const char *path, int flags, ...) {
    mode_t mode = 0;
    if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list arguments;
        va_start(arguments, flags);
        mode = va_arg(arguments, mode_t);
        va_end(arguments);
    }
    const struct file_guard *guard = active_guard;
    if (guard == NULL || (flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_DIRECTORY | O_PATH)) != 0) {
        return openat(AT_FDCWD, path, flags, mode);
    }
    int refusal;
    return file_guard_open_regular(path, flags, &refusal);
}

ssize_t pread(int descriptor, void *buffer, size_t count, off_t offset) {
    const struct file_guard *guard = active_guard;
    if (guard != NULL && descriptor == guard->limited_descriptor && count > guard->read_limit
        && !(offset == guard->exempt_offset && count <= guard->exempt_size)) {
        errno = EFBIG;
        return -1;
    }
    return pread64(descriptor, buffer, count, offset);
}
