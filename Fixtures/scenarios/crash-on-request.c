/*
 * crash-on-request: a service that crashes when told to. Used by the capture
 * tests at test time (the test compiles it itself, dynamically):
 *
 *     cc -g -O1 -pthread -o crash-on-request crash-on-request.c
 *
 * Two "listener" threads wait on a condition variable; main prints "ready"
 * (and flushes) once they are named, then pauses. SIGUSR2 runs a handler that
 * sets a flag, and main then reads field `quantity` (offset 0x10) of a NULL
 * order in process_order: SIGSEGV, SEGV_MAPERR at 0x10.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

struct order {
    long id;
    long customer;
    long quantity;
};

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t all_named;
static volatile sig_atomic_t crash_requested;
static struct order *volatile pending_order;

static void request_crash(int signal_number)
{
    (void)signal_number;
    crash_requested = 1;
}

__attribute__((noinline)) long process_order(struct order *order)
{
    return order->quantity * 3;
}

static void *listener(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "listener");
    pthread_barrier_wait(&all_named);
    pthread_mutex_lock(&queue_lock);
    for (;;)
        pthread_cond_wait(&queue_ready, &queue_lock);
    return NULL;
}

int main(void)
{
    pthread_t threads[2];
    sigset_t none;
    /* A test runner may start us with most signals blocked. */
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    signal(SIGUSR2, request_crash);
    pthread_barrier_init(&all_named, NULL, 3);
    for (int index = 0; index < 2; index++)
        pthread_create(&threads[index], NULL, listener, NULL);
    pthread_barrier_wait(&all_named);
    printf("ready\n");
    fflush(stdout);
    while (!crash_requested)
        pause();
    return (int)process_order(pending_order);
}
