#!/usr/bin/python3
"""gil-and-lock: CPython threads waiting on a threading.Lock and on the GIL.

Used by tests at test time, run by Debian's python3 (3.11 on Debian 12):

- "holder" takes `lock` and sleeps; two "lock waiters" block in `with lock`
  (PyThread_acquire_lock_timed, on the lock's semaphore);
- two "GIL waiters" sleep 10 ms at a time, so within 10 ms of "hog" taking
  the GIL in a regular expression that backtracks for ever (the re module
  never releases the GIL) both wait to get it back after a sleep (take_gil,
  from PyEval_RestoreThread), whatever the machine's load.

Before printing "ready" the hog writes each role's native thread id, one
"role tid" a line, to tids.txt next to this file, and waits until the main
thread, the holder and the lock waiters are in the system calls they stay in
(clock_nanosleep, futex): a thread that still needed the GIL once the hog
takes it would wait for it too, and the GIL would have more waiters than the
two whose role it is.
"""
import os
import platform
import re
import threading
import time

lock = threading.Lock()
tids = []


def holder():
    tids.append(("holder", threading.get_native_id()))
    with lock:
        time.sleep(600)


def lock_waiter():
    tids.append(("lock-waiter", threading.get_native_id()))
    with lock:
        pass


def gil_waiter():
    tids.append(("gil-waiter", threading.get_native_id()))
    while True:
        time.sleep(0.01)


# The numbers of clock_nanosleep and futex, which /proc/self/task/TID/syscall shows first.
SYSCALLS = {"x86_64": ("230", "202"), "aarch64": ("115", "98")}[platform.machine()]


def wait_until_in(tid, number):
    """Sleeps (without the GIL) until thread `tid` is blocked in system call `number`."""
    path = f"/proc/self/task/{tid}/syscall"
    while True:
        with open(path) as status:
            if status.read().split(" ", 1)[0] == number:
                return
        time.sleep(0.01)


def hog():
    tids.append(("hog", threading.get_native_id()))
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tids.txt"), "w") as out:
        out.writelines(f"{role} {tid}\n" for role, tid in tids)
    nanosleep, futex = SYSCALLS
    wait_until_in(os.getpid(), nanosleep)
    for role, tid in tids:
        if role in ("holder", "lock-waiter"):
            wait_until_in(tid, nanosleep if role == "holder" else futex)
    print("ready", flush=True)
    re.match(r"(a+)+$", "a" * 40 + "b")


threading.Thread(target=holder, daemon=True).start()
time.sleep(0.1)
for _ in range(2):
    threading.Thread(target=lock_waiter, daemon=True).start()
time.sleep(0.1)
for _ in range(2):
    threading.Thread(target=gil_waiter, daemon=True).start()
time.sleep(0.1)
threading.Thread(target=hog, daemon=True).start()
time.sleep(600)
