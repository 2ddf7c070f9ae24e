/*
 * deadlock: two transfers take the two account locks in opposite order.
 *
 * Threads: main (joins),
 *   transfer_a_to_b: holds account_a_lock, blocked on account_b_lock
 *   transfer_b_to_a: holds account_b_lock, blocked on account_a_lock
 *
 * Each transfer sleeps briefly between its two lock calls so the deadlock is
 * certain.  Prints "ready" once both are stuck; the regenerate script then
 * sends SIGQUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define WORKER_STACK_SIZE (256 * 1024)

pthread_mutex_t account_a_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t account_b_lock = PTHREAD_MUTEX_INITIALIZER;

long account_a_balance = 1000;
long account_b_balance = 500;

static volatile int transfers_started;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

void transfer_a_to_b(long amount)
{
    pthread_mutex_lock(&account_a_lock);
    __sync_fetch_and_add(&transfers_started, 1);
    sleep_ms(100); /* audit log write: long enough for the other side to start */
    pthread_mutex_lock(&account_b_lock);
    account_a_balance -= amount;
    account_b_balance += amount;
    pthread_mutex_unlock(&account_b_lock);
    pthread_mutex_unlock(&account_a_lock);
}

void transfer_b_to_a(long amount)
{
    pthread_mutex_lock(&account_b_lock);
    __sync_fetch_and_add(&transfers_started, 1);
    sleep_ms(100);
    pthread_mutex_lock(&account_a_lock);
    account_b_balance -= amount;
    account_a_balance += amount;
    pthread_mutex_unlock(&account_a_lock);
    pthread_mutex_unlock(&account_b_lock);
}

void *transfer_worker_a_to_b(void *arg) { (void)arg; transfer_a_to_b(250); return NULL; }
void *transfer_worker_b_to_a(void *arg) { (void)arg; transfer_b_to_a(100); return NULL; }

int main(void)
{
    pthread_attr_t attr;
    pthread_t a_to_b, b_to_a;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&a_to_b, &attr, transfer_worker_a_to_b, NULL);
    pthread_setname_np(a_to_b, "transfer-a-to-b");
    pthread_create(&b_to_a, &attr, transfer_worker_b_to_a, NULL);
    pthread_setname_np(b_to_a, "transfer-b-to-a");

    while (transfers_started < 2)
        sleep_ms(1);
    sleep_ms(300); /* both are now blocked on their second lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(a_to_b, NULL);
    pthread_join(b_to_a, NULL);
    return 0;
}
