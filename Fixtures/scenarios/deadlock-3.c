/*
 * deadlock-3: three order-processing steps take two locks each, and the lock
 * orders form a cycle: inventory -> payment -> shipping -> inventory.
 *
 * Threads: main (joins),
 *   inventory_worker -> reserve_inventory: holds inventory_lock, blocked on payment_lock
 *   payment_worker   -> charge_payment:    holds payment_lock,   blocked on shipping_lock
 *   shipping_worker  -> schedule_shipping: holds shipping_lock,  blocked on inventory_lock
 *
 * Each step takes its first lock, then waits on a barrier until all three
 * hold theirs, then takes its second lock, so the deadlock is certain.
 * Prints "ready" once all three are stuck; the regenerate script then sends
 * SIGQUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define WORKER_STACK_SIZE (256 * 1024)

pthread_mutex_t inventory_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t payment_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t shipping_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_barrier_t first_locks_taken;
static volatile int steps_past_barrier;

int items_in_stock = 10;
long payments_cents;
int shipments_scheduled;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static void all_first_locks_taken(void)
{
    pthread_barrier_wait(&first_locks_taken);
    __sync_fetch_and_add(&steps_past_barrier, 1);
}

void reserve_inventory(int quantity)
{
    pthread_mutex_lock(&inventory_lock);
    all_first_locks_taken();
    pthread_mutex_lock(&payment_lock); /* held by charge_payment */
    items_in_stock -= quantity;
    pthread_mutex_unlock(&payment_lock);
    pthread_mutex_unlock(&inventory_lock);
}

void charge_payment(long amount_cents)
{
    pthread_mutex_lock(&payment_lock);
    all_first_locks_taken();
    pthread_mutex_lock(&shipping_lock); /* held by schedule_shipping */
    payments_cents += amount_cents;
    pthread_mutex_unlock(&shipping_lock);
    pthread_mutex_unlock(&payment_lock);
}

void schedule_shipping(int order_id)
{
    pthread_mutex_lock(&shipping_lock);
    all_first_locks_taken();
    pthread_mutex_lock(&inventory_lock); /* held by reserve_inventory */
    shipments_scheduled += order_id > 0;
    pthread_mutex_unlock(&inventory_lock);
    pthread_mutex_unlock(&shipping_lock);
}

void *inventory_worker(void *arg) { (void)arg; reserve_inventory(2); return NULL; }
void *payment_worker(void *arg) { (void)arg; charge_payment(4999); return NULL; }
void *shipping_worker(void *arg) { (void)arg; schedule_shipping(17); return NULL; }

int main(void)
{
    pthread_attr_t attr;
    pthread_t inventory, payment, shipping;

    pthread_barrier_init(&first_locks_taken, NULL, 3);
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&inventory, &attr, inventory_worker, NULL);
    pthread_setname_np(inventory, "reserve-stock");
    pthread_create(&payment, &attr, payment_worker, NULL);
    pthread_setname_np(payment, "charge-payment");
    pthread_create(&shipping, &attr, shipping_worker, NULL);
    pthread_setname_np(shipping, "schedule-ship");

    while (steps_past_barrier < 3)
        sleep_ms(1);
    sleep_ms(300); /* all three are now blocked on their second lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(inventory, NULL);
    pthread_join(payment, NULL);
    pthread_join(shipping, NULL);
    return 0;
}
