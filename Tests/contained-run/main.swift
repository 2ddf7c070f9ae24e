import Glibc

// contained-run RESULT TIMEOUT ADDRESS_SPACE_BYTES PROGRAM [ARGUMENT...]
//
// Runs PROGRAM with no core dump, `ulimit -v ADDRESS_SPACE_BYTES` (0: none) and standard
// output to /dev/null (standard input and error are inherited), kills it after TIMEOUT seconds, and
// writes one line to RESULT: `exited STATUS`, `signalled SIGNAL` or `timedout`, then the
// peak RSS in KiB from wait4's rusage and the seconds it ran.
//
// The fuzz harness starts analyze-dump through this small process rather than directly:
// posix_spawn's child shares the parent's memory until exec, and exec records that memory's
// high-water mark in the child's `ru_maxrss`, so a child of the test process would report
// at least the test process's size. Spawned from here, the floor is this program's size.

func fail(_ message: String) -> Never {
    let line = "contained-run: \(message)\n"
    _ = write(2, line, line.utf8.count)
    exit(125)
}

let arguments = CommandLine.arguments
guard arguments.count >= 5, let timeout = Double(arguments[2]), let addressSpace = rlim_t(arguments[3]) else {
    fail("usage: contained-run RESULT TIMEOUT ADDRESS_SPACE_BYTES PROGRAM [ARGUMENT...]")
}
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
var addressSpaceLimit = rlimit(rlim_cur: addressSpace, rlim_max: addressSpace)
setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)

var actions = posix_spawn_file_actions_t()
posix_spawn_file_actions_init(&actions)
posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
let program = Array(arguments[4...])
let pointers = program.map { strdup($0) } + [nil]
let start = monotonicSeconds()
// The limit applies from here to the child; this process needs no more memory.
if addressSpace > 0 { setrlimit(Int32(RLIMIT_AS.rawValue), &addressSpaceLimit) }
var pid: pid_t = 0
let spawned = posix_spawn(&pid, program[0], &actions, nil, pointers, environ)
guard spawned == 0 else { fail("cannot start \(program[0]): \(String(cString: strerror(spawned)))") }

func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

// wait4 blocks until the child ends or SIGALRM (no SA_RESTART) interrupts it at the time
// limit: no polling, so a run costs no wake-ups and is timed to the microsecond.
var alarmAction = sigaction()
alarmAction.__sigaction_handler.sa_handler = { _ in }
sigaction(SIGALRM, &alarmAction, nil)
var alarmOnly = sigset_t()
sigemptyset(&alarmOnly)
sigaddset(&alarmOnly, SIGALRM)
sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
func armTimer(_ seconds: Double) {
    let remaining = max(seconds, 0.001)
    var timer = itimerval(
        it_interval: timeval(),
        it_value: timeval(tv_sec: Int(remaining), tv_usec: Int((remaining - remaining.rounded(.down)) * 1e6)))
    setitimer(Int32(ITIMER_REAL.rawValue), &timer, nil)
}
armTimer(timeout)
var status: Int32 = 0
var usage = rusage()
var outcome = ""
while outcome.isEmpty {
    if wait4(pid, &status, 0, &usage) == pid {
        outcome = status & 0x7f == 0 ? "exited \((status >> 8) & 0xff)" : "signalled \(status & 0x7f)"
    } else if errno != EINTR {
        fail("wait4: \(String(cString: strerror(errno)))")
    } else if monotonicSeconds() - start >= timeout {
        kill(pid, SIGKILL)
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        outcome = "timedout"
    } else {
        armTimer(timeout - (monotonicSeconds() - start))
    }
}
let line = "\(outcome) \(usage.ru_maxrss) \(monotonicSeconds() - start)\n"
let descriptor = open(arguments[1], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
guard descriptor >= 0, write(descriptor, line, line.utf8.count) == line.utf8.count else { fail("cannot write \(arguments[1])") }
close(descriptor)
