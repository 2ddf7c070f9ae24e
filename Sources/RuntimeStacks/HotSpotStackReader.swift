import DumpModel

/// The reader of HotSpot JVMs (OpenJDK's libjvm.so), through the description of its own
/// structures that HotSpot publishes for jhsdb (``HotSpotVMStructs``), so that it needs no
/// debug information: names the OS threads after their `java.lang.Thread` and gives each its
/// Java thread state (``HotSpotThreadStatus``), records each contended Java monitor
/// (`synchronized`) with its owner and the threads waiting to enter it, and each
/// `java.util.concurrent` lock parked threads wait for (``HotSpotOwnableSynchronizers``), and
/// on x86_64 replaces the unnamed frames of Java code in each native stack by the Java
/// methods they ran (interpreted: ``FrameRuntime/java`` with file and line; compiled:
/// ``FrameRuntime/jit``, the compiled method without its inlined callees).
public struct HotSpotStackReader: RuntimeStackReader {
    public init() {}

    public func read(_ image: ProcessImage, context: RuntimeReadContext, into process: inout Process) {
        guard image.symbols.address(ofSymbol: "gHotSpotVMStructs") != nil else { return }
        let memory = HotSpotMemory(memory: image.memory)
        let threads: [HotSpotJavaThread]
        let heap: HotSpotHeap
        let layout: HotSpotLayout
        let structs: HotSpotVMStructs
        do {
            structs = try HotSpotVMStructs(memory: memory, symbols: image.symbols)
            layout = try HotSpotLayout(structs)
            heap = try HotSpotHeap(memory: memory, layout: layout)
            threads = try HotSpotJavaThread.all(memory: memory, layout: layout)
        } catch {
            process.diagnostics.append(.note(
                "the JVM's threads could not be read from HotSpot's structures (\(error)): Java thread names and monitor owners are missing; jhsdb jstack --core reads them"))
            return
        }
        nameThreads(threads, heap: heap, in: &process)
        let statuses = recordStates(threads, heap: heap, in: &process)
        process.runtimeLocks += monitors(threads, memory: memory, layout: layout, heap: heap, process: &process)
        process.runtimeLocks += synchronizers(Array(zip(threads, statuses)), heap: heap, process: &process)
        if process.architecture == .x86_64 {
            mergeJavaFrames(threads, memory: memory, structs: structs, heap: heap, into: &process)
        }
    }

    /// Replaces the Java code's frames in each JavaThread's native stack by its Java methods.
    private func mergeJavaFrames(
        _ threads: [HotSpotJavaThread], memory: HotSpotMemory, structs: HotSpotVMStructs, heap: HotSpotHeap,
        into process: inout Process
    ) {
        let codeCache: HotSpotCodeCache
        let methods: HotSpotMethods
        do {
            codeCache = try HotSpotCodeCache(memory: memory, structs: structs)
            methods = try HotSpotMethods(memory: memory, heap: heap, structs: structs)
        } catch {
            process.diagnostics.append(.note(
                "HotSpot's code cache could not be read (\(error)): Java frames are not named; jhsdb jstack --core names them"))
            return
        }
        var unread: [Int32] = []
        var firstError: HotSpotReadError?
        var merged = process.threads
        let tids = Self.indexByTID(merged)
        for thread in threads {
            guard let index = tids[thread.tid] else { continue }
            let native = merged[index]
            do {
                let java = try HotSpotJavaStack.frames(
                    of: thread, registers: native.registers, memory: memory, codeCache: codeCache, methods: methods)
                guard !java.isEmpty else { continue }
                guard let frames = HotSpotJavaStack.merged(native.frames, java: java, codeCache: codeCache) else {
                    unread.append(thread.tid)
                    continue
                }
                merged[index].frames = frames
            } catch {
                unread.append(thread.tid)
                firstError = firstError ?? error
            }
        }
        process.threads = merged
        if let first = unread.first {
            let reason = firstError.map { " (\($0))" } ?? ""
            process.diagnostics.append(.note(
                "the Java frames of \(unread.count) thread(s) (the first is thread \(first)) could not be read or placed in the native stack\(reason): those stacks show unnamed Java code"))
        }
    }

    /// The longest name the kernel keeps for a thread (`comm`, 16 bytes with its NUL).
    static let kernelNameLimit = 15

    /// Gives each thread its `java.lang.Thread`'s name where the core has none, or has the
    /// kernel's cut of it (`Reference Handl` for `Reference Handler`); a name the program set
    /// otherwise (the launcher's `java`) stays.
    private func nameThreads(_ threads: [HotSpotJavaThread], heap: HotSpotHeap, in process: inout Process) {
        var unreadable: [Int32] = []
        // Changed in a copy and set once: each change of Process.threads checks its TID index.
        var named = process.threads
        let tids = Self.indexByTID(named)
        for thread in threads {
            guard let index = tids[thread.tid], let object = thread.threadObject else { continue }
            let recorded = named[index].name
            guard recorded == nil || recorded?.utf8.count == Self.kernelNameLimit else { continue }
            do {
                guard let string = try heap.referenceField("name", of: object), let name = try heap.javaString(string),
                      !name.isEmpty, recorded.map(name.hasPrefix) ?? true
                else { continue }
                named[index].name = name
            } catch {
                unreadable.append(thread.tid)
            }
        }
        process.threads = named
        if let first = unreadable.first {
            process.diagnostics.append(.note(
                "the Java names of \(unreadable.count) thread(s) (the first is thread \(first)) could not be read from their java.lang.Thread objects"))
        }
    }

    /// Gives each thread its `java.lang.Thread`'s state in jstack's words
    /// (``DumpModel/Thread/runtimeState``); returns each JavaThread's status, nil where it has
    /// no `java.lang.Thread` or it could not be read.
    private func recordStates(_ threads: [HotSpotJavaThread], heap: HotSpotHeap, in process: inout Process) -> [HotSpotThreadStatus?] {
        var unreadable: [Int32] = []
        var firstError: HotSpotReadError?
        var described = process.threads
        let tids = Self.indexByTID(described)
        var statuses: [HotSpotThreadStatus?] = []
        statuses.reserveCapacity(threads.count)
        for thread in threads {
            guard let object = thread.threadObject else {
                statuses.append(nil)
                continue
            }
            do {
                let status = try HotSpotThreadStatus.of(threadObject: object, heap: heap)
                if let status, let index = tids[thread.tid] { described[index].runtimeState = status.jstackText }
                statuses.append(status)
            } catch {
                unreadable.append(thread.tid)
                firstError = firstError ?? error
                statuses.append(nil)
            }
        }
        process.threads = described
        if let first = unreadable.first {
            process.diagnostics.append(.note(
                "the Java thread states of \(unreadable.count) thread(s) (the first is thread \(first)) could not be read from their java.lang.Thread objects (\(firstError.map(String.init(describing:)) ?? "")): jhsdb jstack --core reads them"))
        }
        return statuses
    }

    /// The `java.util.concurrent` locks parked threads wait for (``HotSpotOwnableSynchronizers``).
    private func synchronizers(
        _ threads: [(thread: HotSpotJavaThread, status: HotSpotThreadStatus?)], heap: HotSpotHeap, process: inout Process
    ) -> [RuntimeLock] {
        let synchronizers = HotSpotOwnableSynchronizers(threads, heap: heap)
        for (name, readHolds) in synchronizers.heldByReaders {
            process.diagnostics.append(.note(
                "\(name) is held for reading (\(readHolds) read hold(s)): readers of a ReentrantReadWriteLock record no owner, so the threads queued on it have no holder named"))
        }
        if let first = synchronizers.unreadable.first {
            process.diagnostics.append(.note(
                "the java.util.concurrent locks that \(synchronizers.unreadable.count) parked thread(s) (the first is thread \(first)) wait for could not be read (\(synchronizers.firstError.map(String.init(describing:)) ?? "")): their owners are unknown; jstack -l names them"))
        }
        return synchronizers.locks
    }

    /// Where each TID is in `threads`.
    private static func indexByTID(_ threads: [Thread]) -> [Int32: Int] {
        Dictionary(threads.indices.map { (threads[$0].tid, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The monitors JavaThreads wait to enter, each with its owner and its waiters.
    private func monitors(
        _ threads: [HotSpotJavaThread], memory: HotSpotMemory, layout: HotSpotLayout, heap: HotSpotHeap, process: inout Process
    ) -> [RuntimeLock] {
        var locks: [RuntimeLock] = []
        var lockIndex: [UInt64: Int] = [:]
        var unreadable: [UInt64] = []
        let byAddress = Dictionary(threads.map { ($0.address, $0.tid) }, uniquingKeysWith: { first, _ in first })
        for thread in threads {
            guard let monitor = thread.pendingMonitor else { continue }
            if let index = lockIndex[monitor] {
                locks[index].waiterTIDs.append(thread.tid)
                continue
            }
            do {
                // The owner is the JavaThread, or for a monitor inflated from a stack lock the
                // BasicLock in the owner's frame.
                let owner = try memory.word("ObjectMonitor::_owner", at: monitor &+ layout.monitorOwner)
                let ownerTID = byAddress[owner] ?? threads.first { $0.stack.contains(owner) }?.tid
                lockIndex[monitor] = locks.count
                locks.append(RuntimeLock(
                    address: monitor, name: try monitorName(monitor, memory: memory, layout: layout, heap: heap),
                    kind: "Java monitor", runtime: .java, ownerTID: ownerTID, waiterTIDs: [thread.tid]))
            } catch {
                unreadable.append(monitor)
            }
        }
        if let first = unreadable.first {
            process.diagnostics.append(.note(
                "\(unreadable.count) Java monitor(s) that threads wait to enter (the first is ObjectMonitor 0x\(String(first, radix: 16))) could not be read: their owners are unknown"))
        }
        return locks
    }

    /// The name of the monitor's object (``HotSpotHeap/objectName(_:)``).
    private func monitorName(_ monitor: UInt64, memory: HotSpotMemory, layout: HotSpotLayout, heap: HotSpotHeap) throws(HotSpotReadError) -> String {
        let handle = try memory.pointer("ObjectMonitor::_object", at: monitor &+ layout.monitorObject)
        return try heap.objectName(try memory.pointer("a monitor's object", at: handle))
    }
}
