// The C surface of the CoreIntake target (`analyze-dump handle`): libzstd's streaming
// compressor and the Linux calls Swift's Glibc module does not export (openat2, renameat2,
// a Unix datagram send). See CoreIntake.c.
#ifndef ANALYZE_DUMP_CORE_INTAKE_H
#define ANALYZE_DUMP_CORE_INTAKE_H

#include <stddef.h>
#include <sys/types.h>
#include <zstd.h>

/// Opens `path` relative to the directory `root` as if `root` were the root directory
/// (`openat2` with `RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS`): absolute symbolic links and
/// `..` stay inside it. `flags` are passed on (`O_NOFOLLOW` refuses a link as the last
/// component). Returns the descriptor, or -1 with `errno` (`ENOSYS` before Linux 5.6).
int core_intake_open_in_root(int root, const char *path, int flags);

/// Renames `from` (relative to `from_directory`) to `to` (relative to `to_directory`), failing with `EEXIST` instead of
/// replacing an existing `to` (`renameat2` with `RENAME_NOREPLACE`). Returns 0 or -1 with `errno`.
int core_intake_rename_noreplace(int from_directory, const char *from, int to_directory, const char *to);

/// A non-blocking Unix datagram socket connected to `path` (`/dev/log`): each `write` to it
/// sends one datagram. Returns the descriptor, or -1 with `errno`.
int core_intake_connect_datagram(const char *path);

#endif
