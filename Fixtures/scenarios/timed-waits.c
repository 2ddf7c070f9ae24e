/*
 * timed-waits: threads in timed waits, for tests that stop and continue the process (a
 * second capture) so that every timed wait is resumed through restart_syscall.
 * Used by tests at test time; the test compiles it itself (dynamically):
 *
 *     cc -g -pthread -o timed-waits timed-waits.c
 *
 * "holder" locks table_lock and sleeps (nanosleep, relative); two "locker-N" threads wait
 * for table_lock in pthread_mutex_timedlock; two "waiter-N" threads wait on work_ready in
 * pthread_cond_timedwait. Once all are in their waits, main sleeps, and "announcer" prints
 * "ready" once main is in that sleep, then sleeps too. Every timeout is 120 s; the program
 * exits after 120 s.
 *
 * Readiness is a fact, never a guess: each thread records its TID, and a wait counts as
 * entered when /proc/self/task/TID/syscall shows the thread in clock_nanosleep, or in a
 * futex wait on a word of the object it waits for.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define LOCKERS 2
#define WAITERS 2

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static pthread_mutex_t start_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t started = PTHREAD_COND_INITIALIZER;
static int holding;
/* Each thread's TID (0 until it has started): holder, lockers, then waiters. */
static volatile pid_t tids[1 + LOCKERS + WAITERS];

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
    tids[0] = gettid();
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
    tids[1 + (long)arg] = gettid();
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
    tids[1 + LOCKERS + (long)arg] = gettid();
    wait_for_work();
    return NULL;
}

/* Whether thread `tid` is in system call `number`, and for a futex, on a word in
 * [object, object + size). */
static int is_in(pid_t tid, long number, const void *object, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
    FILE *file = fopen(path, "r");
    if (!file)
        return 0;
    long call = -1;
    unsigned long word = 0;
    int fields = fscanf(file, "%ld %lx", &call, &word);
    fclose(file);
    if (fields < 1 || call != number)
        return 0;
    return object == NULL || (fields == 2 && word >= (unsigned long)object && word < (unsigned long)object + size);
}

static void wait_until_in(volatile pid_t *tid, long number, const void *object, size_t size)
{
    struct timespec pause = { 0, 1000000L };
    while (*tid == 0 || !is_in(*tid, number, object, size))
        nanosleep(&pause, NULL);
}

static void *announce(void *arg)
{
    (void)arg;
    pthread_setname_np(pthread_self(), "announcer");
    volatile pid_t main_tid = getpid();
    wait_until_in(&main_tid, SYS_clock_nanosleep, NULL, 0);
    printf("ready\n");
    fflush(stdout);
    sleep_seconds(120);
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
    wait_until_in(&tids[0], SYS_clock_nanosleep, NULL, 0);
    for (long i = 0; i < LOCKERS; i++)
        wait_until_in(&tids[1 + i], SYS_futex, &table_lock, sizeof table_lock);
    for (long i = 0; i < WAITERS; i++)
        wait_until_in(&tids[1 + LOCKERS + i], SYS_futex, &work_ready, sizeof work_ready);
    pthread_t announcer;
    pthread_create(&announcer, NULL, announce, NULL);
    sleep_seconds(120);
    return 0;
}
