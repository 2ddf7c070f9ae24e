// Capstone, the disassembler CoreDump decodes the instruction at a crash with
// (InstructionDecoder.swift). Only CoreDump imports this module.
#include <capstone/capstone.h>
