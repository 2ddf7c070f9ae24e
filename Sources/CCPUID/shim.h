// The CPUID instruction, which Swift cannot issue (it has no inline assembly). The capture
// reads the XSAVE component sizes and offsets of CPUID leaf 0xD from it, as the kernel does
// for its NT_X86_XSAVE_LAYOUT note. Only the CoreCapture target includes this header.
#ifndef ANALYZE_DUMP_CCPUID_SHIM_H
#define ANALYZE_DUMP_CCPUID_SHIM_H

#include <stdbool.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

/// Runs CPUID with `leaf` in EAX and `subleaf` in ECX and stores the four result registers;
/// false, storing nothing, when the processor has no such leaf or is not an x86 processor.
static inline bool analyze_dump_cpuid(unsigned int leaf, unsigned int subleaf, unsigned int *eax,
                                      unsigned int *ebx, unsigned int *ecx, unsigned int *edx) {
#if defined(__x86_64__) || defined(__i386__)
    return __get_cpuid_count(leaf, subleaf, eax, ebx, ecx, edx) != 0;
#else
    (void)leaf; (void)subleaf; (void)eax; (void)ebx; (void)ecx; (void)edx;
    return false;
#endif
}

#endif
