/*
 * stack-overflow: a tree walk recurses without a depth limit.  descend()
 * keeps a small buffer on the stack in every frame, so the worker's 1 MiB
 * stack runs into its guard page and the kernel delivers SIGSEGV.
 *
 * Threads: main (joins), tree_walker (1 MiB stack, thousands of descend()
 * frames deep when it faults).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define WALKER_STACK_SIZE (1024 * 1024)
#define FRAME_BUFFER_SIZE 96

/* 0 means "no limit" -- and nobody configured one. */
static volatile int max_tree_depth = 0;

int descend(int depth)
{
    char path_segment[FRAME_BUFFER_SIZE];
    for (int i = 0; i < FRAME_BUFFER_SIZE; i++)
        path_segment[i] = (char)('a' + (depth + i) % 26);
    if (max_tree_depth != 0 && depth >= max_tree_depth)
        return 0;
    return descend(depth + 1) + path_segment[depth % FRAME_BUFFER_SIZE];
}

void *tree_walker(void *arg)
{
    (void)arg;
    struct timespec load_time = { 0, 100 * 1000000L };
    nanosleep(&load_time, NULL); /* "load the tree"; main is in pthread_join by now */
    int nodes = descend(0);
    printf("visited %d nodes\n", nodes);
    return NULL;
}

int main(void)
{
    pthread_attr_t attr;
    pthread_t walker_thread;

    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, WALKER_STACK_SIZE);

    pthread_create(&walker_thread, &attr, tree_walker, NULL);
    pthread_setname_np(walker_thread, "tree-walker");
    pthread_join(walker_thread, NULL);
    return 0;
}
