#define _GNU_SOURCE
#include "ChildProcess.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// Writes `error` to the report pipe and exits: only async-signal-safe calls.
static void fail_in_child(int report_fd, int error) {
    ssize_t ignored = write(report_fd, &error, sizeof error);
    (void)ignored;
    _exit(127);
}

/// Closes every descriptor from `first` up except `keep`: close_range where the kernel has it
/// (5.9), else one close per descriptor below the soft RLIMIT_NOFILE.
static void close_from(int first, int keep) {
    if (keep > first && syscall(SYS_close_range, (unsigned)first, (unsigned)keep - 1, 0) == 0
        && syscall(SYS_close_range, (unsigned)keep + 1, ~0U, 0) == 0) return;
    struct rlimit files;
    int last = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < 65536 ? (int)files.rlim_cur : 65536;
    for (int fd = first; fd < last; fd++) {
        if (fd != keep) close(fd);
    }
}

pid_t child_process_spawn(const char *path, char *const argv[], char *const envp[],
                          int stdout_fd, int stderr_fd, unsigned long long address_space_limit) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(report[0]);
        close(report[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        // The parent ignores SIGPIPE and may block signals; the child starts clean.
        sigset_t none;
        sigemptyset(&none);
        sigprocmask(SIG_SETMASK, &none, NULL);
        signal(SIGPIPE, SIG_DFL);
        if (setpgid(0, 0) != 0) fail_in_child(report[1], errno);
        if (address_space_limit != 0) {
            struct rlimit limit = {address_space_limit, address_space_limit};
            if (setrlimit(RLIMIT_AS, &limit) != 0) fail_in_child(report[1], errno);
        }
        int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (null_fd < 0) fail_in_child(report[1], errno);
        if (dup2(null_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0) fail_in_child(report[1], errno);
        // Descriptors 3 and up are not the child's business, except the report pipe, which
        // closes on exec.
        close_from(3, report[1]);
        execve(path, argv, envp);
        fail_in_child(report[1], errno);
    }
    close(report[1]);
    int child_error = 0;
    ssize_t got;
    do {
        got = read(report[0], &child_error, sizeof child_error);
    } while (got < 0 && errno == EINTR);
    close(report[0]);
    if (got == (ssize_t)sizeof child_error) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        errno = child_error;
        return -1;
    }
    return pid;
}

int child_process_pipe(int descriptors[2]) {
    return pipe2(descriptors, O_CLOEXEC);
}

static volatile sig_atomic_t caught_stop_signal;

static void record_stop_signal(int signal_number) {
    caught_stop_signal = signal_number;
}

void child_process_catch_stop_signals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = record_stop_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

int child_process_stop_signal(void) {
    return caught_stop_signal;
}
