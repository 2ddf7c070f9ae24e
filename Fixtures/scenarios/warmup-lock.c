/*
 * warmup-lock: a bulk insert takes the global model lock and then warms the
 * model cache, a CPU-bound loop that never finishes.  Every request thread
 * needs the same lock to look up a model and piles up behind it.
 *
 * Threads: main (joins), 1 x bulk_insert (holds model_lock, burns CPU in
 * warm_up_model_cache), 8 x request_worker (blocked in pthread_mutex_lock
 * called from lookup_model).
 *
 * Prints "ready" once every thread is in place; the regenerate script then
 * waits until the warm-up thread has used ~2 s of CPU and sends SIGQUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define REQUEST_THREADS 8
#define WORKER_STACK_SIZE (256 * 1024)
#define MODEL_CACHE_SLOTS 4096

pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;

static volatile unsigned long model_cache[MODEL_CACHE_SLOTS];
static volatile int bulk_insert_has_lock;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* CPU-bound and never finishes: the cache "never gets warm". */
void warm_up_model_cache(void)
{
    volatile unsigned long checksum = 1469598103934665603UL;
    for (unsigned long round = 0;; round++) {
        for (unsigned slot = 0; slot < MODEL_CACHE_SLOTS; slot++) {
            checksum = (checksum ^ (round + slot)) * 1099511628211UL;
            model_cache[slot] = checksum;
        }
    }
}

void *bulk_insert(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&model_lock);
    bulk_insert_has_lock = 1;
    warm_up_model_cache();
    pthread_mutex_unlock(&model_lock);
    return NULL;
}

unsigned long lookup_model(int model_id)
{
    unsigned long value;
    pthread_mutex_lock(&model_lock);
    value = model_cache[model_id % MODEL_CACHE_SLOTS];
    pthread_mutex_unlock(&model_lock);
    return value;
}

int handle_request(int request_id)
{
    int model_id = request_id * 7 + 3;
    unsigned long model = lookup_model(model_id);
    return (int)(model & 0xff);
}

void *request_worker(void *arg)
{
    int worker_index = (int)(long)arg;
    for (int request_id = worker_index;; request_id += REQUEST_THREADS)
        handle_request(request_id);
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t bulk_thread;
    pthread_t request_threads[REQUEST_THREADS];
    char name[16];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&bulk_thread, &attr, bulk_insert, NULL);
    pthread_setname_np(bulk_thread, "bulk-insert");
    while (!bulk_insert_has_lock)
        sleep_ms(1);

    for (long i = 0; i < REQUEST_THREADS; i++) {
        pthread_create(&request_threads[i], &attr, request_worker, (void *)i);
        snprintf(name, sizeof name, "request-%ld", i);
        pthread_setname_np(request_threads[i], name);
    }
    sleep_ms(200); /* let every request thread reach the lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(bulk_thread, NULL);
    for (int i = 0; i < REQUEST_THREADS; i++)
        pthread_join(request_threads[i], NULL);
    return 0;
}
