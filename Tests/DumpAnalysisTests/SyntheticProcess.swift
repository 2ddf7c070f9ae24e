import DumpAnalysis
import DumpModel

/// Processes built in code for the cases no fixture shows: hostile values, glibc's internal
/// locks, other processes' owners.
enum SyntheticProcess {
    /// 32-bit words of process memory; every other address is not in the core.
    final class Memory: ProcessMemory {
        var words: [UInt64: UInt32] = [:]
        func readWord(at address: UInt64, size: Int) -> UInt64? {
            guard size == 4 else { return nil }
            return words[address].map(UInt64.init)
        }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    /// Symbols covering address ranges.
    final class Symbols: SymbolLookup {
        var symbols: [SymbolReference] = []
        func symbol(containing address: UInt64) -> SymbolReference? {
            symbols.first { $0.address <= address && address < $0.address + max($0.size, 1) }
                .map { SymbolReference(name: $0.name, address: $0.address, size: $0.size, offset: address - $0.address) }
        }
        func address(ofSymbol name: String) -> UInt64? { symbols.first { $0.name == name }?.address }
    }

    static let futexWait: UInt64 = 128 // FUTEX_WAIT | FUTEX_PRIVATE_FLAG
    /// FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME: glibc's timed waits.
    static let futexTimedWait: UInt64 = 393

    /// x86_64 `restart_syscall` (219) with the arguments of the call it resumes.
    static func restartSyscall(_ arguments: [UInt64]) -> SystemCall {
        SystemCall(number: 219, name: "restart_syscall", arguments: arguments)
    }

    /// A thread whose stack is `functions` (innermost first; an empty name is a frame without
    /// a symbol), in a futex call when `futex` is given or in `call`, with `cpu` seconds of
    /// user time.
    static func thread(
        _ tid: Int32, _ functions: [String], futex: (address: UInt64, operation: UInt64)? = nil, call: SystemCall? = nil,
        cpu: UInt64 = 0
    ) -> DumpModel.Thread {
        Thread(
            tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: CPUTime(userMicroseconds: cpu, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: functions.enumerated().map { Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call, trust: .cfi, function: $0.element.isEmpty ? nil : $0.element) },
            unwindStatus: .complete,
            systemCall: call ?? futex.map { SystemCall(number: 202, name: "futex", arguments: [$0.address, $0.operation, 2, 0, 0, 0]) })
    }

    static func image(_ threads: [DumpModel.Thread], memory: Memory = Memory(), symbols: Symbols = Symbols()) -> ProcessImage {
        ProcessImage(
            process: Process(
                pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
                threads: threads, modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: []),
            memory: memory, symbols: symbols)
    }

    /// A glibc mutex at `address`: its lock word, `__owner` and `__kind`.
    static func mutex(at address: UInt64, owner: UInt32, kind: UInt32 = 0, in memory: Memory) {
        memory.words[address] = 2
        memory.words[address + 8] = owner
        memory.words[address + 16] = kind
    }
}
