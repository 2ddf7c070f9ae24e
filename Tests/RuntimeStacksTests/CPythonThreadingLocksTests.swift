import DumpModel
import Testing
@testable import RuntimeStacks

/// ``CPythonThreadingLocks`` on CPython 3.11 objects built in memory: a `with lock:` holder,
/// its waiters, an RLock's recorded owner, Condition waiters grouped by their Condition, and
/// value stacks whose objects are stale, freed, misaligned or of another type.
@Suite struct CPythonThreadingLocksTests {
    static let cFunctionType: UInt64 = 0x12_0400
    static let holderNative = ["__GI___clock_nanosleep", "_PyEval_EvalFrameDefault", "start_thread"]
    static let waiterNative = ["PyThread_acquire_lock_timed", "_PyEval_EvalFrameDefault", "start_thread"]

    /// A fake with the `_thread.lock` and `Condition` types and `PyCFunction_Type`.
    final class Fixture {
        let python = FakeCPython()
        let threading: CPythonThreadingLayout
        let lockType: UInt64
        let rlockType: UInt64
        let conditionType: UInt64
        /// `PyMethodDef` of `lock.__exit__`.
        let exitMethod: UInt64
        /// The module's globals dict.
        let globals: UInt64
        var globalNames: [(key: UInt64, value: UInt64)] = []

        init() {
            threading = CPythonThreadingLayout.layout(major: 3, minor: 11)!
            python.symbols.addresses["PyCFunction_Type"] = CPythonThreadingLocksTests.cFunctionType
            let python = python
            func type(_ name: String) -> UInt64 {
                let type = python.allocate(64)
                let text = python.allocate(name.utf8.count + 1)
                python.memory.write(bytes: Array(name.utf8) + [0], at: text)
                python.memory.write(text, at: type + 24)
                return type
            }
            lockType = type("_thread.lock")
            rlockType = type("_thread.RLock")
            conditionType = type("Condition")
            exitMethod = python.allocate(32)
            let name = python.allocate(16)
            python.memory.write(bytes: Array("__exit__".utf8) + [0], at: name)
            python.memory.write(name, at: exitMethod)
            globals = python.allocate(48)
        }

        /// An object of `type` with one reference and `size` bytes.
        func object(_ type: UInt64, size: Int = 48) -> UInt64 {
            let object = python.allocate(size)
            python.memory.write(1, at: object)
            python.memory.write(type, at: object + 8)
            return object
        }

        /// A `_thread.lock` sleeping on semaphore `semaphore`, held or free.
        func lock(semaphore: UInt64, locked: Bool) -> UInt64 {
            let lock = object(lockType)
            python.memory.write(semaphore, at: lock + 16)
            python.memory.write(locked ? 1 : 0, at: lock + 32, size: 1)
            return lock
        }

        /// `lock.__exit__`, bound.
        func exit(of lock: UInt64) -> UInt64 {
            let method = object(Self.cFunctionType)
            python.memory.write(exitMethod, at: method + 16)
            python.memory.write(lock, at: method + 24)
            return method
        }

        static let cFunctionType = CPythonThreadingLocksTests.cFunctionType

        /// Makes `value` the module global `name` (a dict of string keys).
        func global(_ name: String, _ value: UInt64) {
            globalNames.append((python.string(name), value))
            let keys = python.allocate(32 + 8 + 16 * globalNames.count)
            python.memory.write(3, at: keys + 9, size: 1)
            python.memory.write(1, at: keys + 10, size: 1)
            python.memory.write(UInt64(globalNames.count), at: keys + 24)
            for (index, entry) in globalNames.enumerated() {
                python.memory.write(entry.key, at: keys + 40 + UInt64(16 * index))
                python.memory.write(entry.value, at: keys + 48 + UInt64(16 * index))
            }
            python.memory.write(keys, at: globals + 32)
        }

        /// A thread state of `tid` (`thread_id` `tid + 1000`) with one frame running
        /// `function` of `file` whose locals are `locals` and whose value stack holds `stack`
        /// (depth saved when `savedDepth`).
        @discardableResult
        func thread(
            _ tid: Int32, _ function: String, file: String = "/srv/app.py", locals: [UInt64] = [], stack: [UInt64],
            stackSize: Int = 4, savedDepth: Bool = false, caller: String? = nil
        ) -> UInt64 {
            func frame(_ function: String, file: String, locals: [UInt64], stack: [UInt64], previous: UInt64) -> UInt64 {
                let code = python.code(function, file: file, firstLine: 1, lines: [1])
                python.memory.write(UInt64(locals.count), at: code + UInt64(threading.codeLocalsPlusCount), size: 4)
                python.memory.write(UInt64(stackSize), at: code + UInt64(threading.codeStackSize), size: 4)
                let frame = python.frame(code, instruction: 0, previous: previous, isEntry: previous == 0)
                _ = python.allocate(8 * (locals.count + stackSize))
                python.memory.write(globals, at: frame + UInt64(threading.frameGlobals))
                python.memory.write(savedDepth ? UInt64(locals.count + stack.count) : 0xFFFF_FFFF, at: frame + UInt64(threading.frameStackTop), size: 4)
                for (index, value) in (locals + stack + Array(repeating: 0, count: stackSize - stack.count)).enumerated() {
                    python.memory.write(value, at: frame + UInt64(threading.frameLocalsPlus + 8 * index))
                }
                return frame
            }
            var previous: UInt64 = 0
            if let caller { previous = frame(caller, file: "/usr/lib/python3.11/queue.py", locals: [], stack: [], previous: 0) }
            let state = python.threadState(tid: tid, frame: frame(function, file: file, locals: locals, stack: stack, previous: previous))
            python.memory.write(UInt64(tid) + 1000, at: state + UInt64(python.layout.threadNativeID - 8))
            return state
        }

        /// The process read, with `waiters` in a futex wait on their semaphores.
        func read(holders: [Int32], waiters: [(tid: Int32, semaphore: UInt64)]) -> Process {
            var threads = holders.map { FakeCPython.thread($0, CPythonThreadingLocksTests.holderNative) }
            for waiter in waiters {
                var thread = FakeCPython.thread(waiter.tid, CPythonThreadingLocksTests.waiterNative)
                thread.systemCall = SystemCall(number: 202, name: "futex", arguments: [waiter.semaphore, 0x189, 0, 0, 0, 0xFFFF_FFFF])
                threads.append(thread)
            }
            return python.read(threads)
        }
    }

    @Test func aWithBlockNamesTheHolderOfItsLockAndTheGlobalNamesTheLock() {
        let fixture = Fixture()
        let lock = fixture.lock(semaphore: 0x7000, locked: true)
        fixture.global("cache_lock", lock)
        let exit = fixture.exit(of: lock)
        fixture.thread(2, "warm_cache", stack: [exit], savedDepth: true)
        fixture.thread(3, "handle_request", stack: [exit])
        fixture.thread(4, "handle_request", stack: [lock])
        let process = fixture.read(holders: [2], waiters: [(3, 0x7000), (4, 0x7000)])
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" } == [
            RuntimeLock(address: lock, name: "cache_lock", kind: "threading.Lock", runtime: .python, ownerTID: 2, waiterTIDs: [3, 4]),
        ])
    }

    @Test func aFreeLockOrAnotherSemaphoreNamesNoHolder() {
        let fixture = Fixture()
        let free = fixture.lock(semaphore: 0x7000, locked: false)
        fixture.thread(2, "warm_cache", stack: [fixture.exit(of: free)])
        fixture.thread(3, "handle_request", stack: [fixture.exit(of: free)])
        // Thread 4's futex word is no lock on its stack: no lock of it is recorded.
        fixture.thread(4, "handle_request", stack: [free])
        let process = fixture.read(holders: [2], waiters: [(3, 0x7000), (4, 0x9000)])
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" } == [
            RuntimeLock(address: free, name: "threading.Lock@0x\(String(free, radix: 16))", kind: "threading.Lock", runtime: .python, ownerTID: nil, waiterTIDs: [3]),
        ])
    }

    @Test func anRLockNamesTheOwnerItRecords() {
        let fixture = Fixture()
        let rlock = fixture.object(fixture.rlockType)
        fixture.python.memory.write(0x7000, at: rlock + 16)
        fixture.python.memory.write(1002, at: rlock + 24)
        fixture.python.memory.write(2, at: rlock + 32)
        fixture.thread(2, "warm_cache", stack: [])
        fixture.thread(3, "handle_request", stack: [fixture.exit(of: rlock)])
        let process = fixture.read(holders: [2], waiters: [(3, 0x7000)])
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" }.map { [$0.kind, "\($0.ownerTID ?? 0)", "\($0.waiterTIDs)"] } == [
            ["threading.RLock", "2", "[3]"],
        ])
    }

    @Test func conditionWaitersAreGroupedByTheirConditionAndNamedByTheCaller() {
        let fixture = Fixture()
        let first = fixture.object(fixture.conditionType), second = fixture.object(fixture.conditionType)
        for (tid, condition) in [(Int32(2), first), (3, first), (4, second)] {
            // Each waits on a private lock of its own, which is no lock finding.
            let waiter = fixture.lock(semaphore: 0x7000 + UInt64(tid) * 32, locked: true)
            fixture.thread(tid, "Condition.wait", file: "/usr/lib/python3.11/threading.py", locals: [condition, waiter], stack: [waiter], caller: "Queue.get")
        }
        let process = fixture.read(holders: [], waiters: [(2, 0x7040), (3, 0x7060), (4, 0x7080)])
        let hex = { (address: UInt64) in "0x" + String(address, radix: 16) }
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" } == [
            RuntimeLock(
                address: first, name: "threading.Condition@\(hex(first)) (waited on in queue.Queue.get)", kind: "threading.Condition",
                runtime: .python, ownerTID: nil, waiterTIDs: [2, 3], isCondition: true),
            RuntimeLock(
                address: second, name: "threading.Condition@\(hex(second)) (waited on in queue.Queue.get)", kind: "threading.Condition",
                runtime: .python, ownerTID: nil, waiterTIDs: [4], isCondition: true),
        ])
    }

    /// Stale and hostile slots: a freed method (its reference count the allocator's link), a
    /// misaligned pointer, an address the core does not hold, an object of another type, and
    /// a method of another name; none is taken for the lock's `__exit__`.
    @Test func objectsThatDoNotValidateAreSkipped() {
        let fixture = Fixture()
        let lock = fixture.lock(semaphore: 0x7000, locked: true)
        let freed = fixture.exit(of: lock)
        fixture.python.memory.write(0x7f00_1234_5678_0000, at: freed)
        let otherType = fixture.exit(of: lock)
        fixture.python.memory.write(fixture.conditionType, at: otherType + 8)
        let otherName = fixture.exit(of: lock)
        let enter = fixture.python.allocate(32)
        let name = fixture.python.allocate(16)
        fixture.python.memory.write(bytes: Array("__enter__".utf8) + [0], at: name)
        fixture.python.memory.write(name, at: enter)
        fixture.python.memory.write(enter, at: otherName + 16)
        fixture.thread(2, "warm_cache", stack: [freed, lock + 4, 0xdead_0000, otherType, otherName], stackSize: 5)
        fixture.thread(3, "handle_request", stack: [lock])
        let process = fixture.read(holders: [2], waiters: [(3, 0x7000)])
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" }.map(\.ownerTID) == [nil])
        #expect(process.runtimeLocks.filter { $0.kind != "GIL" }.map(\.waiterTIDs) == [[3]])
    }
}
