/*
 * runaway: three threads spin on the CPU in three different functions, started
 * one after another so that their CPU times differ clearly when the process is
 * captured; two idle workers wait for work that never comes.
 *
 * Threads: main (joins),
 *   compression_worker -> compress_block        (started first,  ~2.0 s CPU)
 *   json_worker        -> parse_json_document   (started second, ~1.2 s CPU)
 *   password_worker    -> hash_passwords        (started last,   ~0.5 s CPU)
 *   2 x idle_worker    -> wait_for_work         (pthread_cond_wait)
 *
 * main starts json_worker once compression_worker has used 0.8 s of CPU and
 * password_worker once it has used 1.5 s, then prints "ready".  The
 * regenerate script sends SIGQUIT when compression_worker reaches ~2.0 s.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define IDLE_WORKERS 2
#define WORKER_STACK_SIZE (256 * 1024)

static pthread_mutex_t work_queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t work_available = PTHREAD_COND_INITIALIZER;
static int pending_jobs;

static volatile unsigned char input_buffer[8192];
static volatile unsigned long sink;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

void compress_block(void)
{
    volatile unsigned long window = 0;
    for (unsigned long pos = 0;; pos++) {
        window = (window << 5) ^ input_buffer[pos % sizeof input_buffer];
        if ((window & 0xfff) == 0x3a5)
            sink = window;
    }
}

void parse_json_document(void)
{
    volatile int depth = 0;
    for (unsigned long pos = 0;; pos++) {
        unsigned char token = input_buffer[pos % sizeof input_buffer];
        if (token == '{' || token == '[')
            depth++;
        else if (token == '}' || token == ']')
            depth--;
        sink = (unsigned long)depth + pos;
    }
}

void hash_passwords(void)
{
    volatile unsigned long digest = 5381;
    for (unsigned long round = 0;; round++)
        digest = digest * 33 + (round & 0xff);
}

void *compression_worker(void *arg) { (void)arg; compress_block(); return NULL; }
void *json_worker(void *arg) { (void)arg; parse_json_document(); return NULL; }
void *password_worker(void *arg) { (void)arg; hash_passwords(); return NULL; }

int wait_for_work(void)
{
    int job;
    pthread_mutex_lock(&work_queue_lock);
    while (pending_jobs == 0)
        pthread_cond_wait(&work_available, &work_queue_lock);
    job = pending_jobs--;
    pthread_mutex_unlock(&work_queue_lock);
    return job;
}

void *idle_worker(void *arg)
{
    (void)arg;
    for (;;)
        wait_for_work();
    return NULL;
}

static double thread_cpu_seconds(pthread_t thread)
{
    clockid_t clock;
    struct timespec ts;
    pthread_getcpuclockid(thread, &clock);
    clock_gettime(clock, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t compress_thread, json_thread, password_thread;
    pthread_t idle_threads[IDLE_WORKERS];
    char name[16];

    for (unsigned i = 0; i < sizeof input_buffer; i++)
        input_buffer[i] = "{\"user\":[1,2,{\"id\":3}]}"[i % 24];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    for (long i = 0; i < IDLE_WORKERS; i++) {
        pthread_create(&idle_threads[i], &attr, idle_worker, NULL);
        snprintf(name, sizeof name, "idle-%ld", i);
        pthread_setname_np(idle_threads[i], name);
    }

    pthread_create(&compress_thread, &attr, compression_worker, NULL);
    pthread_setname_np(compress_thread, "compress");
    while (thread_cpu_seconds(compress_thread) < 0.8)
        sleep_ms(5);

    pthread_create(&json_thread, &attr, json_worker, NULL);
    pthread_setname_np(json_thread, "parse-json");
    while (thread_cpu_seconds(compress_thread) < 1.5)
        sleep_ms(5);

    pthread_create(&password_thread, &attr, password_worker, NULL);
    pthread_setname_np(password_thread, "hash-passwords");

    printf("ready\n");
    fflush(stdout);

    pthread_join(compress_thread, NULL);
    pthread_join(json_thread, NULL);
    pthread_join(password_thread, NULL);
    for (int i = 0; i < IDLE_WORKERS; i++)
        pthread_join(idle_threads[i], NULL);
    return 0;
}
