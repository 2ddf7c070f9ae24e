/*
 * queue-backlog: the backend connection is being re-established while
 * backend_lock is held, and the reconnect is a slow remote call
 * (reconnect_backend sleeps).  All 12 request workers wait for backend_lock,
 * so nothing drains the request queue: the acceptor has queued 283 requests
 * against a limit of 300.  Earlier request buffers (48 x 1 MiB) were leaked
 * on the heap.  The case for "queue near its limit, recycle the process".
 *
 * Threads: main (joins),
 *   backend_reconnect -> reconnect_backend (holds backend_lock, sleeping in
 *     nanosleep),
 *   12 x request_worker -> handle_request -> query_backend (blocked in
 *     pthread_mutex_lock(&backend_lock)),
 *   acceptor (queued 283 requests, now waiting in accept() on a loopback
 *     listening socket).
 *
 * The leaked blocks are malloc'ed by main before any thread starts, with the
 * mmap threshold raised so that they come from the main arena's brk heap
 * (main_arena.system_mem covers them); each is filled with a constant byte,
 * so the pages are in the core but compress to almost nothing.  Prints
 * "ready" once every thread is in place; the regenerate script sends SIGQUIT
 * about 1 s later.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define REQUEST_THREADS 12
#define WORKER_STACK_SIZE (256 * 1024)
#define QUEUED_REQUESTS 283
#define LEAKED_BLOCKS 48
#define LEAKED_BLOCK_SIZE (1024 * 1024)

struct request_queue {
    unsigned long depth;
    unsigned long limit;
};

pthread_mutex_t backend_lock = PTHREAD_MUTEX_INITIALIZER;
struct request_queue request_queue = { 0, 300 };
int pending_requests;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile int backend_reconnecting;
static volatile int requests_queued;
static int listen_fd = -1;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Request buffers that nobody frees. */
size_t leak_request_buffers(void)
{
    size_t leaked = 0;
    for (int i = 0; i < LEAKED_BLOCKS; i++) {
        char *buffer = malloc(LEAKED_BLOCK_SIZE);
        if (buffer == NULL)
            break;
        memset(buffer, 0x5a, LEAKED_BLOCK_SIZE);
        leaked += LEAKED_BLOCK_SIZE;
    }
    return leaked;
}

/* A slow remote call made while holding backend_lock. */
void reconnect_backend(void)
{
    struct timespec connect_timeout = { 3600, 0 };
    pthread_mutex_lock(&backend_lock);
    backend_reconnecting = 1;
    nanosleep(&connect_timeout, NULL);
    pthread_mutex_unlock(&backend_lock);
}

int query_backend(int request_id)
{
    int result;
    pthread_mutex_lock(&backend_lock);
    result = request_id * 2;
    pthread_mutex_unlock(&backend_lock);
    return result;
}

int handle_request(int request_id)
{
    return query_backend(request_id) > 0;
}

void enqueue_request(void)
{
    pthread_mutex_lock(&queue_lock);
    request_queue.depth++;
    pending_requests++;
    pthread_mutex_unlock(&queue_lock);
}

void *backend_reconnect(void *arg) { (void)arg; reconnect_backend(); return NULL; }

void *request_worker(void *arg)
{
    int worker_index = (int)(long)arg;
    for (int request_id = worker_index;; request_id += REQUEST_THREADS)
        handle_request(request_id);
    return NULL;
}

void *acceptor(void *arg)
{
    (void)arg;
    for (int i = 0; i < QUEUED_REQUESTS; i++)
        enqueue_request();
    requests_queued = 1;
    for (;;) {
        int client = accept(listen_fd, NULL, NULL);
        if (client < 0)
            return NULL;
        enqueue_request();
        close(client);
    }
}

static int open_listener(void)
{
    struct sockaddr_in address = { .sin_family = AF_INET };
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0; /* any free port */
    if (fd < 0 || bind(fd, (struct sockaddr *)&address, sizeof address) != 0 ||
        listen(fd, 16) != 0)
        return -1;
    return fd;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t reconnect_thread, acceptor_thread;
    pthread_t request_threads[REQUEST_THREADS];
    char name[16];
    size_t leaked;

    mallopt(M_MMAP_THRESHOLD, 2 * LEAKED_BLOCK_SIZE);
    leaked = leak_request_buffers();
    printf("leaked_bytes=%zu\n", leaked);
    printf("main_arena_system_mem=%zu\n", mallinfo2().arena);

    listen_fd = open_listener();
    if (listen_fd < 0)
        return 1;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&reconnect_thread, &attr, backend_reconnect, NULL);
    pthread_setname_np(reconnect_thread, "backend-reconn");
    while (!backend_reconnecting)
        sleep_ms(1);

    for (long i = 0; i < REQUEST_THREADS; i++) {
        pthread_create(&request_threads[i], &attr, request_worker, (void *)i);
        snprintf(name, sizeof name, "request-%ld", i);
        pthread_setname_np(request_threads[i], name);
    }
    pthread_create(&acceptor_thread, &attr, acceptor, NULL);
    pthread_setname_np(acceptor_thread, "acceptor");
    while (!requests_queued)
        sleep_ms(1);
    sleep_ms(200); /* let every request worker reach backend_lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(reconnect_thread, NULL);
    pthread_join(acceptor_thread, NULL);
    for (int i = 0; i < REQUEST_THREADS; i++)
        pthread_join(request_threads[i], NULL);
    return 0;
}
