/*
 * null-deref: the order worker takes the next order from an empty queue,
 * gets NULL, and process_order() reads order->quantity (offset 16) through
 * it.  The kernel delivers SIGSEGV with si_addr 0x10 and writes the core.
 *
 * Threads: main (joins), order_worker (crashes in process_order),
 * 2 x notification_worker (idle in wait_for_notification, pthread_cond_wait).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#define NOTIFICATION_WORKERS 2
#define WORKER_STACK_SIZE (256 * 1024)

struct order {
    uint64_t order_id;         /* offset 0 */
    uint64_t customer_id;      /* offset 8 */
    int32_t quantity;          /* offset 16 */
    int32_t unit_price_cents;  /* offset 20 */
};

_Static_assert(offsetof(struct order, quantity) == 16, "quantity must be at offset 16");

static struct order *order_queue[16];
static int order_queue_length; /* the queue is empty */

static pthread_mutex_t notification_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t notification_ready = PTHREAD_COND_INITIALIZER;
static int pending_notifications;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

struct order *next_order(void)
{
    if (order_queue_length == 0)
        return NULL; /* empty queue: callers are supposed to check */
    return order_queue[--order_queue_length];
}

int64_t process_order(struct order *order)
{
    int32_t quantity = order->quantity; /* NULL + 16: SIGSEGV */
    return (int64_t)quantity * order->unit_price_cents;
}

void *order_worker(void *arg)
{
    (void)arg;
    sleep_ms(100); /* poll interval; main is in pthread_join by now */
    struct order *order = next_order();
    int64_t total_cents = process_order(order);
    printf("order total: %lld\n", (long long)total_cents);
    return NULL;
}

int wait_for_notification(void)
{
    int notification;
    pthread_mutex_lock(&notification_lock);
    while (pending_notifications == 0)
        pthread_cond_wait(&notification_ready, &notification_lock);
    notification = pending_notifications--;
    pthread_mutex_unlock(&notification_lock);
    return notification;
}

void *notification_worker(void *arg)
{
    (void)arg;
    for (;;)
        wait_for_notification();
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t order_thread;
    pthread_t notification_threads[NOTIFICATION_WORKERS];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    for (int i = 0; i < NOTIFICATION_WORKERS; i++)
        pthread_create(&notification_threads[i], &attr, notification_worker, NULL);
    sleep_ms(100); /* let the notification workers go idle */

    pthread_create(&order_thread, &attr, order_worker, NULL);
    pthread_join(order_thread, NULL);
    for (int i = 0; i < NOTIFICATION_WORKERS; i++)
        pthread_join(notification_threads[i], NULL);
    return 0;
}
