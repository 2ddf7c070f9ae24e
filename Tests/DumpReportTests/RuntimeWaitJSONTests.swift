import Foundation
import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// A wait the wait-signature table recognised is in the JSON report as tokens, in the thread's
/// state and in the `runtime-lock-wait` finding: its kind, runtime, the row's function and the
/// lock when the core tells it. On a model built in code: two threads on the GIL, one on a
/// Java monitor, one running.
@Suite struct RuntimeWaitJSONTests {
    /// 32-bit words of memory.
    final class Words: ProcessMemory {
        var words: [UInt64: UInt32] = [:]
        func readWord(at address: UInt64, size: Int) -> UInt64? { size == 4 ? words[address].map(UInt64.init) : nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    final class Symbols: SymbolLookup {
        let runtime = SymbolReference(name: "_PyRuntime", address: 0x90_0000, size: 0x28b20, offset: 0)
        func symbol(containing address: UInt64) -> SymbolReference? {
            guard address >= runtime.address, address - runtime.address < runtime.size else { return nil }
            return SymbolReference(name: runtime.name, address: runtime.address, size: runtime.size, offset: address - runtime.address)
        }
        func address(ofSymbol name: String) -> UInt64? { name == runtime.name ? runtime.address : nil }
    }

    /// A thread whose stack is `functions`, innermost first, in a timed futex wait on `futex`
    /// when given.
    private func thread(_ tid: Int32, _ functions: [String], futex: UInt64? = nil) -> DumpModel.Thread {
        Thread(
            tid: tid, isMainThread: tid == 1, currentSignal: 0, pendingSignals: 0, blockedSignals: 0,
            recordedCPUTime: .zero,
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false,
            frames: functions.enumerated().map {
                Frame(pc: 0x40_1000 + UInt64($0.offset) * 16, kind: $0.offset == 0 ? .interrupted : .call, trust: .cfi, function: $0.element)
            },
            unwindStatus: .complete,
            systemCall: futex.map { SystemCall(number: 202, name: "futex", arguments: [$0, 393, 0, 0, 0, 0]) })
    }

    private func report() throws -> [String: Any] {
        let condTimedWait = ["__futex_abstimed_wait_common", "___pthread_cond_timedwait64"]
        let gilWait = condTimedWait + ["take_gil.lto_priv.0", "PyEval_RestoreThread", "time_sleep", "thread_run", "start_thread"]
        let monitorWait = ["__futex_abstimed_wait_common", "___pthread_cond_wait", "os::PlatformEvent::park()",
                           "ObjectMonitor::enter(JavaThread*)", "JVM_MonitorEnter", "thread_native_entry(Thread*)", "start_thread"]
        let memory = Words()
        memory.words[0x90_0188 - 4] = 2 << 3  // the GIL condition's __wrefs: two waiters
        let process = Process(
            pid: 1, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [
                thread(1, ["_PyEval_EvalFrameDefault", "thread_run", "start_thread"]),
                thread(3, gilWait, futex: 0x90_0188),
                thread(4, gilWait, futex: 0x90_0188),
                thread(5, monitorWait, futex: 0x7000_0040),
            ],
            modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: memory, symbols: Symbols()))
        let text = JSONReport.render(process, analysis: analysis, toolVersion: "test")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    private func state(_ report: [String: Any], _ tid: Int) throws -> [String: Any] {
        let threads = try #require(report["threads"] as? [[String: Any]])
        return try #require(threads.first { $0["tid"] as? Int == tid }?["state"] as? [String: Any])
    }

    @Test func aThreadOnTheGILCarriesItsWaitAsTokens() throws {
        let report = try report()
        let locks = try #require(report["locks"] as? [[String: Any]])
        #expect(locks.count == 1)
        let gil = try #require(locks.first?["address"] as? String)
        #expect(locks.first?["name"] as? String == "_PyRuntime+0x160")
        for tid in [3, 4] {
            let state = try state(report, tid)
            #expect(state["activity"] as? String == "runtime_wait")
            #expect(state["lock"] as? String == gil)
            let wait = try #require(state["runtime_wait"] as? [String: Any])
            #expect(wait["kind"] as? String == "lock")
            #expect(wait["runtime"] as? String == "cpython")
            #expect(wait["signature"] as? String == "take_gil")
            #expect(wait["function"] as? String == "take_gil")
            #expect(wait["lock"] as? String == gil)
            #expect(wait["object"] as? String == "the GIL (CPython)")
            #expect(wait["holder_found_in"] as? String == "`_PyRuntime`'s gilstate (py-spy dump --core, pystack core)")
        }
        let monitor = try #require(try state(report, 5)["runtime_wait"] as? [String: Any])
        #expect(monitor["runtime"] as? String == "hotspot")
        #expect(monitor["signature"] as? String == "ObjectMonitor::enter")
        #expect(monitor["lock"] is NSNull)
        let running = try state(report, 1)
        #expect(running["activity"] as? String == "running")
        #expect(running["runtime_wait"] is NSNull)
    }

    @Test func runtimeLockWaitFindingsCarryTheirWaitAndOthersNull() throws {
        let findings = try #require(try report()["findings"] as? [[String: Any]])
        let waits = findings.filter { $0["kind"] as? String == "runtime-lock-wait" }
        #expect(waits.count == 2)
        let gil = try #require(waits.first { $0["tids"] as? [Int] == [3, 4] }?["runtime_wait"] as? [String: Any])
        #expect(gil["kind"] as? String == "lock")
        #expect(gil["runtime"] as? String == "cpython")
        #expect(gil["signature"] as? String == "take_gil")
        #expect(gil["lock"] as? String == "0x900160")
        let monitor = try #require(waits.first { $0["tids"] as? [Int] == [5] }?["runtime_wait"] as? [String: Any])
        #expect(monitor["runtime"] as? String == "hotspot")
        #expect(monitor["signature"] as? String == "ObjectMonitor::enter")
        #expect(monitor["lock"] is NSNull)
        #expect(findings.filter { $0["kind"] as? String != "runtime-lock-wait" }.allSatisfy { $0["runtime_wait"] is NSNull })
    }
}
