/// Names of the system calls a thread is commonly found in, per architecture, taken from the
/// kernel's `unistd` headers. Calls outside the table are shown by number.
///
/// `restart_syscall` (x86_64 219, aarch64 128, i386 0) is what a thread stopped and continued
/// in a timed wait (a debugger, a capture, SIGSTOP) sleeps in: the kernel resumes the
/// interrupted call under that number, with the original arguments left in their registers.
public enum SystemCallTable {
    /// The name of system call `number` on `architecture`, nil when the table lacks it.
    public static func name(of number: Int64, on architecture: Architecture) -> String? {
        switch architecture {
        case .x86_64: x86_64[number]
        case .aarch64: aarch64[number]
        case .i386: i386[number]
        case .unsupported: nil
        }
    }

    private static let x86_64: [Int64: String] = [
        0: "read", 1: "write", 2: "open", 3: "close", 5: "fstat", 7: "poll", 8: "lseek", 9: "mmap",
        10: "mprotect", 11: "munmap", 12: "brk", 13: "rt_sigaction", 14: "rt_sigprocmask", 16: "ioctl",
        17: "pread64", 18: "pwrite64", 19: "readv", 20: "writev", 23: "select", 24: "sched_yield",
        25: "mremap", 26: "msync", 28: "madvise", 34: "pause", 35: "nanosleep", 39: "getpid",
        40: "sendfile", 41: "socket", 42: "connect", 43: "accept", 44: "sendto", 45: "recvfrom",
        46: "sendmsg", 47: "recvmsg", 49: "bind", 50: "listen", 56: "clone", 59: "execve", 60: "exit",
        61: "wait4", 62: "kill", 65: "semop", 69: "msgsnd", 70: "msgrcv", 72: "fcntl", 73: "flock",
        74: "fsync", 75: "fdatasync", 101: "ptrace", 128: "rt_sigtimedwait", 130: "rt_sigsuspend",
        162: "sync", 186: "gettid", 200: "tkill", 202: "futex", 208: "io_getevents", 219: "restart_syscall", 220: "semtimedop",
        228: "clock_gettime", 230: "clock_nanosleep", 231: "exit_group", 232: "epoll_wait", 234: "tgkill",
        242: "mq_timedsend", 243: "mq_timedreceive", 247: "waitid", 257: "openat", 262: "newfstatat",
        270: "pselect6", 271: "ppoll", 281: "epoll_pwait", 288: "accept4", 295: "preadv", 296: "pwritev",
        299: "recvmmsg", 306: "syncfs", 307: "sendmmsg", 318: "getrandom", 426: "io_uring_enter",
        435: "clone3", 441: "epoll_pwait2", 449: "futex_waitv",
    ]

    private static let aarch64: [Int64: String] = [
        4: "io_getevents", 22: "epoll_pwait", 25: "fcntl", 29: "ioctl", 32: "flock", 56: "openat",
        57: "close", 62: "lseek", 63: "read", 64: "write", 65: "readv", 66: "writev", 67: "pread64",
        68: "pwrite64", 69: "preadv", 70: "pwritev", 71: "sendfile", 72: "pselect6", 73: "ppoll",
        79: "newfstatat", 80: "fstat", 81: "sync", 82: "fsync", 83: "fdatasync", 93: "exit",
        94: "exit_group", 95: "waitid", 98: "futex", 101: "nanosleep", 113: "clock_gettime",
        115: "clock_nanosleep", 117: "ptrace", 124: "sched_yield", 128: "restart_syscall", 129: "kill", 130: "tkill",
        131: "tgkill", 133: "rt_sigsuspend", 134: "rt_sigaction", 135: "rt_sigprocmask",
        137: "rt_sigtimedwait", 172: "getpid", 178: "gettid", 182: "mq_timedsend", 183: "mq_timedreceive",
        188: "msgrcv", 189: "msgsnd", 192: "semtimedop", 193: "semop", 198: "socket", 200: "bind",
        201: "listen", 202: "accept", 203: "connect", 206: "sendto", 207: "recvfrom", 211: "sendmsg",
        212: "recvmsg", 214: "brk", 215: "munmap", 216: "mremap", 220: "clone", 221: "execve",
        222: "mmap", 226: "mprotect", 227: "msync", 233: "madvise", 242: "accept4", 243: "recvmmsg",
        260: "wait4", 267: "syncfs", 269: "sendmmsg", 278: "getrandom", 426: "io_uring_enter",
        435: "clone3", 441: "epoll_pwait2", 449: "futex_waitv",
    ]

    private static let i386: [Int64: String] = [
        0: "restart_syscall", 1: "exit", 3: "read", 4: "write", 5: "open", 6: "close", 7: "waitpid", 11: "execve", 19: "lseek",
        20: "getpid", 26: "ptrace", 29: "pause", 36: "sync", 37: "kill", 45: "brk", 54: "ioctl",
        55: "fcntl", 82: "select", 90: "mmap", 91: "munmap", 102: "socketcall", 108: "fstat", 114: "wait4",
        118: "fsync", 120: "clone", 125: "mprotect", 142: "_newselect", 143: "flock", 144: "msync",
        145: "readv", 146: "writev", 148: "fdatasync", 158: "sched_yield", 162: "nanosleep",
        163: "mremap", 168: "poll", 174: "rt_sigaction", 175: "rt_sigprocmask", 177: "rt_sigtimedwait",
        179: "rt_sigsuspend", 180: "pread64", 181: "pwrite64", 187: "sendfile", 192: "mmap2",
        219: "madvise", 224: "gettid", 238: "tkill", 240: "futex", 247: "io_getevents",
        252: "exit_group", 256: "epoll_wait", 265: "clock_gettime", 267: "clock_nanosleep", 270: "tgkill",
        279: "mq_timedsend", 280: "mq_timedreceive", 284: "waitid", 295: "openat", 308: "pselect6",
        309: "ppoll", 319: "epoll_pwait", 333: "preadv", 334: "pwritev", 337: "recvmmsg", 344: "syncfs",
        345: "sendmmsg", 355: "getrandom", 359: "socket", 361: "bind", 362: "connect", 363: "listen",
        364: "accept4", 369: "sendto", 370: "sendmsg", 371: "recvfrom", 372: "recvmsg", 400: "msgsnd",
        401: "msgrcv", 407: "clock_nanosleep_time64", 413: "pselect6_time64", 414: "ppoll_time64",
        417: "recvmmsg_time64", 419: "mq_timedreceive_time64", 420: "semtimedop_time64",
        421: "rt_sigtimedwait_time64", 422: "futex_time64", 426: "io_uring_enter", 435: "clone3",
        441: "epoll_pwait2", 449: "futex_waitv",
    ]
}
