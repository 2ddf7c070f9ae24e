#!/usr/bin/python3
"""gil-and-lock: CPython threads waiting on a threading.Lock and on the GIL.

Used by tests at test time, run by Debian's python3 (3.11 on Debian 12):

- "holder" takes `lock` and sleeps; two "lock waiters" block in `with lock`
  (PyThread_acquire_lock_timed, on the lock's semaphore);
- two "GIL waiters" sleep 10 ms at a time, so within 10 ms of "hog" taking
  the GIL in a regular expression that backtracks for ever (the re module
  never releases the GIL) both wait to get it back after a sleep (take_gil,
  from PyEval_RestoreThread), whatever the machine's load.

Readiness is a fact the script checks, never a sleep: the main thread
starts each role once the one before sits in the system call it stays in
(/proc/self/task/TID/syscall: the holder in clock_nanosleep, each lock waiter
in a futex wait without a timeout), writes each role's native thread id, one
"role tid" a line, to tids.txt next to this file, and then sleeps; the hog
prints "ready" and takes the GIL only once the main thread is in that sleep.
A thread that still needed the GIL when the hog takes it would wait for it
too, and the GIL would have more waiters than the two whose role it is.
"""
import os
import platform
import re
import sys
import threading
import time

lock = threading.Lock()


def holder():
    with lock:
        time.sleep(600)


def lock_waiter():
    with lock:
        pass


def gil_waiter():
    while True:
        time.sleep(0.01)


# The numbers of clock_nanosleep and futex, which /proc/self/task/TID/syscall shows first;
# before 3.11 time.sleep sleeps in select, which glibc makes pselect6.
SYSCALLS = {"x86_64": ("230", "202"), "aarch64": ("115", "98")}[platform.machine()]
NANOSLEEP, FUTEX = SYSCALLS
if sys.version_info < (3, 11):
    NANOSLEEP = {"x86_64": "270", "aarch64": "72"}[platform.machine()]


def wait_until_in(tid, number, untimed=False):
    """Sleeps (without the GIL) until thread `tid` is blocked in system call
    `number`; with `untimed`, in a futex wait without a timeout (the fourth
    argument is NULL), which a GIL wait, always timed, is not."""
    path = f"/proc/self/task/{tid}/syscall"
    while True:
        with open(path) as status:
            fields = status.read().split()
        if fields and fields[0] == number and (not untimed or (len(fields) > 4 and fields[4] == "0x0")):
            return
        time.sleep(0.01)


def hog(all_started):
    all_started.wait()
    wait_until_in(os.getpid(), NANOSLEEP)
    print("ready", flush=True)
    re.match(r"(a+)+$", "a" * 40 + "b")


def start(target, *args):
    """Starts a daemon thread running `target` and returns its native id."""
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread.native_id


roles = [("holder", start(holder))]
wait_until_in(roles[0][1], NANOSLEEP)
for _ in range(2):
    tid = start(lock_waiter)
    wait_until_in(tid, FUTEX, untimed=True)
    roles.append(("lock-waiter", tid))
for _ in range(2):
    roles.append(("gil-waiter", start(gil_waiter)))
all_started = threading.Event()
roles.append(("hog", start(hog, all_started)))
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tids.txt"), "w") as out:
    out.writelines(f"{role} {tid}\n" for role, tid in roles)
all_started.set()
time.sleep(600)
