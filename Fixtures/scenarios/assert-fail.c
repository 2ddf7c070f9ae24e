/*
 * assert-fail: the configuration file sets worker_count to 0; validate_config()
 * asserts it is positive, glibc prints the assertion, stores it in
 * __abort_msg and calls abort(): SIGABRT, core written by the kernel.
 *
 * Threads: main (load_config -> validate_config -> __assert_fail -> abort),
 * 1 x metrics_flusher (idle in wait_for_flush, pthread_cond_wait).
 */
#define _GNU_SOURCE
#include <assert.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WORKER_STACK_SIZE (256 * 1024)

struct config {
    char listen_address[32];
    int port;
    int worker_count;
    int queue_depth;
};

static const char config_text[] = "listen=0.0.0.0 port=8080 workers=0 queue=128";

static struct config current_config;

static pthread_mutex_t flush_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flush_requested = PTHREAD_COND_INITIALIZER;
static int flush_pending;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

int wait_for_flush(void)
{
    pthread_mutex_lock(&flush_lock);
    while (!flush_pending)
        pthread_cond_wait(&flush_requested, &flush_lock);
    flush_pending = 0;
    pthread_mutex_unlock(&flush_lock);
    return 1;
}

void *metrics_flusher(void *arg)
{
    (void)arg;
    for (;;)
        wait_for_flush();
    return NULL;
}

void validate_config(const struct config *config)
{
    assert(config->port > 0 && config->port < 65536);
    assert(config->worker_count > 0 && "worker_count must be positive");
    assert(config->queue_depth >= config->worker_count);
}

struct config *load_config(void)
{
    struct config *config = &current_config;
    memset(config, 0, sizeof *config);
    if (sscanf(config_text, "listen=%31s port=%d workers=%d queue=%d",
               config->listen_address, &config->port, &config->worker_count,
               &config->queue_depth) != 4)
        return NULL;
    validate_config(config);
    return config;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t flusher_thread;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);
    pthread_create(&flusher_thread, &attr, metrics_flusher, NULL);
    pthread_setname_np(flusher_thread, "metrics-flush");
    sleep_ms(100); /* let the flusher go idle */

    struct config *config = load_config();
    printf("listening on %s:%d with %d workers\n", config->listen_address,
           config->port, config->worker_count);
    pthread_join(flusher_thread, NULL);
    return 0;
}
