/*
 * lock-chain: a wait chain of two locks.  The index flusher holds index_lock
 * (recursive; taken twice, once in flush_index_to_disk and again in
 * write_index_pages) and spins on the CPU.  The journal writer holds
 * journal_lock (error-checking) and waits for index_lock.  Every write
 * request needs journal_lock and waits behind the journal writer: the
 * requests are stuck two locks away from the thread that is really running.
 *
 * Threads: main (joins),
 *   flusher_worker -> flush_index_to_disk -> write_index_pages (holds
 *     index_lock twice, CPU-bound forever),
 *   journal_writer_worker -> append_journal (holds journal_lock, blocked in
 *     pthread_mutex_lock(&index_lock)),
 *   4 x request_worker -> handle_write (blocked in
 *     pthread_mutex_lock(&journal_lock)).
 *
 * Prints "ready" once every thread is in place; the regenerate script then
 * waits until the flusher has used ~1 s of CPU and sends SIGQUIT.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define REQUEST_THREADS 4
#define WORKER_STACK_SIZE (256 * 1024)
#define INDEX_PAGES 1024

pthread_mutex_t index_lock;   /* PTHREAD_MUTEX_RECURSIVE, set up in main */
pthread_mutex_t journal_lock; /* PTHREAD_MUTEX_ERRORCHECK, set up in main */

static volatile unsigned long index_pages[INDEX_PAGES];
static volatile unsigned long journal_length;
static volatile int flusher_has_lock;
static volatile int journal_writer_has_lock;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Takes index_lock a second time (recursively), then never finishes. */
void write_index_pages(void)
{
    volatile unsigned long checksum = 0xcbf29ce484222325UL;
    pthread_mutex_lock(&index_lock);
    flusher_has_lock = 1;
    for (unsigned long round = 0;; round++) {
        for (unsigned page = 0; page < INDEX_PAGES; page++) {
            checksum = (checksum ^ (round + page)) * 0x100000001b3UL;
            index_pages[page] = checksum;
        }
    }
    pthread_mutex_unlock(&index_lock);
}

void flush_index_to_disk(void)
{
    pthread_mutex_lock(&index_lock);
    write_index_pages();
    pthread_mutex_unlock(&index_lock);
}

/* Holds journal_lock while it waits for index_lock. */
void append_journal(unsigned long record)
{
    pthread_mutex_lock(&journal_lock);
    journal_writer_has_lock = 1;
    pthread_mutex_lock(&index_lock);
    index_pages[record % INDEX_PAGES] = record;
    pthread_mutex_unlock(&index_lock);
    journal_length++;
    pthread_mutex_unlock(&journal_lock);
}

int handle_write(unsigned long record)
{
    pthread_mutex_lock(&journal_lock);
    journal_length++;
    index_pages[record % INDEX_PAGES] = record;
    pthread_mutex_unlock(&journal_lock);
    return 0;
}

void *flusher_worker(void *arg) { (void)arg; flush_index_to_disk(); return NULL; }
void *journal_writer_worker(void *arg) { (void)arg; append_journal(42); return NULL; }

void *request_worker(void *arg)
{
    unsigned long worker_index = (unsigned long)arg;
    for (unsigned long record = worker_index;; record += REQUEST_THREADS)
        handle_write(record);
    return NULL;
}

int main(void)
{
    pthread_mutexattr_t mutex_attr;
    pthread_attr_t attr;
    pthread_t flusher, journal_writer;
    pthread_t requests[REQUEST_THREADS];
    char name[16];

    pthread_mutexattr_init(&mutex_attr);
    pthread_mutexattr_settype(&mutex_attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&index_lock, &mutex_attr);
    pthread_mutexattr_settype(&mutex_attr, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&journal_lock, &mutex_attr);
    pthread_mutexattr_destroy(&mutex_attr);

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&flusher, &attr, flusher_worker, NULL);
    pthread_setname_np(flusher, "index-flusher");
    while (!flusher_has_lock)
        sleep_ms(1);

    pthread_create(&journal_writer, &attr, journal_writer_worker, NULL);
    pthread_setname_np(journal_writer, "journal-writer");
    while (!journal_writer_has_lock)
        sleep_ms(1);

    for (long i = 0; i < REQUEST_THREADS; i++) {
        pthread_create(&requests[i], &attr, request_worker, (void *)i);
        snprintf(name, sizeof name, "request-%ld", i);
        pthread_setname_np(requests[i], name);
    }
    sleep_ms(200); /* let the journal writer and the requests reach their locks */

    printf("ready\n");
    fflush(stdout);

    pthread_join(flusher, NULL);
    pthread_join(journal_writer, NULL);
    for (int i = 0; i < REQUEST_THREADS; i++)
        pthread_join(requests[i], NULL);
    return 0;
}
