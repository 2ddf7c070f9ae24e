#!/usr/bin/python3
"""python-threads: N Python threads (default 1,000), each N frames deep, waiting.

The core the CPython stack reader is measured on (Benchmarks/README.md,
"Python stacks"): thread i recurses through `descend` to a depth between 5
and 40 derived from i, then waits on an Event. The main thread prints "ready"
once every thread waits, then sleeps until killed.
"""
import sys
import threading

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
threading.stack_size(256 * 1024)
release = threading.Event()
waiting = threading.Semaphore(0)


def descend(depth):
    if depth == 0:
        waiting.release()
        release.wait()
        return 0
    return descend(depth - 1) + 1


for index in range(count):
    threading.Thread(target=descend, args=(5 + index * 7 % 36,), daemon=True).start()
for _ in range(count):
    waiting.acquire()
print("ready", flush=True)
release.wait()
