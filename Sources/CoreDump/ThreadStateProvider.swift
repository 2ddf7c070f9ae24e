internal import CElfUtils

/// The thread callbacks passed to `dwfl_attach_state` in place of `dwfl_core_file_attach`.
/// libdwfl's own core callbacks scan every program header and every chunk read so far for each
/// word the unwinder reads, which makes unwinding quadratic in threads; these serve threads and
/// registers from the notes the reader already decoded and memory from ``CoreMemory``'s sorted
/// segment table, so each read is a binary search.
final class ThreadStateProvider {
    /// A thread as the callbacks need it: its TID and initial registers.
    struct ThreadState {
        var tid: Int32
        /// The registers in DWARF order, starting at DWARF register 0.
        var dwarfRegisters: [UInt64]
        var programCounter: UInt64
    }

    let tids: [Int32]
    let memory: CoreMemory
    /// The last address the unwinder asked for that the core does not hold. libdwfl reports
    /// a failed read only as "Callback returned failure"; this says where.
    var unreadableAddress: UInt64?
    let wordSize: Int
    private let indexByTID: [Int32: Int]
    /// One record per thread, `[register count, pc, r0, r1 ...]`. `set_initial_registers` gets
    /// only the thread argument, so that argument is a pointer to the thread's record.
    private let records: UnsafeMutableBufferPointer<UInt64>
    private let recordStride: Int

    init(threads: [ThreadState], memory: CoreMemory, wordSize: Int) {
        self.memory = memory
        self.wordSize = wordSize
        tids = threads.map(\.tid)
        var index: [Int32: Int] = [:]
        for (position, thread) in threads.enumerated() where index[thread.tid] == nil {
            index[thread.tid] = position
        }
        indexByTID = index
        let registerCount = threads.first?.dwarfRegisters.count ?? 0
        recordStride = 2 + registerCount
        records = .allocate(capacity: max(1, threads.count * recordStride))
        records.initialize(repeating: 0)
        for (position, thread) in threads.enumerated() {
            let base = position * recordStride
            records[base] = UInt64(registerCount)
            records[base + 1] = thread.programCounter
            for (register, value) in thread.dwarfRegisters.prefix(registerCount).enumerated() {
                records[base + 2 + register] = value
            }
        }
    }

    deinit { records.deallocate() }

    /// Attaches to the session's `Dwfl` for process `pid`. libdwfl keeps both the callback
    /// table and the provider for the `Dwfl`'s life: the table is allocated once for the
    /// process, and the session keeps the provider (``DwflSession/threadState``).
    ///
    /// - Throws: ``CoreDumpError/libdwfl(operation:message:)`` when libdwfl has no unwinder
    ///   for the core's architecture.
    func attach(to session: DwflSession, core: CoreFile, pid: Int32) throws {
        let argument = Unmanaged.passUnretained(self).toOpaque()
        let attached = session.perform { dwfl_attach_state(session.dwfl, core.elf, pid, Self.callbacks, argument) }
        guard attached else {
            throw CoreDumpError.libdwfl(operation: "attach the threads' state", message: DwflSession.lastError)
        }
        session.threadState = self
    }

    /// Runs `body` with the initial registers of thread `tid` replaced: an unwind that
    /// `body` starts (`dwfl_thread_getframes` asks `set_initial_registers` again each time)
    /// starts from them. Registers past the thread's register count are ignored, missing ones
    /// are zero. Without such a thread, `body` runs unchanged.
    func withInitialRegisters<T>(
        ofThread tid: Int32, dwarfRegisters: [UInt64], programCounter: UInt64, _ body: () -> T
    ) -> T {
        guard let index = indexByTID[tid] else { return body() }
        let base = index * recordStride
        let saved = Array(records[base..<(base + recordStride)])
        records[base + 1] = programCounter
        for register in 0..<(recordStride - 2) {
            records[base + 2 + register] = register < dwarfRegisters.count ? dwarfRegisters[register] : 0
        }
        defer {
            for (offset, value) in saved.enumerated() { records[base + offset] = value }
        }
        return body()
    }

    private func record(at index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(records.baseAddress! + index * recordStride)
    }

    private func index(of record: UnsafeMutableRawPointer) -> Int {
        (record.assumingMemoryBound(to: UInt64.self) - records.baseAddress!) / recordStride
    }

    private static func provider(_ argument: UnsafeMutableRawPointer?) -> ThreadStateProvider {
        Unmanaged<ThreadStateProvider>.fromOpaque(argument!).takeUnretainedValue()
    }

    /// Allocated once and never freed, because `dwfl_attach_state` keeps the pointer for the
    /// session's life (a pointer to a Swift global passed with `&` is valid only during the
    /// call). Immutable after its initialization, which Swift runs once.
    nonisolated(unsafe) private static let callbacks: UnsafeMutablePointer<Dwfl_Thread_Callbacks> = {
        let table = UnsafeMutablePointer<Dwfl_Thread_Callbacks>.allocate(capacity: 1)
        table.initialize(to: Dwfl_Thread_Callbacks(
            next_thread: { _, argument, threadArgument in
                let provider = ThreadStateProvider.provider(argument)
                let next = threadArgument!.pointee.map { provider.index(of: $0) + 1 } ?? 0
                guard next < provider.tids.count else { return 0 }
                threadArgument!.pointee = provider.record(at: next)
                return provider.tids[next]
            },
            get_thread: { _, tid, argument, threadArgument in
                let provider = ThreadStateProvider.provider(argument)
                guard let index = provider.indexByTID[tid] else { return false }
                threadArgument!.pointee = provider.record(at: index)
                return true
            },
            memory_read: { _, address, result, argument in
                let provider = ThreadStateProvider.provider(argument)
                guard let word = provider.memory.readWord(at: address, size: provider.wordSize) else {
                    provider.unreadableAddress = address
                    return false
                }
                result!.pointee = word
                return true
            },
            set_initial_registers: { thread, threadArgument in
                guard let thread, let threadArgument else { return false }
                let record = threadArgument.assumingMemoryBound(to: UInt64.self)
                let count = UInt32(record[0])
                guard dwfl_thread_state_registers(thread, 0, count, record + 2) else { return false }
                dwfl_thread_state_register_pc(thread, record[1])
                return true
            },
            detach: nil,
            thread_detach: nil))
        return table
    }()
}
