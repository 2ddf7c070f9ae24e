#!/usr/bin/python3
"""python-warmup: a warm-up under a threading.Lock with requests queued, and a runaway.

Used by tests at test time, run by Debian's python3 (3.11 on Debian 12):

- "warmup" takes `cache_lock` and computes in `warm_cache` for ever, holding it;
- four "request" threads block in `handle_request`'s `with cache_lock`
  (PyThread_acquire_lock_timed, on the lock's semaphore);
- "runaway" computes in `runaway_loop` for ever, so the two computing threads
  take turns on the GIL: one holds it and the other waits in take_gil.

Before printing "ready" the main thread writes each role's native thread id,
one "role tid" a line, to tids.txt next to this file, once every request
thread sits in its futex wait; then it sleeps.
"""
import os
import platform
import threading
import time

REQUESTS = 4
cache_lock = threading.Lock()
tids = []
warm = threading.Event()


def warm_cache():
    tids.append(("warmup", threading.get_native_id()))
    with cache_lock:
        warm.set()
        total = 0
        while True:
            for key in range(1000):
                total = (total + key * key) % 1000003


def handle_request():
    tids.append(("request", threading.get_native_id()))
    with cache_lock:
        return 0


def runaway_loop():
    tids.append(("runaway", threading.get_native_id()))
    count = 0
    while True:
        count += 1


# The number of futex, which /proc/self/task/TID/syscall shows first.
FUTEX = {"x86_64": "202", "aarch64": "98"}[platform.machine()]


def wait_until_in_futex(tid):
    """Sleeps (without the GIL) until thread `tid` is blocked in futex."""
    path = f"/proc/self/task/{tid}/syscall"
    while True:
        with open(path) as status:
            if status.read().split(" ", 1)[0] == FUTEX:
                return
        time.sleep(0.01)


threading.Thread(target=warm_cache, name="warmup", daemon=True).start()
warm.wait()
for index in range(REQUESTS):
    threading.Thread(target=handle_request, name=f"request-{index}", daemon=True).start()
threading.Thread(target=runaway_loop, name="runaway", daemon=True).start()
while len(tids) < REQUESTS + 2:
    time.sleep(0.01)
for role, tid in tids:
    if role == "request":
        wait_until_in_futex(tid)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tids.txt"), "w") as out:
    out.writelines(f"{role} {tid}\n" for role, tid in tids)
print("ready", flush=True)
time.sleep(600)
