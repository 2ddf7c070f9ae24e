/*
 * session-lock: a session update holds the session's exclusive lock while it
 * makes a slow remote call (fetch_remote_profile sleeps).  Readers that only
 * want to read the same session block behind it, although a read lock would
 * have let them through.
 *
 * Threads: main (joins), 1 x session_updater -> update_session (holds
 * sessions[1].lock, sleeping in nanosleep inside fetch_remote_profile),
 * 6 x session_reader -> handle_get_session -> read_session (blocked in
 * pthread_mutex_lock on sessions[1].lock).
 *
 * Prints "ready" once every thread is in place; the regenerate script sends
 * SIGQUIT about 1 s later.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define SESSION_COUNT 4
#define READER_THREADS 6
#define WORKER_STACK_SIZE (256 * 1024)
#define HOT_SESSION 1

struct session {
    int session_id;
    char user_name[28];
    pthread_mutex_t lock; /* exclusive, even for readers */
    long last_access;
    int profile_version;
};

struct session sessions[SESSION_COUNT] = {
    { 0, "alice", PTHREAD_MUTEX_INITIALIZER, 0, 1 },
    { 1, "bob", PTHREAD_MUTEX_INITIALIZER, 0, 1 },
    { 2, "carol", PTHREAD_MUTEX_INITIALIZER, 0, 1 },
    { 3, "dave", PTHREAD_MUTEX_INITIALIZER, 0, 1 },
};

static volatile int updater_has_lock;

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* A slow remote call: the profile service takes a very long time to answer. */
int fetch_remote_profile(int session_id)
{
    struct timespec remote_latency = { 3600, 0 };
    nanosleep(&remote_latency, NULL);
    return session_id + 100;
}

void update_session(struct session *session)
{
    pthread_mutex_lock(&session->lock);
    updater_has_lock = 1;
    session->profile_version = fetch_remote_profile(session->session_id);
    session->last_access = time(NULL);
    pthread_mutex_unlock(&session->lock);
}

/* Only reads the session, but takes the exclusive lock to do it. */
int read_session(int session_id, char *user_name_out, size_t out_size)
{
    struct session *session = &sessions[session_id];
    int version;
    pthread_mutex_lock(&session->lock);
    strncpy(user_name_out, session->user_name, out_size - 1);
    user_name_out[out_size - 1] = '\0';
    version = session->profile_version;
    pthread_mutex_unlock(&session->lock);
    return version;
}

int handle_get_session(int session_id)
{
    char user_name[32];
    return read_session(session_id, user_name, sizeof user_name);
}

void *session_updater(void *arg)
{
    (void)arg;
    update_session(&sessions[HOT_SESSION]);
    return NULL;
}

void *session_reader(void *arg)
{
    (void)arg;
    for (;;)
        handle_get_session(HOT_SESSION);
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t updater_thread;
    pthread_t reader_threads[READER_THREADS];
    char name[16];

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WORKER_STACK_SIZE);

    pthread_create(&updater_thread, &attr, session_updater, NULL);
    pthread_setname_np(updater_thread, "session-update");
    while (!updater_has_lock)
        sleep_ms(1);

    for (long i = 0; i < READER_THREADS; i++) {
        pthread_create(&reader_threads[i], &attr, session_reader, (void *)i);
        snprintf(name, sizeof name, "session-read-%ld", i);
        pthread_setname_np(reader_threads[i], name);
    }
    sleep_ms(200); /* let every reader reach the lock */

    printf("ready\n");
    fflush(stdout);

    pthread_join(updater_thread, NULL);
    for (int i = 0; i < READER_THREADS; i++)
        pthread_join(reader_threads[i], NULL);
    return 0;
}
