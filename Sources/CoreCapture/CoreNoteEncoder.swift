import DumpModel

/// Encodes the notes of an x86_64 core in the kernel's layout and order
/// (`fs/binfmt_elf.c`, `write_note_info`): the first thread's `NT_PRSTATUS`, then
/// `NT_PRPSINFO`, `NT_AUXV` and `NT_FILE`, then that thread's `NT_FPREGSET` and
/// `NT_X86_XSTATE`; each other thread's `NT_PRSTATUS`, `NT_FPREGSET`, `NT_X86_XSTATE`; then,
/// on Linux 6.12 and later, `NT_X86_XSAVE_LAYOUT` (``XSaveLayout``, written by the kernel's
/// `elf_coredump_extra_notes_write`). Our own ``CaptureNote`` comes last. When a signal
/// triggered the core, its thread comes first and its `NT_SIGINFO` follows `NT_PRPSINFO`, as
/// in a kernel core of a crash.
///
/// Offsets are those of glibc's `<sys/procfs.h>` on x86_64 (checked with `offsetof`):
/// `struct elf_prstatus` is 336 bytes with `pr_pid` at 32, `pr_utime` at 48 and `pr_reg`
/// at 112; `struct elf_prpsinfo` is 136 bytes with `pr_fname` at 40 and `pr_psargs` at 56.
enum CoreNoteEncoder {
    static let prstatusType: UInt32 = 1
    static let fpregsetType: UInt32 = 2
    static let prpsinfoType: UInt32 = 3
    static let auxvType: UInt32 = 6
    static let siginfoType: UInt32 = 0x5349_4749
    static let fileType: UInt32 = 0x4649_4C45
    static let xstateType: UInt32 = 0x202

    /// The whole `PT_NOTE` segment.
    static func encode(_ process: ProcessSnapshot, stoppedNanoseconds: UInt64) -> [UInt8] {
        var writer = ByteWriter()
        for (index, thread) in process.threads.enumerated() {
            // The kernel writes the dumping signal into every thread's status (and gdb's BFD
            // takes the signal from the last one it reads).
            note(name: "CORE", type: prstatusType, descriptor: prstatus(thread, signal: process.signal?.number ?? 0), into: &writer)
            if index == 0 {
                note(name: "CORE", type: prpsinfoType, descriptor: prpsinfo(process), into: &writer)
                if let captured = process.signal, captured.tid == thread.tid, captured.signalInfo.count == 128 {
                    note(name: "CORE", type: siginfoType, descriptor: captured.signalInfo, into: &writer)
                }
                note(name: "CORE", type: auxvType, descriptor: process.auxiliaryVector, into: &writer)
                note(name: "CORE", type: fileType, descriptor: fileNote(process.mappings, pageSize: process.pageSize), into: &writer)
            }
            if let floatingPoint = thread.floatingPointRegisters {
                note(name: "CORE", type: fpregsetType, descriptor: floatingPoint, into: &writer)
            }
            if let extended = thread.extendedState {
                note(name: "LINUX", type: xstateType, descriptor: extended, into: &writer)
            }
        }
        if let layout = process.xsaveLayout {
            note(name: XSaveLayout.noteName, type: XSaveLayout.noteType, descriptor: layout.encoded(), into: &writer)
        }
        let ours = CaptureNote(
            captureTimeNanoseconds: process.captureTimeNanoseconds, stoppedNanoseconds: stoppedNanoseconds,
            trigger: process.trigger ?? "", threads: process.threads.map { .init(tid: $0.tid, name: $0.name) },
            perfMap: process.perfMap, monotonicNanoseconds: process.monotonicNanoseconds)
        note(name: CaptureNote.noteName, type: CaptureNote.noteType, descriptor: ours.encoded(), into: &writer)
        return writer.bytes
    }

    /// One note: sizes, type, the NUL-terminated name and the descriptor, each padded to 4.
    static func note(name: String, type: UInt32, descriptor: [UInt8], into writer: inout ByteWriter) {
        let nameBytes = Array(name.utf8) + [0]
        writer.u32(UInt32(nameBytes.count))
        writer.u32(UInt32(descriptor.count))
        writer.u32(type)
        writer.append(nameBytes)
        writer.pad(to: 4)
        writer.append(descriptor)
        writer.pad(to: 4)
    }

    /// `struct elf_prstatus`. `signal` is the one that triggered the core, else 0; the kernel
    /// sets only `si_signo` of `pr_info`.
    static func prstatus(_ thread: ThreadSnapshot, signal: Int32) -> [UInt8] {
        var writer = ByteWriter()
        writer.i32(signal)                         // pr_info.si_signo
        writer.zeros(8)                            // pr_info.si_code, si_errno
        writer.u16(UInt16(truncatingIfNeeded: signal))  // pr_cursig
        writer.zeros(2)
        writer.u64(thread.status.pendingSignals)   // pr_sigpend (16)
        writer.u64(thread.status.blockedSignals)   // pr_sighold (24)
        writer.i32(thread.tid)                     // pr_pid (32)
        writer.i32(thread.stat.parentPID)          // pr_ppid
        writer.i32(thread.stat.processGroupID)     // pr_pgrp
        writer.i32(thread.stat.sessionID)          // pr_sid
        timeval(thread.recordedCPUTime.userMicroseconds, into: &writer)    // pr_utime (48)
        timeval(thread.recordedCPUTime.systemMicroseconds, into: &writer)  // pr_stime (64)
        timeval(thread.childrenCPUTime.userMicroseconds, into: &writer)    // pr_cutime (80)
        timeval(thread.childrenCPUTime.systemMicroseconds, into: &writer)  // pr_cstime (96)
        writer.append(thread.generalRegisters)     // pr_reg (112), 216 bytes
        writer.i32(thread.floatingPointRegisters == nil ? 0 : 1)  // pr_fpvalid (328)
        writer.pad(to: 8)
        assert(writer.count == 336)
        return writer.bytes
    }

    /// `struct elf_prpsinfo`, filled as the kernel's `fill_psinfo` does: `pr_psargs` is the
    /// command line cut to 79 bytes with each NUL turned into a space.
    static func prpsinfo(_ process: ProcessSnapshot) -> [UInt8] {
        let leader = process.threads[0]
        let stateIndex = "RSDTZW".firstIndex(of: Character(process.stateBeforeCapture.uppercased()))
            .map { "RSDTZW".distance(from: "RSDTZW".startIndex, to: $0) } ?? 0
        var writer = ByteWriter()
        writer.u8(UInt8(stateIndex))                                      // pr_state
        writer.u8(process.stateBeforeCapture.asciiValue ?? UInt8(ascii: "."))  // pr_sname
        writer.u8(process.stateBeforeCapture == "Z" ? 1 : 0)              // pr_zomb
        writer.u8(UInt8(bitPattern: leader.stat.nice))                    // pr_nice
        writer.zeros(4)
        writer.u64(leader.stat.flags)                                     // pr_flag (8)
        writer.u32(leader.status.uid)                                     // pr_uid (16)
        writer.u32(leader.status.gid)                                     // pr_gid (20)
        writer.i32(process.pid)                                           // pr_pid (24)
        writer.i32(leader.stat.parentPID)
        writer.i32(leader.stat.processGroupID)
        writer.i32(leader.stat.sessionID)
        writer.fixedString(Array(process.command.utf8), size: 16)         // pr_fname (40)
        let arguments = process.commandLine.prefix(79).map { $0 == 0 ? UInt8(ascii: " ") : $0 }
        writer.fixedString(arguments, size: 80)                           // pr_psargs (56)
        assert(writer.count == 136)
        return writer.bytes
    }

    /// `NT_FILE`: the count, the page size, (start, end, offset in pages) per file-backed
    /// mapping, then their paths, NUL-terminated.
    static func fileNote(_ mappings: [MemoryMapping], pageSize: UInt64) -> [UInt8] {
        let files = mappings.filter(\.isFileBacked)
        var writer = ByteWriter()
        writer.u64(UInt64(files.count))
        writer.u64(pageSize)
        for file in files {
            writer.u64(file.startAddress)
            writer.u64(file.endAddress)
            writer.u64(file.fileOffset / pageSize)
        }
        for file in files {
            writer.append(Array(file.path.utf8) + [0])
        }
        return writer.bytes
    }

    private static func timeval(_ microseconds: UInt64, into writer: inout ByteWriter) {
        writer.u64(microseconds / 1_000_000)
        writer.u64(microseconds % 1_000_000)
    }
}
