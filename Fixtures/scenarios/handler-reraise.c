/*
 * handler-reraise: a crash behind a redis-style crash handler. The SIGSEGV
 * handler is installed with SA_SIGINFO | SA_NODEFER | SA_RESETHAND (redis'
 * setupSignalHandlers); it logs the fault from its siginfo, then
 * bug_report_end() restores the default action and re-raises the signal with
 * kill(getpid(), sig), as redis' bugReportEnd does. The kernel writes the core
 * for that second SIGSEGV (SI_USER, sent by the process itself) while the
 * handler's frames are on the stack: the original fault is only in the
 * kernel's rt_sigframe under the handler.
 *
 * The fault: main -> handle_command -> touch_session(NULL) writes
 * session->last_seen (offset 0x28) through a NULL pointer: SIGSEGV,
 * SEGV_MAPERR at 0x28. It happens on the main thread, as redis' commands run
 * there: kill(getpid()) sends the signal to the thread-group leader, so the
 * re-raised signal lands on the thread that runs the handler.
 *
 * Threads: main (crashes, then runs the handler), 2 x idle-worker (idle in
 * idle_worker, pthread_cond_wait).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct session {
    uint64_t id;               /* offset 0x00 */
    char user[32];             /* offset 0x08 */
    int64_t last_seen;         /* offset 0x28 */
};

_Static_assert(offsetof(struct session, last_seen) == 0x28, "last_seen must be at offset 0x28");

static struct session *volatile current_session; /* never set: NULL */
static pthread_mutex_t work_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_ready = PTHREAD_COND_INITIALIZER;
static int pending_work;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

__attribute__((noinline)) void bug_report_end(int signal_number)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
    kill(getpid(), signal_number);
}

__attribute__((noinline)) void crash_handler(int signal_number, siginfo_t *info, void *context)
{
    (void)context;
    char line[128];
    int length = snprintf(line, sizeof line, "crashed by signal %d, si_code %d, address %p\n",
                          signal_number, info->si_code, info->si_addr);
    if (length > 0)
        (void)!write(STDERR_FILENO, line, (size_t)length);
    bug_report_end(signal_number);
}

__attribute__((noinline)) void touch_session(struct session *session)
{
    session->last_seen = (int64_t)time(NULL); /* NULL + 0x28: SIGSEGV */
}

__attribute__((noinline)) void handle_command(void)
{
    touch_session(current_session);
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
    struct sigaction action;
    pthread_t idle[2];

    memset(&action, 0, sizeof action);
    action.sa_sigaction = crash_handler;
    action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
    sigemptyset(&action.sa_mask);
    sigaction(SIGSEGV, &action, NULL);

    for (int i = 0; i < 2; i++) {
        pthread_create(&idle[i], NULL, idle_worker, NULL);
        pthread_setname_np(idle[i], "idle-worker");
    }
    sleep_ms(100); /* let the idle workers wait */
    handle_command();
    for (int i = 0; i < 2; i++)
        pthread_join(idle[i], NULL);
    return 0;
}
