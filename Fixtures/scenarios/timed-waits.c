/*
 * timed-waits: threads in timed waits, for tests that stop and continue the process (a
 * second capture) so that every timed wait is resumed through restart_syscall.
 * Used by tests at test time; the test compiles it itself (dynamically):
 *
 *     cc -g -pthread -o timed-waits timed-waits.c
 *
 * "holder" locks table_lock and sleeps (nanosleep, relative); two "locker-N" threads wait
 * for table_lock in pthread_mutex_timedlock; two "waiter-N" threads wait on work_ready in
 * pthread_cond_timedwait. Once all are in their waits, main prints "ready" and sleeps.
 * Every timeout is 120 s; the program exits after 120 s.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define LOCKERS 2
#define WAITERS 2

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;
static int holding;

static void sleep_seconds(time_t seconds)
{
    struct timespec ts = { seconds, 0 };
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static struct timespec in_two_minutes(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += 120;
    return ts;
}

void *hold_table(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "holder");
    pthread_mutex_lock(&table_lock);
    pthread_mutex_lock(&start_lock);
    holding = 1;
    pthread_cond_signal(&started);
    pthread_mutex_unlock(&start_lock);
    sleep_seconds(120);
    pthread_mutex_unlock(&table_lock);
    return NULL;
}

void update_table(void)
{
    struct timespec deadline = in_two_minutes();
    if (pthread_mutex_timedlock(&table_lock, &deadline) == 0)
        pthread_mutex_unlock(&table_lock);
}

void *lock_table(void *arg)
{
    char name[16];
    snprintf(name, sizeof name, "locker-%d", (int)(long)arg);
    pthread_setname_np(pthread_self(), name);
    update_table();
    return NULL;
}

void wait_for_work(void)
{
    struct timespec deadline = in_two_minutes();
    pthread_mutex_lock(&work_lock);
    pthread_cond_timedwait(&work_ready, &work_lock, &deadline);
    pthread_mutex_unlock(&work_lock);
}

void *work(void *arg)
{
    char name[16];
    snprintf(name, sizeof name, "waiter-%d", (int)(long)arg);
    pthread_setname_np(pthread_self(), name);
    wait_for_work();
    return NULL;
}

int main(void)
{
    pthread_t threads[1 + LOCKERS + WAITERS];
    pthread_create(&threads[0], NULL, hold_table, NULL);
    pthread_mutex_lock(&start_lock);
    while (!holding)
        pthread_cond_wait(&started, &start_lock);
    pthread_mutex_unlock(&start_lock);
    for (long i = 0; i < LOCKERS; i++)
        pthread_create(&threads[1 + i], NULL, lock_table, (void *)i);
    for (long i = 0; i < WAITERS; i++)
        pthread_create(&threads[1 + LOCKERS + i], NULL, work, (void *)i);
    /* Time for every thread to get into its futex wait. */
    struct timespec settle = { 0, 200 * 1000000L };
    nanosleep(&settle, NULL);
    printf("ready\n");
    fflush(stdout);
    sleep_seconds(120);
    return 0;
}
