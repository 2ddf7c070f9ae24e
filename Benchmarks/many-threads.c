/*
 * many-threads.c - core-dump generator for the analyze-dump benchmarks.
 *
 *   usage: many-threads NTHREADS [HEAP_MIB]
 *
 * Starts NTHREADS threads. Thread i descends through four distinct mutually
 * recursive functions (walk_alpha/beta/gamma/delta, each with an inlined
 * helper `pick_next`, so inline-aware unwinders see inline frames too) to a
 * depth between 5 and 40 frames derived deterministically from i, then parks
 * in pthread_cond_wait forever. Each thread gets an 8 MiB stack (glibc's
 * default with `ulimit -s 8192`; set explicitly so the result does not depend
 * on the caller's ulimit): the cores are large but sparse, like a real
 * service's.
 *
 * If HEAP_MIB is given, that many MiB of heap are allocated and written
 * before the threads start, so the core carries that much real data.
 *
 * Once every thread is parked it prints one line
 *   ready threads=N walker_frames=F heap_mib=M
 * (F = total walk_* frames over all threads, not counting inline frames) and
 * the main thread blocks in pause(). Send SIGQUIT to get a core.
 *
 * Build: gcc -g -O1 -pthread -o many-threads many-threads.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIN_DEPTH 5
#define MAX_DEPTH 40
#define THREAD_STACK_SIZE (8u << 20)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t parked_cv = PTHREAD_COND_INITIALIZER; /* main waits here */
static pthread_cond_t never_cv = PTHREAD_COND_INITIALIZER;  /* never signalled */
static unsigned parked;
static volatile unsigned sink;

/* Deterministic depth in [MIN_DEPTH, MAX_DEPTH] from the thread index. */
static unsigned depth_for(unsigned tid)
{
    uint32_t h = tid * 2654435761u;
    h ^= h >> 15;
    return MIN_DEPTH + h % (MAX_DEPTH - MIN_DEPTH + 1);
}

static __attribute__((noinline)) void park(unsigned tid)
{
    pthread_mutex_lock(&lock);
    parked++;
    sink += tid;
    pthread_cond_signal(&parked_cv);
    for (;;)
        pthread_cond_wait(&never_cv, &lock);
}

static int walk_alpha(unsigned tid, unsigned remaining);
static int walk_beta(unsigned tid, unsigned remaining);
static int walk_gamma(unsigned tid, unsigned remaining);
static int walk_delta(unsigned tid, unsigned remaining);

/* Inlined into every walker: picks the next walker from (tid, remaining). */
static inline __attribute__((always_inline)) int pick_next(unsigned tid, unsigned remaining)
{
    if (remaining == 0) {
        park(tid);
        return 0;
    }
    switch ((tid * 7u + remaining * 13u + (tid >> 3)) % 4u) {
    case 0: return walk_alpha(tid, remaining - 1);
    case 1: return walk_beta(tid, remaining - 1);
    case 2: return walk_gamma(tid, remaining - 1);
    default: return walk_delta(tid, remaining - 1);
    }
}

/*
 * Each walker keeps a differently sized volatile buffer live across the call
 * so frames differ in size and the call cannot become a tail call.
 */
static __attribute__((noinline)) int walk_alpha(unsigned tid, unsigned remaining)
{
    volatile char buf[24];
    buf[0] = (char)remaining;
    int r = pick_next(tid, remaining);
    return r + buf[0];
}

static __attribute__((noinline)) int walk_beta(unsigned tid, unsigned remaining)
{
    volatile char buf[56];
    buf[1] = (char)tid;
    int r = pick_next(tid, remaining);
    return r + buf[1] + 1;
}

static __attribute__((noinline)) int walk_gamma(unsigned tid, unsigned remaining)
{
    volatile long buf[12];
    buf[3] = remaining;
    int r = pick_next(tid, remaining);
    return r + (int)buf[3] + 2;
}

static __attribute__((noinline)) int walk_delta(unsigned tid, unsigned remaining)
{
    volatile int buf[40];
    buf[7] = (int)(tid ^ remaining);
    int r = pick_next(tid, remaining);
    return r + buf[7] + 3;
}

static void *thread_main(void *arg)
{
    unsigned tid = (unsigned)(uintptr_t)arg;
    unsigned depth = depth_for(tid);
    int (*first)(unsigned, unsigned);
    switch (tid % 4u) {
    case 0: first = walk_alpha; break;
    case 1: first = walk_beta; break;
    case 2: first = walk_gamma; break;
    default: first = walk_delta; break;
    }
    /* `first` is a walker frame too: depth walker frames in total. */
    sink += (unsigned)first(tid, depth - 1);
    return NULL;
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
        fprintf(stderr, "many-threads: bad thread count '%s'\n", argv[1]);
        return 2;
    }
    unsigned long heap_mib = 0;
    if (argc == 3) {
        heap_mib = strtoul(argv[2], &end, 10);
        if (*end) {
            fprintf(stderr, "many-threads: bad heap MiB '%s'\n", argv[2]);
            return 2;
        }
    }

    /* A non-interactive shell may start background jobs with SIGQUIT ignored. */
    signal(SIGQUIT, SIG_DFL);

    if (heap_mib) {
        size_t bytes = (size_t)heap_mib << 20;
        char *heap = malloc(bytes);
        if (!heap) {
            fprintf(stderr, "many-threads: cannot allocate %lu MiB\n", heap_mib);
            return 1;
        }
        memset(heap, 0x5a, bytes);
        sink += (unsigned)heap[bytes - 1];
    }

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    int err = pthread_attr_setstacksize(&attr, THREAD_STACK_SIZE);
    if (err) {
        fprintf(stderr, "many-threads: pthread_attr_setstacksize: %s\n", strerror(err));
        return 1;
    }

    unsigned long frames = 0;
    for (unsigned long i = 0; i < n; i++) {
        pthread_t th;
        err = pthread_create(&th, &attr, thread_main, (void *)(uintptr_t)i);
        if (err) {
            fprintf(stderr, "many-threads: pthread_create #%lu: %s\n", i, strerror(err));
            return 1;
        }
        frames += depth_for((unsigned)i);
    }
    pthread_attr_destroy(&attr);

    pthread_mutex_lock(&lock);
    while (parked < n)
        pthread_cond_wait(&parked_cv, &lock);
    pthread_mutex_unlock(&lock);

    printf("ready threads=%lu walker_frames=%lu heap_mib=%lu\n", n, frames, heap_mib);
    fflush(stdout);
    for (;;)
        pause();
}
