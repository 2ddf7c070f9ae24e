/*
 * leader-exits: a process whose main thread has called pthread_exit, so the
 * leader stays a zombie while its worker runs (a daemon pattern). Used by the
 * capture tests at test time (the test compiles it itself, dynamically):
 *
 *     cc -g -O1 -pthread -o leader-exits leader-exits.c
 *
 * The worker (named "worker") prints "ready" once the leader is gone, then, on
 * SIGUSR2, sends itself SIGUSR1, whose handler only counts it; it runs until
 * killed.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t usr1_count;
static volatile sig_atomic_t raise_requested;

static void count_usr1(int signal_number)
{
    (void)signal_number;
    usr1_count++;
}

static void request_raise(int signal_number)
{
    (void)signal_number;
    raise_requested = 1;
}

static int leader_is_gone(void)
{
    char line[256];
    FILE *stat = fopen("/proc/self/stat", "r");
    if (stat == NULL)
        return 0;
    int gone = fgets(line, sizeof line, stat) != NULL && strstr(line, ") Z ") != NULL;
    fclose(stat);
    return gone;
}

static void *worker(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "worker");
    while (!leader_is_gone())
        usleep(1000);
    printf("ready\n");
    fflush(stdout);
    for (;;) {
        if (raise_requested) {
            raise_requested = 0;
            pthread_kill(pthread_self(), SIGUSR1);
        }
        usleep(1000);
    }
    return NULL;
}

int main(void)
{
    sigset_t none;
    pthread_t thread;
    /* A test runner may start us with most signals blocked. */
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
    signal(SIGUSR1, count_usr1);
    signal(SIGUSR2, request_raise);
    pthread_create(&thread, NULL, worker, NULL);
    pthread_exit(NULL);
}
