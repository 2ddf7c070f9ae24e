// Linux calls for `analyze-dump handle` that Swift's Glibc module does not export.
#define _GNU_SOURCE
#include "CoreIntake.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

int core_intake_open_in_root(int root, const char *path, int flags) {
#ifdef SYS_openat2
    struct open_how how = {.flags = (unsigned long long)flags, .resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS};
    long descriptor;
    do {
        descriptor = syscall(SYS_openat2, root, path, &how, sizeof how);
    } while (descriptor < 0 && errno == EINTR);
    return (int)descriptor;
#else
    (void)root; (void)path; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int core_intake_rename_noreplace(int from_directory, const char *from, int to_directory, const char *to) {
    return renameat2(from_directory, from, to_directory, to, RENAME_NOREPLACE);
}

int core_intake_connect_datagram(const char *path) {
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof address.sun_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(address.sun_path, path);
    int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (sock < 0) return -1;
    int connected;
    do {
        connected = connect(sock, (const struct sockaddr *)&address, sizeof address);
    } while (connected < 0 && errno == EINTR);
    if (connected < 0) {
        int saved = errno;
        close(sock);
        errno = saved;
        return -1;
    }
    return sock;
}
