/*
 * read-only-touch: a process that has read, never written, 64 MiB of anonymous
 * memory, as gdb's gcore leaves every page of a process it dumped: each page is
 * the kernel's shared zero page. Used by the capture tests at test time (the
 * test compiles it itself, dynamically):
 *
 *     cc -g -O1 -pthread -o read-only-touch read-only-touch.c
 *
 * Prints "ready <address> <size>" (hexadecimal) once every page was read, then
 * pauses.
 */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define REGION_SIZE (64UL << 20)

int main(void)
{
    volatile unsigned char *region = mmap(NULL, REGION_SIZE, PROT_READ | PROT_WRITE,
                                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region == MAP_FAILED)
        return 1;
    unsigned long sum = 0;
    for (unsigned long offset = 0; offset < REGION_SIZE; offset += 4096)
        sum += region[offset];
    printf("ready %lx %lx %lu\n", (unsigned long)region, REGION_SIZE, sum);
    fflush(stdout);
    for (;;)
        pause();
}
