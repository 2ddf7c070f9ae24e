/*
 * live-wait: a small service that is waiting to be told to shut down.
 * Used by tests at test time; the test compiles it itself (dynamically):
 *
 *     cc -g -pthread -o live-wait live-wait.c
 *
 * Three shutdown_listener threads block in wait_for_shutdown() on a condition
 * variable.  Once all three are blocked, main prints "ready" (and flushes).
 *
 *     live-wait          then sleeps 60 s and exits 0 (time for gcore)
 *     live-wait crash    then calls abort(): SIGABRT, the kernel writes a core
 *                        (if RLIMIT_CORE allows)
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LISTENER_THREADS 3
#define WORKER_STACK_SIZE (256 * 1024)

static pthread_mutex_t shutdown_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t shutdown_requested = PTHREAD_COND_INITIALIZER;
static pthread_cond_t listener_waiting = PTHREAD_COND_INITIALIZER;
static int shutdown_flag;
static int listeners_waiting;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

void wait_for_shutdown(void)
{
    pthread_mutex_lock(&shutdown_lock);
    listeners_waiting++;
    pthread_cond_signal(&listener_waiting);
    while (!shutdown_flag)
        pthread_cond_wait(&shutdown_requested, &shutdown_lock);
    pthread_mutex_unlock(&shutdown_lock);
}

void *shutdown_listener(void *arg)
{
    (void)arg;
    wait_for_shutdown();
    return NULL;
}

int main(int argc, char **argv)
{
    int crash = argc > 1 && strcmp(argv[1], "crash") == 0;
    pthread_attr_t attr;
    pthread_t listeners[LISTENER_THREADS];

    if (argc > 1 && !crash) {
        fprintf(stderr, "usage: %s [crash]\n", argv[0]);
        return 2;
    }

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);
    for (int i = 0; i < LISTENER_THREADS; i++)
        pthread_create(&listeners[i], &attr, shutdown_listener, NULL);

    /* Every listener has registered and released the lock inside
     * pthread_cond_wait once the count reaches 3; the short sleep lets the
     * last one get from there into the futex wait. */
    pthread_mutex_lock(&shutdown_lock);
    while (listeners_waiting < LISTENER_THREADS)
        pthread_cond_wait(&listener_waiting, &shutdown_lock);
    pthread_mutex_unlock(&shutdown_lock);
    sleep_ms(50);

    printf("ready\n");
    fflush(stdout);

    if (crash)
        abort();

    sleep_ms(60 * 1000);

    pthread_mutex_lock(&shutdown_lock);
    shutdown_flag = 1;
    pthread_cond_broadcast(&shutdown_requested);
    pthread_mutex_unlock(&shutdown_lock);
    for (int i = 0; i < LISTENER_THREADS; i++)
        pthread_join(listeners[i], NULL);
    return 0;
}
