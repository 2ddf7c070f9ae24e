/* jit-trampolines: a thread that blocks under code written at run time into anonymous
 * executable memory, with no CFI, as JIT-compiled code is (x86_64 only).
 *
 * The trampoline copied into an mmap'd page is CPython 3.12's -X perf trampoline:
 *     sub rsp, 8; call rcx; add rsp, 8; ret
 * (it aligns the stack and keeps no frame pointer). Thread "jit" calls blocked_in_jit()
 * through it from call_through, which, like an optimized interpreter loop, leaves rbp holding
 * no frame chain (zero), so that unwinding cannot fall back on frame pointers there. The
 * thread blocks in a futex wait on a mutex main holds. The main thread prints
 * "ready jit=TID code=ADDRESS" once the thread sits in its wait (checked through
 * /proc/self/task/TID/syscall), then sleeps until killed.
 *
 * Built at test time with cc -g -O0 -pthread (Tests/CLITests/JITTrampolineTests.swift).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

static const unsigned char trampoline_code[] = {
    0x48, 0x83, 0xEC, 0x08, /* sub rsp, 8 */
    0xFF, 0xD1,             /* call rcx */
    0x48, 0x83, 0xC4, 0x08, /* add rsp, 8 */
    0xC3,                   /* ret */
};

/* call_through(code, function): calls `function` through the trampoline at `code`, with
 * rbp zero during the call; its CFI says where it saved the caller's rbp. */
void call_through(const unsigned char *code, void (*function)(void));
__asm__(
    ".text\n"
    ".globl call_through\n"
    ".type call_through, @function\n"
    "call_through:\n"
    ".cfi_startproc\n"
    "    push %rbp\n"
    ".cfi_adjust_cfa_offset 8\n"
    ".cfi_rel_offset %rbp, 0\n"
    "    mov %rsi, %rcx\n"
    "    xor %ebp, %ebp\n"
    "    call *%rdi\n"
    "    pop %rbp\n"
    ".cfi_adjust_cfa_offset -8\n"
    ".cfi_restore %rbp\n"
    "    ret\n"
    ".cfi_endproc\n"
    ".size call_through, .-call_through\n");

static pthread_mutex_t never_released = PTHREAD_MUTEX_INITIALIZER;
static volatile pid_t jit_tid;
static unsigned char *page;

__attribute__((noinline)) static void blocked_in_jit(void) {
    pthread_mutex_lock(&never_released);
}

__attribute__((noinline)) static void *enter_jit(void *argument) {
    (void)argument;
    jit_tid = (pid_t)syscall(SYS_gettid);
    call_through(page, blocked_in_jit);
    return NULL;
}

/* Whether thread `tid` is in system call 202 (futex). */
static int in_futex_wait(pid_t tid) {
    char path[64], text[32] = {0};
    snprintf(path, sizeof path, "/proc/self/task/%d/syscall", (int)tid);
    FILE *file = fopen(path, "r");
    if (!file) return 0;
    size_t count = fread(text, 1, sizeof text - 1, file);
    fclose(file);
    return count > 4 && strncmp(text, "202 ", 4) == 0;
}

int main(void) {
    page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return 1;
    memcpy(page, trampoline_code, sizeof trampoline_code);
    if (mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) return 1;
    pthread_mutex_lock(&never_released);
    pthread_t jit;
    pthread_create(&jit, NULL, enter_jit, NULL);
    while (!jit_tid || !in_futex_wait(jit_tid)) usleep(1000);
    printf("ready jit=%d code=%p\n", (int)jit_tid, (void *)page);
    fflush(stdout);
    for (;;) pause();
}
