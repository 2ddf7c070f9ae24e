/*
 * capture-target.c - the live process Benchmarks/capture stops and captures.
 *
 *   usage: capture-target NTHREADS [HEAP_MIB]
 *
 * Starts NTHREADS threads besides the main thread, so the process has
 * NTHREADS + 1 threads. All but the last one park in pthread_cond_wait
 * forever, each on an 8 MiB stack (set explicitly, as in many-threads.c: a
 * capture sees a large, sparse address space, like a real service's).
 *
 * Two threads are heartbeats: the main thread (the lowest TID, the first a
 * tool stops) and the last thread started (the highest TID). Each reads
 * CLOCK_MONOTONIC in a loop with a ~1 ms sleep and keeps the largest gap
 * between consecutive readings. While a thread is held in a ptrace stop it
 * takes no readings, so the gap that spans the stop is how long that thread
 * was stopped (plus up to one sleep). Tools stop and resume threads one at a
 * time, in an order of their own, so the two ends of the TID order are
 * watched and the larger of the two gaps is what the benchmark reports.
 *
 * If HEAP_MIB is given, that many MiB of heap are allocated and written
 * before the threads start, so a core carries that much real data.
 *
 * Protocol, on stdin/stdout (the main thread serves it between its readings,
 * so an answer also shows that the process is running):
 *   at start, once every thread is parked:
 *     ready pid=P threads=T heap_mib=M        (T = all threads, main included)
 *   for every line read on stdin:
 *     gap_us=G main_us=A last_us=B main_samples=X last_samples=Y
 *   G = max(A, B): the largest gap, in microseconds, of the main and the last
 *   thread since the previous answer (or since `ready`); X and Y are how many
 *   readings each took in that time. Both are reset by each answer.
 * End of file on stdin ends the process, so it does not outlive the script.
 *
 * It calls prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) so that, with Yama's
 * ptrace_scope = 1, a tracer of the same user that is not its ancestor (the
 * benchmark's analyze-dump and gdb are its siblings) may attach.
 *
 * Build: gcc -g -O1 -pthread -o capture-target capture-target.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define THREAD_STACK_SIZE (8u << 20)
#define HEARTBEAT_NS 1000000L /* 1 ms */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t parked_cv = PTHREAD_COND_INITIALIZER; /* main waits here */
static pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;  /* never signalled */
static unsigned long parked;
static volatile unsigned sink;

/* The last thread's heartbeat, read and reset by the main thread. */
static _Atomic int64_t last_max_gap_ns;
static _Atomic uint64_t last_samples;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void record_max(_Atomic int64_t *max, int64_t gap)
{
    int64_t seen = atomic_load(max);
    while (gap > seen && !atomic_compare_exchange_weak(max, &seen, gap))
        ;
}

static void *parked_main(void *arg)
{
    pthread_mutex_lock(&lock);
    parked++;
    sink += (unsigned)(uintptr_t)arg;
    pthread_cond_signal(&parked_cv);
    for (;;)
        pthread_cond_wait(&never_cv, &lock);
    return NULL;
}

static void *last_heartbeat(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&lock);
    parked++;
    pthread_cond_signal(&parked_cv);
    pthread_mutex_unlock(&lock);

    const struct timespec pause_ts = {0, HEARTBEAT_NS};
    int64_t prev = now_ns();
    for (;;) {
        /* A ptrace stop interrupts the sleep; it is not resumed, not needed. */
        nanosleep(&pause_ts, NULL);
        int64_t t = now_ns();
        record_max(&last_max_gap_ns, t - prev);
        atomic_fetch_add(&last_samples, 1);
        prev = t;
    }
    return NULL;
}

static void write_all(const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t n = write(STDOUT_FILENO, buf, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            exit(1); /* the reader is gone */
        }
        buf += n;
        len -= (size_t)n;
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 3) {
        fprintf(stderr, "usage: %s NTHREADS [HEAP_MIB]\n", argv[0]);
        return 2;
    }
    char *end;
    unsigned long n = strtoul(argv[1], &end, 10);
    if (*end || n == 0 || n > 1000000) {
        fprintf(stderr, "capture-target: bad thread count '%s'\n", argv[1]);
        return 2;
    }
    unsigned long heap_mib = 0;
    if (argc == 3) {
        heap_mib = strtoul(argv[2], &end, 10);
        if (*end) {
            fprintf(stderr, "capture-target: bad heap MiB '%s'\n", argv[2]);
            return 2;
        }
    }

    signal(SIGPIPE, SIG_DFL);
#ifdef PR_SET_PTRACER
    prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0); /* no Yama: EINVAL, harmless */
#endif

    if (heap_mib) {
        size_t bytes = (size_t)heap_mib << 20;
        char *heap = malloc(bytes);
        if (!heap) {
            fprintf(stderr, "capture-target: cannot allocate %lu MiB\n", heap_mib);
            return 1;
        }
        memset(heap, 0x5a, bytes);
        sink += (unsigned)heap[bytes - 1];
    }

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    int err = pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
    if (err) {
        fprintf(stderr, "capture-target: pthread_attr_setstacksize: %s\n", strerror(err));
        return 1;
    }
    for (unsigned long i = 0; i < n; i++) {
        pthread_t th;
        err = pthread_create(&th, &attr, i + 1 == n ? last_heartbeat : parked_main, (void *)(uintptr_t)i);
        if (err) {
            fprintf(stderr, "capture-target: pthread_create #%lu: %s\n", i, strerror(err));
            return 1;
        }
    }
    pthread_attr_destroy(&attr);

    pthread_mutex_lock(&lock);
    while (parked < n)
        pthread_cond_wait(&parked_cv, &lock);
    pthread_mutex_unlock(&lock);

    char line[256];
    int len = snprintf(line, sizeof line, "ready pid=%ld threads=%lu heap_mib=%lu\n", (long)getpid(), n + 1, heap_mib);
    write_all(line, (size_t)len);

    /* The main thread's heartbeat: poll() on stdin is its ~1 ms sleep. */
    struct pollfd pfd = {.fd = STDIN_FILENO, .events = POLLIN};
    int64_t prev = now_ns(), main_max = 0;
    uint64_t main_samples = 0;
    atomic_store(&last_max_gap_ns, 0);
    atomic_store(&last_samples, 0);
    for (;;) {
        int ready = poll(&pfd, 1, HEARTBEAT_NS / 1000000);
        int64_t t = now_ns();
        if (t - prev > main_max)
            main_max = t - prev;
        main_samples++;
        prev = t;
        if (ready <= 0)
            continue; /* timeout, or EINTR from a stop */

        char buf[256];
        ssize_t got = read(STDIN_FILENO, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return 0; /* end of file: the benchmark is gone */
        for (ssize_t i = 0; i < got; i++) {
            if (buf[i] != '\n')
                continue;
            int64_t last_max = atomic_exchange(&last_max_gap_ns, 0);
            uint64_t last_n = atomic_exchange(&last_samples, 0);
            int64_t gap = main_max > last_max ? main_max : last_max;
            len = snprintf(line, sizeof line, "gap_us=%lld main_us=%lld last_us=%lld main_samples=%llu last_samples=%llu\n",
                           (long long)(gap / 1000), (long long)(main_max / 1000), (long long)(last_max / 1000),
                           (unsigned long long)main_samples, (unsigned long long)last_n);
            write_all(line, (size_t)len);
            main_max = 0;
            main_samples = 0;
        }
    }
}
