/*
 * handler-raise: a crash behind a CPython faulthandler / MariaDB style crash
 * handler. The SIGSEGV handler is a plain sa_handler (no SA_SIGINFO, so the
 * kernel writes no siginfo into the signal frame) with SA_NODEFER |
 * SA_ONSTACK, running on its own sigaltstack as faulthandler does; it writes a
 * message, then restores the default action and re-raises the signal with
 * signal(sig, SIG_DFL); raise(sig). The kernel writes the core for the raised
 * SIGSEGV (SI_TKILL): the original fault is known only from the sigcontext's
 * trap number, error code and cr2.
 *
 * The fault: reader_thread -> read_header_length(NULL) reads header->length
 * (offset 0x8) through a NULL pointer: a page fault on a read at 0x8.
 *
 * Threads: main (joins), reader (crashes, then runs the handler on the
 * alternate stack), idle-worker (idle in wait_for_work, pthread_cond_wait).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct header {
    uint32_t magic;            /* offset 0x0 */
    uint32_t flags;            /* offset 0x4 */
    uint64_t length;           /* offset 0x8 */
};

_Static_assert(offsetof(struct header, length) == 0x8, "length must be at offset 0x8");

static struct header *volatile current_header; /* never set: NULL */
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static int pending_work;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

__attribute__((noinline)) void fatal_error(int signal_number)
{
    static const char message[] = "Fatal error: Segmentation fault\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

__attribute__((noinline)) uint64_t read_header_length(const struct header *header)
{
    return header->length; /* NULL + 0x8: SIGSEGV */
}

void *reader_thread(void *arg)
{
    (void)arg;
    stack_t alternate = { .ss_sp = malloc(SIGSTKSZ * 4), .ss_size = SIGSTKSZ * 4, .ss_flags = 0 };
    struct sigaction action;

    sigaltstack(&alternate, NULL);
    memset(&action, 0, sizeof action);
    action.sa_handler = fatal_error;
    action.sa_flags = SA_NODEFER | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, NULL);

    sleep_ms(100); /* main is in pthread_join, the idle worker waits */
    uint64_t length = read_header_length(current_header);
    return (void *)(uintptr_t)length;
}

void *idle_worker(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&work_lock);
    while (pending_work == 0)
        pthread_cond_wait(&work_ready, &work_lock);
    pthread_mutex_unlock(&work_lock);
    return NULL;
}

int main(void)
{
    pthread_t reader, idle;

    pthread_create(&idle, NULL, idle_worker, NULL);
    pthread_setname_np(idle, "idle-worker");
    pthread_create(&reader, NULL, reader_thread, NULL);
    pthread_setname_np(reader, "reader");
    pthread_join(reader, NULL);
    pthread_join(idle, NULL);
    return 0;
}
