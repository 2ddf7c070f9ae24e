// Starting one analysis child for `analyze-dump triage`: fork, then in the child only
// async-signal-safe calls (its own process group, an address-space limit, standard input from
// /dev/null, standard output and error to the pipes given, every other descriptor closed)
// before execve. Swift cannot promise that of code run between fork and exec.
#ifndef ANALYZE_DUMP_CHILD_PROCESS_H
#define ANALYZE_DUMP_CHILD_PROCESS_H

#include <sys/types.h>

/// Starts `path` with `argv` (NULL-terminated) and `envp` in a new process group whose
/// leader is the child, with `RLIMIT_AS` set to `address_space_limit` bytes (0: unchanged),
/// standard input `/dev/null`, standard output `stdout_fd` and standard error `stderr_fd`.
/// Returns the child's PID, or -1 with `errno` set when fork failed or the child could not
/// execute `path` (the child's errno is reported back through a close-on-exec pipe).
pid_t child_process_spawn(const char *path, char *const argv[], char *const envp[],
                          int stdout_fd, int stderr_fd, unsigned long long address_space_limit);

/// `pipe2(descriptors, O_CLOEXEC)`, which Glibc's Swift module does not export (it needs
/// _GNU_SOURCE): 0, or -1 with `errno` set.
int child_process_pipe(int descriptors[2]);

/// Catches SIGINT, SIGTERM and SIGHUP (without SA_RESTART, so that a waiting `poll` returns
/// EINTR) by recording the signal: children run in process groups of their own, which a
/// terminal's ^C does not reach, so the parent must end them before it goes.
void child_process_catch_stop_signals(void);

/// The stop signal caught since ``child_process_catch_stop_signals``, or 0.
int child_process_stop_signal(void);

#endif
