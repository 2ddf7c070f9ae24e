/*
 * rwlock-writer: a cache rebuild takes the cache's read-write lock for writing
 * and then recomputes every entry, a CPU-bound loop that never finishes.
 * Lookups only need the lock for reading, but a writer holds it, so they all
 * wait; so does the invalidator, which wants to write too.
 *
 * Threads: main (joins),
 *   rebuilder_worker -> rebuild_cache (holds cache_rwlock for writing, burns
 *     CPU in recompute_cache_entries),
 *   6 x reader_worker -> handle_lookup -> read_cache_entry (blocked in
 *     pthread_rwlock_rdlock(&cache_rwlock)),
 *   invalidator_worker -> invalidate_cache (blocked in
 *     pthread_rwlock_wrlock(&cache_rwlock)).
 *
 * cache_rwlock has default attributes (prefer readers).  The readers and the
 * second writer start only once the rebuild holds the lock.  Prints "ready"
 * once every thread is in place; the regenerate script then waits until the
 * rebuild thread has used ~1 s of CPU and sends SIGQUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define READER_THREADS 6
#define WORKER_STACK_SIZE (256 * 1024)
#define CACHE_ENTRIES 2048

pthread_rwlock_t cache_rwlock = PTHREAD_RWLOCK_INITIALIZER;

static volatile unsigned long cache_entries[CACHE_ENTRIES];
static volatile int rebuild_has_lock;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* CPU-bound and never finishes. */
void recompute_cache_entries(void)
{
    volatile unsigned long hash = 14695981039346656037UL;
    for (unsigned long round = 0;; round++) {
        for (unsigned entry = 0; entry < CACHE_ENTRIES; entry++) {
            hash = (hash ^ (round * CACHE_ENTRIES + entry)) * 1099511628211UL;
            cache_entries[entry] = hash;
        }
    }
}

void rebuild_cache(void)
{
    pthread_rwlock_wrlock(&cache_rwlock);
    rebuild_has_lock = 1;
    recompute_cache_entries();
    pthread_rwlock_unlock(&cache_rwlock);
}

unsigned long read_cache_entry(int key)
{
    unsigned long value;
    pthread_rwlock_rdlock(&cache_rwlock);
    value = cache_entries[key % CACHE_ENTRIES];
    pthread_rwlock_unlock(&cache_rwlock);
    return value;
}

int handle_lookup(int key)
{
    return (int)(read_cache_entry(key * 31 + 7) & 0xff);
}

void invalidate_cache(void)
{
    pthread_rwlock_wrlock(&cache_rwlock);
    for (unsigned entry = 0; entry < CACHE_ENTRIES; entry++)
        cache_entries[entry] = 0;
    pthread_rwlock_unlock(&cache_rwlock);
}

void *rebuilder_worker(void *arg) { (void)arg; rebuild_cache(); return NULL; }
void *invalidator_worker(void *arg) { (void)arg; invalidate_cache(); return NULL; }

void *reader_worker(void *arg)
{
    int worker_index = (int)(long)arg;
    for (int key = worker_index;; key += READER_THREADS)
        handle_lookup(key);
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t rebuilder, invalidator;
    pthread_t readers[READER_THREADS];
    char name[16];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&rebuilder, &attr, rebuilder_worker, NULL);
    pthread_setname_np(rebuilder, "cache-rebuild");
    while (!rebuild_has_lock)
        sleep_ms(1);

    for (long i = 0; i < READER_THREADS; i++) {
        pthread_create(&readers[i], &attr, reader_worker, (void *)i);
        snprintf(name, sizeof name, "cache-read-%ld", i);
        pthread_setname_np(readers[i], name);
    }
    pthread_create(&invalidator, &attr, invalidator_worker, NULL);
    pthread_setname_np(invalidator, "cache-invalid");
    sleep_ms(200); /* let the readers and the invalidator reach the lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(rebuilder, NULL);
    pthread_join(invalidator, NULL);
    for (int i = 0; i < READER_THREADS; i++)
        pthread_join(readers[i], NULL);
    return 0;
}
