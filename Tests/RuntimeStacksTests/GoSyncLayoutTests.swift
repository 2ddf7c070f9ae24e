import DumpModel
import Testing
@testable import RuntimeStacks

/// Which lock and which of its semaphores a goroutine sleeps on, from its stack and the
/// `sync.Mutex`/`sync.RWMutex` offsets of a DWARF lookup (made-up offsets, so none is assumed),
/// on the stacks Go 1.19 parks them with.
struct GoSyncLayoutTests {
    final class Layouts: TypeLayoutLookup {
        var members: [String: TypeMemberLayout] = [
            "sync.Mutex.sema": .init(offset: 12, size: 4),
            "sync.RWMutex.w.sema": .init(offset: 12, size: 4), "sync.RWMutex.writerSem": .init(offset: 16, size: 4),
            "sync.RWMutex.readerSem": .init(offset: 20, size: 4), "sync.RWMutex.readerWait": .init(offset: 28, size: 4),
        ]
        func size(ofType type: String) -> UInt64? { nil }
        func member(_ path: String, ofType type: String) -> TypeMemberLayout? { members[type + "." + path] }
        func scoped(toModuleContaining address: UInt64) -> (any TypeLayoutLookup)? { self }
    }

    static let park = ["runtime.gopark", "runtime.goparkunlock", "runtime.semacquire1", "sync.runtime_SemacquireMutex"]
    static let reader = park + ["sync.(*RWMutex).RLock", "main.lookup", "runtime.goexit"]
    static let drainingWriter = park + ["sync.(*RWMutex).Lock", "main.rebuildTable", "runtime.goexit"]
    static let queuedWriter = park + ["sync.(*Mutex).lockSlow", "sync.(*Mutex).Lock", "sync.(*RWMutex).Lock", "main.rebuildTable", "runtime.goexit"]
    static let mutex = park + ["sync.(*Mutex).lockSlow", "sync.(*Mutex).Lock", "main.handleRequest", "runtime.goexit"]
    static let waitGroup = ["runtime.gopark", "runtime.semacquire1", "sync.runtime_Semacquire", "sync.(*WaitGroup).Wait", "main.main"]

    static func frames(_ functions: [String]) -> [Frame] {
        functions.map { Frame(pc: 0x40_1000, kind: .call, trust: .runtime, function: $0) }
    }

    static let lock: UInt64 = 0xc000_0100

    static func wait(on semaphore: UInt64, _ functions: [String], readerWait: UInt64 = 3, layouts: Layouts = Layouts()) -> GoroutineLockWait? {
        let memory = ByteMemory()
        memory.write(readerWait, at: lock + 28, size: 4)
        return GoSyncLayout.resolve(layouts)?.lockWait(semaphore: semaphore, frames: frames(functions), memory: memory)
    }

    @Test func namesTheLockAndTheRoleFromTheStack() {
        #expect(Self.wait(on: Self.lock + 20, Self.reader) == GoroutineLockWait(lockAddress: Self.lock, role: .read))
        #expect(Self.wait(on: Self.lock + 16, Self.drainingWriter) == GoroutineLockWait(lockAddress: Self.lock, role: .writeAfterReaders, readersAhead: 3))
        #expect(Self.wait(on: Self.lock + 12, Self.queuedWriter) == GoroutineLockWait(lockAddress: Self.lock, role: .writeAfterWriter))
        #expect(Self.wait(on: Self.lock + 12, Self.mutex) == GoroutineLockWait(lockAddress: Self.lock, role: .mutex))
        #expect(Self.wait(on: Self.lock, Self.waitGroup) == nil)
    }

    @Test func rejectsValuesTheCoreCannotMean() {
        // A semaphore below the field's offset has no lock around it.
        #expect(Self.wait(on: 8, Self.reader) == nil)
        // A negative readerWait is no count of readers.
        #expect(Self.wait(on: Self.lock + 16, Self.drainingWriter, readerWait: 0xffff_ffff)?.readersAhead == nil)
        // Without sync.RWMutex in the DWARF only a sync.Mutex is named.
        let layouts = Layouts()
        layouts.members["sync.RWMutex.readerSem"] = nil
        #expect(Self.wait(on: Self.lock + 20, Self.reader, layouts: layouts) == nil)
        #expect(Self.wait(on: Self.lock + 12, Self.mutex, layouts: layouts)?.role == .mutex)
        layouts.members["sync.Mutex.sema"] = nil
        #expect(GoSyncLayout.resolve(layouts) == nil)
    }
}
