/*
 * warmup-later: a service that answers requests quickly for a while, then a
 * model reload takes the model lock and runs a long CPU-bound warm-up under it
 * while the request threads queue behind it. Used by the capture tests at test
 * time (the test compiles it itself, dynamically):
 *
 *     cc -g -O1 -pthread -o warmup-later warmup-later.c
 *
 * Threads are named: "request-1" .. "request-6" and "reloader". main prints
 * "ready" (and flushes) once every thread has named itself. For the first 1.5 s the
 * requests take the lock briefly and sleep 20 ms each; then the reloader locks
 * model_lock and spins in warm_up_model_cache until killed, never leaving it:
 * a core taken at any instant has the reloader in that function (a loop that
 * read the clock would sometimes be caught in clock_gettime).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_THREADS 6

static pthread_mutex_t model_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long model_checksum;
static volatile unsigned long requests_served;
static pthread_barrier_t all_named;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

__attribute__((noinline)) void warm_up_model_cache(void)
{
    unsigned long value = 1;
    for (;;) {
        value = value * 6364136223846793005UL + 1442695040888963407UL;
        model_checksum = value;
    }
}

__attribute__((noinline)) void reload_model(void)
{
    pthread_mutex_lock(&model_lock);
    warm_up_model_cache();
    pthread_mutex_unlock(&model_lock);
}

__attribute__((noinline)) unsigned long lookup_prediction(unsigned long key)
{
    pthread_mutex_lock(&model_lock);
    unsigned long value = model_checksum ^ key;
    requests_served++;
    pthread_mutex_unlock(&model_lock);
    return value;
}

static void *request_worker(void *arg)
{
    char name[16];
    snprintf(name, sizeof name, "request-%ld", (long)arg);
    pthread_setname_np(pthread_self(), name);
    pthread_barrier_wait(&all_named);
    for (unsigned long key = 0;; key++) {
        lookup_prediction(key);
        sleep_ms(20);
    }
    return NULL;
}

static void *reloader(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "reloader");
    pthread_barrier_wait(&all_named);
    sleep_ms(1500);
    reload_model();
    return NULL;
}

int main(void)
{
    pthread_t threads[REQUEST_THREADS + 1];
    pthread_barrier_init(&all_named, NULL, REQUEST_THREADS + 2);
    for (long index = 0; index < REQUEST_THREADS; index++)
        pthread_create(&threads[index], NULL, request_worker, (void *)(index + 1));
    pthread_create(&threads[REQUEST_THREADS], NULL, reloader, NULL);
    pthread_barrier_wait(&all_named);
    printf("ready\n");
    fflush(stdout);
    pause();
    return 0;
}
