// The C surface of elfutils (libelf, libdw, libdwfl), the decompressors of compressed cores
// (zstd, lz4 frames, xz) and the C++ ABI demangler that the CoreDump target uses. Nothing
// else in the package includes these headers.
#ifndef ANALYZE_DUMP_CELFUTILS_SHIM_H
#define ANALYZE_DUMP_CELFUTILS_SHIM_H

#include <stddef.h>
#include <stdint.h>
#include <elf.h>
#include <gelf.h>
#include <libelf.h>
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <elfutils/libdwelf.h>
#include <zstd.h>
#include <lz4frame.h>
#include <lzma.h>

/// The Itanium C++ ABI demangler from libstdc++ (`abi::__cxa_demangle`).
char *__cxa_demangle(const char *mangled_name, char *output_buffer, size_t *length, int *status);

#endif
