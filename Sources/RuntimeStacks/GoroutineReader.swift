import DumpModel

/// Reads a Go process's goroutines (``Process/goroutines``) from the runtime's `allgs`: each
/// goroutine's id, status, wait reason and stack.
///
/// The layouts of `runtime.g` and `runtime.m` come from the binary's DWARF (Go writes it into
/// every binary unless built with `-ldflags=-w`); the wait reasons' names from the binary's
/// own `runtime.waitReasonStrings`, since the numbering changes between releases. A parked
/// goroutine is unwound from `g.sched` by frame pointers (``GoroutineStackWalker``); a running
/// one, or one in a system call, whose thread (`m.procid`, when `m.curg` is this goroutine) is
/// a thread of the core takes that thread's unwound stack. Frames are named by the core
/// reader's symbolizer: functions, source lines and inlined calls, as for threads. The frames
/// of a thread running a goroutine become ``FrameRuntime/go`` too.
///
/// Blind spots: a binary without DWARF (`-ldflags=-w`) or without symbols (`-s`) gets no
/// goroutines, only a note; a goroutine running on a thread's system stack (`g0`) shows that
/// stack; a stack walk that fails a check keeps the frames before it and is counted in a note.
struct GoroutineReader: RuntimeStackReader {
    /// More goroutines than this are not read: a corrupt `allglen` cannot make the reader loop
    /// for hours. Services run up to a few hundred thousand.
    static let maximumGoroutines = 100_000
    /// Longer wait-reason names are cut: the runtime's are under 40 bytes.
    static let maximumWaitReasonLength = 64
    /// More wait reasons than this are not read: Go 1.22 has 40.
    static let maximumWaitReasons = 256

    func read(_ image: ProcessImage, context: RuntimeReadContext, into process: inout Process) {
        guard let allgs = image.symbols.address(ofSymbol: "runtime.allgs") else { return }
        guard let types = context.typeLayouts, let symbolizer = context.symbolizer else {
            process.diagnostics.append(.note("goroutines were not read: the core reader offers no DWARF type layouts or symbolizer"))
            return
        }
        let layout: GoRuntimeLayout
        switch GoRuntimeLayout.resolve(types) {
        case .success(let resolved): layout = resolved
        case .failure(let missing):
            process.diagnostics.append(.note(
                "goroutines were not read: the Go binary's DWARF does not describe \(missing.name) (built with -ldflags=-w?); rebuild it with DWARF or pass --exe with an unstripped copy"))
            return
        }
        let memory = image.memory
        guard let slice = memory.readWord(at: allgs, size: 8), let length = memory.readWord(at: allgs + 8, size: 8) else {
            process.diagnostics.append(.note("goroutines were not read: runtime.allgs at 0x\(String(allgs, radix: 16)) is not in the core"))
            return
        }
        let count = Int(clamping: min(length, UInt64(Self.maximumGoroutines)))
        if length > UInt64(Self.maximumGoroutines) {
            process.diagnostics.append(.note("runtime.allgs holds \(length) goroutines: only the first \(Self.maximumGoroutines) were read"))
        }
        let waitReasons = readWaitReasons(image)
        let semaphores = GoSemaphoreTable.waiters(image, types: types)
        let syncLayout = GoSyncLayout.resolve(types)
        let walker = GoroutineStackWalker(memory: memory)
        var threadByGoroutine = [UInt64: Int32]()
        var goroutines: [Goroutine] = []
        var unreadable = 0
        var incomplete = 0
        var seen = Set<UInt64>()
        for index in 0..<count {
            guard let address = memory.readWord(at: slice &+ UInt64(index) &* 8, size: 8), address != 0, address % 8 == 0,
                  seen.insert(address).inserted,
                  let bytes = memory.read(at: address, count: layout.goroutineSize)
            else { unreadable += 1; continue }
            guard let goroutine = readGoroutine(
                at: address, bytes: bytes, layout: layout, image: image, process: process, waitReasons: waitReasons,
                walker: walker, symbolizer: symbolizer, threads: &threadByGoroutine, incomplete: &incomplete)
            else { continue }
            var read = goroutine
            read.semaphoreAddress = semaphores[address]
            if let semaphore = read.semaphoreAddress {
                read.lockWait = syncLayout?.lockWait(semaphore: semaphore, frames: read.frames, memory: memory)
            }
            goroutines.append(read)
        }
        if unreadable > 0 {
            process.diagnostics.append(.note("\(unreadable) of the \(count) goroutines in runtime.allgs could not be read from the core"))
        }
        if incomplete > 0 {
            process.diagnostics.append(.note(
                "\(incomplete) goroutine stacks end early: a frame pointer left the goroutine's stack or the walk reached \(GoroutineStackWalker.maximumFrames) frames"))
        }
        process.goroutines = goroutines
        // A thread running a goroutine shows that goroutine's stack: its frames are Go's.
        for goroutine in goroutines {
            guard let tid = goroutine.threadTID, let index = process.threads.firstIndex(where: { $0.tid == tid }) else { continue }
            for frame in process.threads[index].frames.indices { process.threads[index].frames[frame].runtime = .go }
        }
    }

    /// One goroutine from its `runtime.g`, nil for a dead one (kept by the runtime for reuse).
    private func readGoroutine(
        at address: UInt64, bytes: [UInt8], layout: GoRuntimeLayout, image: ProcessImage, process: Process,
        waitReasons: [String], walker: GoroutineStackWalker, symbolizer: any MachineFrameSymbolizer,
        threads: inout [UInt64: Int32], incomplete: inout Int
    ) -> Goroutine? {
        guard let rawStatus = layout.atomicStatus.value(in: bytes), let goid = layout.goid.value(in: bytes) else { return nil }
        let status = GoroutineStatus(atomicStatus: UInt32(truncatingIfNeeded: rawStatus))
        guard status != .dead else { return nil }
        var waitReason: String?
        if status == .waiting, let reason = layout.waitReason.value(in: bytes).flatMap({ Int(exactly: $0) }), reason > 0,
           reason < waitReasons.count, !waitReasons[reason].isEmpty {
            waitReason = waitReasons[reason]
        }
        let waitSince = layout.waitSince.value(in: bytes).map { Int64(bitPattern: $0) }
        let threadTID = runningThread(of: address, bytes: bytes, layout: layout, image: image, process: process)

        var frames: [Frame]
        if let threadTID, let thread = process.thread(tid: threadTID), !thread.frames.isEmpty {
            frames = thread.frames
        } else {
            let schedPC = layout.schedPC.value(in: bytes) ?? 0
            let stackLow = layout.stackLow.value(in: bytes) ?? 0
            let stackHigh = layout.stackHigh.value(in: bytes) ?? 0
            let (pc, framePointer) = schedPC != 0
                ? (schedPC, layout.schedBP.value(in: bytes) ?? 0)
                : (layout.syscallPC.value(in: bytes) ?? 0, 0)
            if pc == 0 {
                frames = []
            } else {
                let walked = walker.walk(pc: pc, framePointer: framePointer, stackLow: stackLow, stackHigh: stackHigh)
                if !walked.complete { incomplete += 1 }
                frames = symbolizer.frames(for: walked.frames)
                for index in frames.indices where frames[index].trust != .inlined {
                    frames[index].trust = index == 0 ? .runtime : .framePointer
                }
            }
        }
        for index in frames.indices { frames[index].runtime = .go }
        let creatorPC = layout.creatorPC.value(in: bytes).flatMap { $0 == 0 ? nil : $0 }
        let startPC = layout.startPC.value(in: bytes).flatMap { $0 == 0 ? nil : $0 }
        return Goroutine(
            id: Int64(bitPattern: goid), status: status, waitReason: waitReason,
            waitingSince: waitSince.flatMap { $0 > 0 ? $0 : nil }, frames: frames, threadTID: threadTID,
            creatorPC: creatorPC,
            creatorFunction: creatorPC.flatMap { image.symbols.symbol(containing: $0 - 1).map { Self.goName($0.name) } },
            startFunction: startPC.flatMap { image.symbols.symbol(containing: $0).map { Self.goName($0.name) } })
    }

    /// A function's name as Go spells it: the ELF symbol of an assembly function carries its
    /// ABI (`runtime.goexit.abi0`), which Go's own tracebacks and DWARF leave out.
    static func goName(_ symbol: String) -> String {
        symbol.hasSuffix(".abi0") ? String(symbol.dropLast(5)) : symbol
    }

    /// The TID of the thread running the goroutine at `address`: its `m`'s `procid`, when that
    /// `m`'s `curg` is this goroutine and the TID is a thread of the core.
    private func runningThread(of address: UInt64, bytes: [UInt8], layout: GoRuntimeLayout, image: ProcessImage, process: Process) -> Int32? {
        guard let thread = layout.thread.value(in: bytes), thread != 0, thread % 8 == 0,
              let threadBytes = image.memory.read(at: thread, count: layout.threadSize),
              layout.threadCurrentGoroutine.value(in: threadBytes) == address,
              let processID = layout.threadProcessID.value(in: threadBytes), let tid = Int32(exactly: processID),
              process.thread(tid: tid) != nil
        else { return nil }
        return tid
    }

    /// The names of the wait reasons, indexed by `runtime.g.waitreason`: the binary's
    /// `runtime.waitReasonStrings`, an array of Go strings (pointer, length); empty when the
    /// binary has none.
    private func readWaitReasons(_ image: ProcessImage) -> [String] {
        guard let table = image.symbols.address(ofSymbol: "runtime.waitReasonStrings"),
              let size = image.symbols.symbol(containing: table)?.size, size >= 16
        else { return [] }
        let count = Int(clamping: min(size / 16, UInt64(Self.maximumWaitReasons)))
        return (0..<count).map { index in
            let entry = table &+ UInt64(index) &* 16
            guard let pointer = image.memory.readWord(at: entry, size: 8), let length = image.memory.readWord(at: entry + 8, size: 8),
                  length > 0, let bytes = image.memory.read(at: pointer, count: Int(clamping: min(length, UInt64(Self.maximumWaitReasonLength))))
            else { return "" }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
