/*
 * handler-no-cfi: a crash handler whose signal trampoline has no call frame
 * information, as in programs that install handlers with their own restorer
 * (a raw rt_sigaction with SA_RESTORER, as Go's runtime and some JITs do).
 * libdwfl cannot tell the trampoline is a signal frame: it unwinds past it by
 * the frame pointer and skips the interrupted function. The trampoline is
 * known by its code (mov $15, %rax; syscall), and the interrupted stack is
 * unwound from the registers the signal frame saved. Used by a test at test
 * time (the test compiles it itself, dynamically, -O0 so that the
 * frame-pointer fallback walks the program's frames):
 *
 *     cc -g -O0 -pthread -o handler-no-cfi handler-no-cfi.c
 *
 * The restorer is a local symbol named __restore_rt only so that gdb, the
 * test's oracle, recognises the frame (its sniffer accepts that name);
 * analyze-dump goes by the code.
 *
 * The fault: main -> apply_update -> store_counter(NULL) writes
 * counter->value (offset 0x18) through a NULL pointer: SIGSEGV, SEGV_MAPERR
 * at 0x18. The SA_SIGINFO handler on_fault restores the default action and
 * re-raises with raise().
 *
 * main prints "ready" (and flushes) before it crashes.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct counter {
    uint64_t id;       /* offset 0x00 */
    char name[16];     /* offset 0x08 */
    uint64_t value;    /* offset 0x18 */
};

_Static_assert(offsetof(struct counter, value) == 0x18, "value must be at offset 0x18");

static struct counter *volatile current_counter; /* never set: NULL */

/* The trampoline the handler returns to: rt_sigreturn, with no CFI. The
 * int3 before it, like the nop before glibc's __restore_rt, keeps it apart
 * from the code of the function before it. */
__asm__(".text\n"
        ".type __restore_rt, @function\n"
        "int3\n"
        "__restore_rt:\n"
        "    mov $15, %rax\n"
        "    syscall\n"
        "    hlt\n"
        ".size __restore_rt, .-__restore_rt\n");
void __restore_rt(void);

struct kernel_sigaction {
    void (*handler)(int, siginfo_t *, void *);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

#define KERNEL_SA_RESTORER 0x04000000UL

__attribute__((noinline)) void on_fault(int signal_number, siginfo_t *info, void *context)
{
    (void)info;
    (void)context;
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

__attribute__((noinline)) void store_counter(struct counter *counter, uint64_t value)
{
    counter->value = value; /* NULL + 0x18: SIGSEGV */
}

__attribute__((noinline)) void apply_update(uint64_t value)
{
    store_counter(current_counter, value + 1);
}

int main(void)
{
    struct kernel_sigaction action;
    memset(&action, 0, sizeof action);
    action.handler = on_fault;
    action.flags = SA_SIGINFO | SA_NODEFER | KERNEL_SA_RESTORER;
    action.restorer = __restore_rt;
    syscall(SYS_rt_sigaction, SIGSEGV, &action, NULL, sizeof action.mask);
    printf("ready\n");
    fflush(stdout);
    apply_update(41);
    return 0;
}
