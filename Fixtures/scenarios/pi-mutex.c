/*
 * pi-mutex: the device poller takes the device lock (a priority-inheritance
 * mutex) and then reads the device status, I/O that never completes (the
 * "device" is a pipe nobody writes to).  Every thread that wants to submit a
 * command waits for the lock: I/O under a lock.
 *
 * Threads: main (joins),
 *   device_io -> poll_device -> read_device_status (holds device_lock, blocked
 *     in read() on the pipe),
 *   3 x command_worker -> submit_command (blocked in
 *     pthread_mutex_lock(&device_lock); a PTHREAD_PRIO_INHERIT mutex, so the
 *     kernel call is futex(FUTEX_LOCK_PI) on the lock word).
 *
 * Prints "ready" once every thread is in place; the regenerate script sends
 * SIGQUIT about 0.5 s later.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define COMMAND_THREADS 3
#define WORKER_STACK_SIZE (256 * 1024)

pthread_mutex_t device_lock; /* PTHREAD_PRIO_INHERIT, set up in main */

static int device_fds[2];    /* a pipe: [0] is "the device", nobody writes [1] */
static int commands_sent;
static volatile int device_io_has_lock;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Blocks forever: the device never answers. */
int read_device_status(int fd)
{
    unsigned char status = 0;
    if (read(fd, &status, 1) != 1)
        return -1;
    return status;
}

int poll_device(void)
{
    int status;
    pthread_mutex_lock(&device_lock);
    device_io_has_lock = 1;
    status = read_device_status(device_fds[0]);
    pthread_mutex_unlock(&device_lock);
    return status;
}

void submit_command(int command)
{
    pthread_mutex_lock(&device_lock);
    commands_sent += command != 0;
    pthread_mutex_unlock(&device_lock);
}

void *device_io(void *arg)
{
    (void)arg;
    for (;;)
        poll_device();
    return NULL;
}

void *command_worker(void *arg)
{
    int command = (int)(long)arg + 1;
    for (;;)
        submit_command(command);
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t mutex_attr;
    pthread_attr_t attr;
    pthread_t io_thread;
    pthread_t command_threads[COMMAND_THREADS];
    char name[16];

    if (pipe(device_fds) != 0)
        return 1;
    pthread_mutexattr_init(&mutex_attr);
    pthread_mutexattr_setprotocol(&mutex_attr, PTHREAD_PRIO_INHERIT);
    pthread_mutex_init(&device_lock, &mutex_attr);
    pthread_mutexattr_destroy(&mutex_attr);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&io_thread, &attr, device_io, NULL);
    pthread_setname_np(io_thread, "device-io");
    while (!device_io_has_lock)
        sleep_ms(1);

    for (long i = 0; i < COMMAND_THREADS; i++) {
        pthread_create(&command_threads[i], &attr, command_worker, (void *)i);
        snprintf(name, sizeof name, "command-%ld", i);
        pthread_setname_np(command_threads[i], name);
    }
    sleep_ms(200); /* let every command thread reach the lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(io_thread, NULL);
    for (int i = 0; i < COMMAND_THREADS; i++)
        pthread_join(command_threads[i], NULL);
    return 0;
}
