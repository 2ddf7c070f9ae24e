#!/usr/bin/python3
"""python-warmup: a warm-up under a threading.Lock with requests queued, and a runaway.

Used by tests at test time, run by Debian's python3 (3.11 on Debian 12) or
another CPython given on the command line of a launcher:

- "warmup" takes `cache_lock` and computes in `warm_cache`, holding it: a
  `sum` over a huge range, one call of a C builtin that never lets the GIL go,
  so the warm-up holds the lock and the GIL for good;
- four "request" threads block in `handle_request`'s `with cache_lock`
  (PyThread_acquire_lock_timed, on the lock's semaphore);
- "runaway", started once every other thread waits, loops in `runaway_loop`
  (for half a second alone) until the warm-up takes the GIL for good, then
  waits for the GIL (take_gil), its only waiter.

With two numbers on the command line, IDLE and EVENT, it first starts IDLE
"idle-worker" threads waiting in `queue.Queue.get` on one empty queue and
EVENT "event-waiter" threads in `threading.Event.wait` on one event: each
sleeps in a Condition's waiter lock, a pool of idle workers, not a lock queue.

The main thread writes each role's native thread id, one "role tid" a line,
to tids.txt next to this file (and every thread's pthread_t and native id to
pthreads.txt) once every request thread sits in its futex
wait, lets the warm-up start, and sleeps. The warm-up prints "ready" once the
main thread is in clock_nanosleep, so that only the runaway waits for the GIL.
"""
import os
import platform
import queue
import sys
import threading
import time

REQUESTS = 4
IDLE, EVENT = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (0, 0)
cache_lock = threading.Lock()
tids = []
locked = threading.Event()
go = threading.Event()

# The numbers of clock_nanosleep and futex, which /proc/self/task/TID/syscall shows first;
# before 3.11 time.sleep sleeps in select, which glibc makes pselect6.
NANOSLEEP, FUTEX = {"x86_64": ("230", "202"), "aarch64": ("115", "98")}[platform.machine()]
if sys.version_info < (3, 11):
    NANOSLEEP = {"x86_64": "270", "aarch64": "72"}[platform.machine()]


def record(role):
    """Notes the calling thread's role, native id and pthread_t (its ident)."""
    tids.append((role, threading.get_native_id(), threading.get_ident()))


def wait_until_in(tid, number):
    """Sleeps (without the GIL) until thread `tid` is blocked in system call `number`."""
    path = f"/proc/self/task/{tid}/syscall"
    while True:
        with open(path) as status:
            if status.read().split(" ", 1)[0] == number:
                return
        time.sleep(0.01)


def warm_cache():
    record("warmup")
    with cache_lock:
        locked.set()
        go.wait()
        wait_until_in(os.getpid(), NANOSLEEP)
        print("ready", flush=True)
        return sum(range(10**15))


def handle_request():
    record("request")
    with cache_lock:
        return 0


def idle_worker(jobs):
    record("idle-worker")
    return jobs.get()


def event_waiter(event):
    record("event-waiter")
    return event.wait()


def runaway_loop():
    record("runaway")
    count = 0
    while True:
        count += 1


jobs, never = queue.Queue(), threading.Event()
for index in range(IDLE):
    threading.Thread(target=idle_worker, args=(jobs,), name=f"idle-{index}", daemon=True).start()
for index in range(EVENT):
    threading.Thread(target=event_waiter, args=(never,), name=f"event-{index}", daemon=True).start()
threading.Thread(target=warm_cache, name="warmup", daemon=True).start()
locked.wait()
for index in range(REQUESTS):
    threading.Thread(target=handle_request, name=f"request-{index}", daemon=True).start()
while len(tids) < IDLE + EVENT + REQUESTS + 1:
    time.sleep(0.01)
for role, tid, _ in tids:
    if role != "warmup":
        wait_until_in(tid, FUTEX)
# Started once every other thread waits: checking hundreds of threads while it spins would give
# it seconds of CPU (each check needs the GIL it holds), enough for a runaway finding of its own.
threading.Thread(target=runaway_loop, name="runaway", daemon=True).start()
while len(tids) < IDLE + EVENT + REQUESTS + 2:
    time.sleep(0.01)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tids.txt"), "w") as out:
    out.writelines(f"{role} {tid}\n" for role, tid, _ in tids)
# Each thread's pthread_t and native id, "0xIDENT tid" a line: py-spy names the threads of a
# CPython before 3.11 by pthread_t.
record("main")
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "pthreads.txt"), "w") as out:
    out.writelines(f"{ident:#x} {tid}\n" for _, tid, ident in tids)
time.sleep(0.5)  # the runaway has the GIL to itself: half a second of CPU
go.set()
time.sleep(600)
