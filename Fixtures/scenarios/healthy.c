/*
 * healthy: a small server where nothing is wrong, captured while it is idle.
 * No lock is held, no thread uses CPU; every thread waits where an idle
 * server's threads normally wait.  For "no false alarms".
 *
 * Threads: main (pthread_join on the acceptor),
 *   4 x worker_loop (pthread_cond_wait on work_available; queue_mutex is
 *     released while they wait, nobody holds it),
 *   acceptor (accept() on a loopback TCP listening socket, port 0),
 *   event_loop (epoll_wait on an empty epoll set),
 *   timer_thread (nanosleep, 60 s),
 *   shutdown_watcher (sem_wait on shutdown_sem).
 *
 * The globals below have fixed values for tests that read variables out of
 * the core (a counter, a struct field, a field through a pointer, a double,
 * a null pointer).  Prints "ready" once every thread is in place; the
 * regenerate script sends SIGQUIT about 0.5 s later.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define WORKER_THREADS 4
#define WORKER_STACK_SIZE (256 * 1024)

struct request_queue {
    unsigned long depth;
    int limit;
    void *head;
};

struct backlog {
    int count;
    int limit;
};

struct server {
    const char *name;
    struct backlog backlog;
};

int pending_requests = 3;
struct request_queue request_queue = { 3, 1024, NULL };
struct server the_server = { "healthy", { 2, 128 } };
struct server *server = &the_server;
double load_average = 0.5;
struct request_queue *empty_queue = NULL;

pthread_mutex_t queue_mutex = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t work_available = PTHREAD_COND_INITIALIZER;
sem_t shutdown_sem;

static int jobs_ready; /* no work: the workers stay idle */
static int listen_fd = -1;
static int epoll_fd = -1;
static volatile int shutdown_requested;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

void *worker_loop(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&queue_mutex);
        while (jobs_ready == 0)
            pthread_cond_wait(&work_available, &queue_mutex);
        jobs_ready--;
        pthread_mutex_unlock(&queue_mutex);
    }
    return NULL;
}

void *acceptor(void *arg)
{
    (void)arg;
    for (;;) {
        int client = accept(listen_fd, NULL, NULL);
        if (client < 0)
            return NULL;
        close(client);
    }
}

void *event_loop(void *arg)
{
    struct epoll_event events[8];
    (void)arg;
    for (;;)
        if (epoll_wait(epoll_fd, events, 8, -1) < 0)
            return NULL;
}

void *timer_thread(void *arg)
{
    unsigned long ticks = 0;
    (void)arg;
    for (;;) {
        struct timespec interval = { 60, 0 };
        nanosleep(&interval, NULL);
        ticks++;
    }
    return NULL;
}

void *shutdown_watcher(void *arg)
{
    (void)arg;
    sem_wait(&shutdown_sem);
    shutdown_requested = 1;
    return NULL;
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
    pthread_t workers[WORKER_THREADS];
    pthread_t acceptor_thread, event_thread, timer, watcher;

    listen_fd = open_listener();
    epoll_fd = epoll_create1(0);
    if (listen_fd < 0 || epoll_fd < 0 || sem_init(&shutdown_sem, 0, 0) != 0)
        return 1;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    for (int i = 0; i < WORKER_THREADS; i++) {
        pthread_create(&workers[i], &attr, worker_loop, NULL);
        pthread_setname_np(workers[i], "worker");
    }
    pthread_create(&acceptor_thread, &attr, acceptor, NULL);
    pthread_setname_np(acceptor_thread, "acceptor");
    pthread_create(&event_thread, &attr, event_loop, NULL);
    pthread_setname_np(event_thread, "event-loop");
    pthread_create(&timer, &attr, timer_thread, NULL);
    pthread_setname_np(timer, "timer");
    pthread_create(&watcher, &attr, shutdown_watcher, NULL);
    pthread_setname_np(watcher, "shutdown-watch");
    sleep_ms(200); /* let every thread reach its wait */

    printf("ready\n");
    fflush(stdout);

    pthread_join(acceptor_thread, NULL);
    return 0;
}
