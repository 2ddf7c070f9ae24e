import DumpModel

/// The `threading.Lock` and `RLock` objects Python threads wait for, with the thread holding
/// each, and the `threading.Condition` objects threads wait on, read from the Python frames'
/// locals and value stacks (CPython 3.11 to 3.13, ``CPythonThreadingLayout``).
///
/// - A `with lock:` block keeps the bound C method `lock.__exit__` (a `PyCFunctionObject`
///   whose `m_self` is the lock) on its frame's value stack from `BEFORE_WITH`, which pushes
///   it before it calls `__enter__`, until the block ends (Python/ceval.c in 3.11,
///   Python/bytecodes.c in 3.12 and 3.13; 3.14 keeps the method and its `self` apart). A
///   thread with such a method of a lock on one of its frames, that is not waiting for that
///   lock, holds it while the lock's `locked` flag is set. An
///   `RLock` records its owner itself (`rlock_owner`, the owner's `thread_id`). A lock taken
///   with `acquire()` and released with `release()` leaves no trace: its holder is not named.
/// - A thread waits for the lock whose semaphore (`lock_lock`) its futex wait sleeps on, found
///   among the objects on its innermost frame's value stack: the lock itself for
///   `lock.acquire()`, its `__exit__` for `with lock:`.
/// - A thread whose innermost frame is `Condition.wait` of threading.py (under `Event.wait`,
///   `Queue.get`, `Semaphore.acquire`, `Barrier.wait`) sleeps on a fresh lock of its own until
///   notified: it waits on the Condition, `self` of that frame, not for a lock.
///
/// Slots of the value stack above its live depth may hold stale pointers when the frame did
/// not save the depth (the innermost frame): an object is taken only when it is readable,
/// aligned, has a live reference count and is of the expected type, and a freed object's
/// reference count is the allocator's free-list link.
struct CPythonThreadingLocks {
    /// The most slots of one frame's locals and value stack read.
    static let maxSlots = 1 << 16
    /// The largest reference count taken as an object's (3.12's immortal objects have 2^32 - 1).
    static let maxReferenceCount: UInt64 = 1 << 40

    let layout: CPythonThreadingLayout
    /// The layout of the version read, for its strings and thread states.
    let pythonLayout: CPythonLayout
    let memory: CPythonMemory
    /// `PyCFunction_Type`: the type of a bound C method; without it no `with` block is seen
    /// and no `Lock` holder named.
    let cFunctionType: UInt64?
    private var typeNames: [UInt64: String?] = [:]
    private var codeSizes: [UInt64: (localsPlus: Int, stack: Int)?] = [:]
    private var locks: [UInt64: ThreadingLock?] = [:]

    /// A `_thread.lock` or `_thread.RLock` as a frame found it.
    private struct ThreadingLock {
        var address: UInt64
        var isRecursive: Bool
        /// The semaphore its waiters sleep on.
        var semaphore: UInt64
        /// Whether it is held: `locked`, or a non-zero `rlock_count`.
        var isHeld: Bool
        /// An `RLock`'s owner (`thread_id`), nil for a `Lock` or a free `RLock`.
        var ownerIdent: UInt64?
    }

    init(layout: CPythonThreadingLayout, pythonLayout: CPythonLayout, memory: CPythonMemory, cFunctionType: UInt64?) {
        self.layout = layout
        self.pythonLayout = pythonLayout
        self.memory = memory
        self.cFunctionType = cFunctionType
    }

    /// The locks with waiters and the Conditions with waiters, as runtime locks, in the order
    /// their first waiter comes in `stacks`.
    mutating func runtimeLocks(stacks: [CPythonThreadStack], threads: [DumpModel.Thread]) -> [RuntimeLock] {
        var futexWordByTID: [Int32: UInt64] = [:]
        for thread in threads {
            guard let call = thread.systemCall, call.name == "futex" || call.name == "futex_time64" else { continue }
            futexWordByTID[thread.tid] = call.argument(0)
        }
        var order: [UInt64] = []
        var waitersByLock: [UInt64: [Int32]] = [:]
        var conditionWaiters: [UInt64: [Int32]] = [:]
        var holders: [UInt64: Int32] = [:]
        var tidByIdent: [UInt64: Int32] = [:]
        var names: [UInt64: String] = [:]
        var waitedForByTID: [Int32: UInt64] = [:]
        let threadIdent = UInt64(bitPattern: Int64(pythonLayout.threadNativeID + layout.threadIdentFromNativeID))
        for stack in stacks {
            if let threadState = stack.threadState, let ident = memory.memory.readWord(at: threadState &+ threadIdent, size: 8) {
                tidByIdent[ident] = stack.tid
            }
            let frames = stack.frames
            guard let innermost = frames.first else { continue }
            var waitedFor: UInt64?
            if Self.isThreadingFunction(innermost, "Condition.wait") {
                if let condition = conditionObject(innermost) {
                    if conditionWaiters[condition] == nil {
                        order.append(condition)
                        let caller = frames.dropFirst().first { !Self.isThreadingFunction($0, "Condition.wait_for") }
                        let name = caller.flatMap { globalName(of: condition, in: $0) } ?? "threading.Condition@" + Self.hex(condition)
                        names[condition] = caller.map { name + " (waited on in \(Self.qualifiedName($0)))" } ?? name
                    }
                    conditionWaiters[condition, default: []].append(stack.tid)
                }
            } else if !Self.isThreadingFunction(innermost, "Thread._wait_for_tstate_lock"), let word = futexWordByTID[stack.tid] {
                for object in stackObjects(innermost) {
                    guard let lock = lockCandidate(object), lock.semaphore == word else { continue }
                    waitedFor = lock.address
                    break
                }
                if let lock = waitedFor {
                    waitedForByTID[stack.tid] = lock
                    if waitersByLock[lock] == nil {
                        order.append(lock)
                        names[lock] = globalName(of: lock, in: innermost)
                    }
                    waitersByLock[lock, default: []].append(stack.tid)
                }
            }
        }
        // Only a lock some thread waits for needs its holder: an idle pool costs no scan.
        for stack in stacks where !waitersByLock.isEmpty {
            for frame in stack.frames {
                for object in stackObjects(frame) {
                    guard let lock = exitMethodLock(object), waitersByLock[lock.address] != nil, lock.address != waitedForByTID[stack.tid],
                          lock.isHeld, !lock.isRecursive, holders[lock.address] == nil
                    else { continue }
                    holders[lock.address] = stack.tid
                }
            }
        }
        return order.compactMap { address in
            if let waiters = conditionWaiters[address] {
                return RuntimeLock(
                    address: address, name: names[address] ?? "threading.Condition@" + Self.hex(address), kind: "threading.Condition",
                    runtime: .python, ownerTID: nil, waiterTIDs: waiters, isCondition: true)
            }
            guard let waiters = waitersByLock[address], let lock = locks[address] ?? nil else { return nil }
            let owner = lock.isRecursive ? lock.ownerIdent.flatMap { tidByIdent[$0] } : holders[address]
            let kind = lock.isRecursive ? "threading.RLock" : "threading.Lock"
            return RuntimeLock(
                address: address, name: names[address] ?? kind + "@" + Self.hex(address), kind: kind, runtime: .python,
                ownerTID: owner, waiterTIDs: waiters)
        }
    }

    /// Whether `frame` runs `qualifiedName` of the standard library's threading.py.
    static func isThreadingFunction(_ frame: CPythonFrame, _ qualifiedName: String) -> Bool {
        frame.function == qualifiedName && (frame.file == "threading.py" || frame.file.hasSuffix("/threading.py"))
    }

    /// The name of the module global of `frame`'s globals that holds `object`.
    private func globalName(of object: UInt64, in frame: CPythonFrame) -> String? {
        guard let interpreterFrame = frame.interpreterFrame,
              let globals = memory.memory.readWord(at: interpreterFrame &+ UInt64(layout.frameGlobals), size: 8) else { return nil }
        return CPythonGlobalName.key(of: object, inDict: globals, layout: pythonLayout, memory: memory)
    }

    /// `queue.Queue.get`: the frame's qualified name after its module, its file's name
    /// without `.py`.
    static func qualifiedName(_ frame: CPythonFrame) -> String {
        guard let file = frame.file.split(separator: "/").last, file.hasSuffix(".py") else { return frame.function }
        return file.dropLast(3) + "." + frame.function
    }

    /// `self` of a `Condition.wait` frame (its first local), when it is an object of a type
    /// named `Condition`.
    private mutating func conditionObject(_ frame: CPythonFrame) -> UInt64? {
        guard let interpreterFrame = frame.interpreterFrame,
              let object = memory.memory.readWord(at: interpreterFrame &+ UInt64(layout.frameLocalsPlus), size: 8),
              let type = objectType(object), typeName(type) == "Condition" else { return nil }
        return object
    }

    /// The objects on `frame`'s value stack: up to its saved depth, else every slot its code
    /// may use; each non-null and aligned.
    private mutating func stackObjects(_ frame: CPythonFrame) -> [UInt64] {
        guard let interpreterFrame = frame.interpreterFrame, let code = frame.codeAddress, let sizes = codeSizes(code),
              let stackTop = memory.memory.readWord(at: interpreterFrame &+ UInt64(layout.frameStackTop), size: 4)
        else { return [] }
        let savedTop = Int(Int32(truncatingIfNeeded: stackTop))
        let top = (sizes.localsPlus...(sizes.localsPlus + sizes.stack)).contains(savedTop) ? savedTop : sizes.localsPlus + sizes.stack
        let count = top - sizes.localsPlus
        let start = interpreterFrame &+ UInt64(layout.frameLocalsPlus) &+ UInt64(sizes.localsPlus * 8)
        guard count > 0, let bytes = memory.memory.read(at: start, count: count * 8) else { return [] }
        return stride(from: 0, to: bytes.count, by: 8).compactMap { offset in
            let word = bytes[offset..<offset + 8].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            return word != 0 && word % 8 == 0 ? word : nil
        }
    }

    /// `co_nlocalsplus` and `co_stacksize` of the code at `code`, nil when out of range.
    private mutating func codeSizes(_ code: UInt64) -> (localsPlus: Int, stack: Int)? {
        if let known = codeSizes[code] { return known }
        var sizes: (localsPlus: Int, stack: Int)?
        if let localsPlus = memory.memory.readWord(at: code &+ UInt64(layout.codeLocalsPlusCount), size: 4),
           let stack = memory.memory.readWord(at: code &+ UInt64(layout.codeStackSize), size: 4),
           localsPlus <= UInt64(Self.maxSlots), stack <= UInt64(Self.maxSlots) {
            sizes = (Int(localsPlus), Int(stack))
        }
        codeSizes[code] = sizes
        return sizes
    }

    /// The lock `object` is, or the lock whose `__exit__` it is bound to.
    private mutating func lockCandidate(_ object: UInt64) -> ThreadingLock? {
        lock(at: object) ?? exitMethodLock(object)
    }

    /// The lock `object` is `__exit__` of: a bound C method named `__exit__` whose `m_self` is
    /// a lock.
    private mutating func exitMethodLock(_ object: UInt64) -> ThreadingLock? {
        guard let cFunctionType, objectType(object) == cFunctionType,
              let method = memory.memory.readWord(at: object &+ UInt64(layout.cFunctionMethod), size: 8), method != 0,
              let name = memory.memory.readWord(at: method, size: 8), name != 0,
              memory.memory.read(at: name, count: Self.exitName.count) == Self.exitName,
              let bound = memory.memory.readWord(at: object &+ UInt64(layout.cFunctionSelf), size: 8)
        else { return nil }
        return lock(at: bound)
    }

    /// `__exit__` with its terminating zero.
    private static let exitName = Array("__exit__".utf8) + [0]

    /// The `_thread.lock` or `_thread.RLock` at `object`, nil when it is none.
    private mutating func lock(at object: UInt64) -> ThreadingLock? {
        if let known = locks[object] { return known }
        var found: ThreadingLock?
        if let type = objectType(object), let name = typeName(type), name == "_thread.lock" || name == "_thread.RLock",
           let semaphore = memory.memory.readWord(at: object &+ UInt64(layout.lockSemaphore), size: 8), semaphore != 0 {
            let isRecursive = name == "_thread.RLock"
            if isRecursive, let owner = memory.memory.readWord(at: object &+ UInt64(layout.rlockOwner), size: 8),
               let count = memory.memory.readWord(at: object &+ UInt64(layout.rlockCount), size: 8) {
                found = ThreadingLock(
                    address: object, isRecursive: true, semaphore: semaphore, isHeld: count > 0, ownerIdent: count > 0 ? owner : nil)
            } else if !isRecursive, let locked = memory.memory.readWord(at: object &+ UInt64(layout.lockLocked), size: 1) {
                found = ThreadingLock(address: object, isRecursive: false, semaphore: semaphore, isHeld: locked != 0, ownerIdent: nil)
            }
        }
        locks[object] = found
        return found
    }

    /// The type of the object at `object`, nil unless it is aligned, readable and its
    /// reference count that of a live object.
    private func objectType(_ object: UInt64) -> UInt64? {
        guard object != 0, object % 8 == 0,
              let references = memory.memory.readWord(at: object, size: 8), references > 0, references <= Self.maxReferenceCount,
              let type = memory.memory.readWord(at: object &+ 8, size: 8), type != 0, type % 8 == 0
        else { return nil }
        return type
    }

    /// The longest type name read.
    private static let maxTypeName = 64

    /// `tp_name` of the type at `type`.
    private mutating func typeName(_ type: UInt64) -> String? {
        if let known = typeNames[type] { return known }
        var name: String?
        if let pointer = memory.memory.readWord(at: type &+ UInt64(layout.typeName), size: 8), pointer != 0 {
            var bytes: [UInt8] = []
            for offset in 0..<UInt64(Self.maxTypeName) {
                guard let byte = memory.memory.read(at: pointer &+ offset, count: 1)?.first else { break }
                if byte == 0 {
                    name = String(decoding: bytes, as: UTF8.self)
                    break
                }
                bytes.append(byte)
            }
        }
        typeNames[type] = name
        return name
    }

    private static func hex(_ address: UInt64) -> String { "0x" + String(address, radix: 16) }
}
