@testable import RuntimeStacks

/// Java objects in a ``FakeHotSpot``'s memory: classes with their field tables (HotSpot's
/// `InstanceKlass` with `FieldInfo` slots and a constant pool of names), objects of them, and
/// JavaThreads in its thread list. Object references are full pointers (the fake sets no
/// compressed-oops flag).
extension FakeHotSpot {
    /// A class named `name` (`java/lang/Thread`) declaring the instance fields `fields` at
    /// their offsets, below `superclass`.
    func javaClass(_ name: String, fields: [(name: String, offset: UInt64)], superclass: UInt64? = nil) -> UInt64 {
        let klass = allocate(0x200)
        memory.write(bytes: [UInt8](repeating: 0, count: 0x200), at: klass)
        memory.write(symbol(name), at: klass + 0x18)
        memory.write(superclass ?? 0, at: klass + 0x78)
        // The constant pool holds each field's name at index 1 + its position.
        let constants = allocate(0x48 + 8 * UInt64(fields.count + 1))
        memory.write(constants, at: klass + 0xe8)
        let slots = allocate(4 + 12 * UInt64(fields.count))
        memory.write(UInt64(6 * fields.count), at: slots, size: 4)
        memory.write(UInt64(fields.count), at: klass + 0x136, size: 2)
        memory.write(slots, at: klass + 0x1c8)
        for (index, field) in fields.enumerated() {
            memory.write(symbol(field.name), at: constants + 0x48 + 8 * UInt64(index + 1))
            let info = slots + 4 + 12 * UInt64(index)
            let packed = field.offset << 2 | 1
            for (slot, value) in [0, UInt64(index + 1), 0, 0, packed & 0xffff, packed >> 16].enumerated() {
                memory.write(value, at: info + 2 * UInt64(slot), size: 2)
            }
        }
        return klass
    }

    /// An object of `klass`, `size` bytes, every field zero.
    func object(of klass: UInt64, size: UInt64 = 0x40) -> UInt64 {
        let object = allocate(size)
        memory.write(bytes: [UInt8](repeating: 0, count: Int(size)), at: object)
        memory.write(klass, at: object + 0x8)
        return object
    }

    /// Puts JavaThreads into the thread list, one per TID, each with the `java.lang.Thread`
    /// of its position in `threadObjects`; returns the JavaThreads.
    @discardableResult
    func javaThreads(_ threads: [(tid: Int32, threadObject: UInt64)]) -> [UInt64] {
        memory.write(UInt64(threads.count), at: Self.threadsList + 4, size: 4)
        return threads.enumerated().map { index, thread in
            let javaThread = allocate(0x400)
            memory.write(bytes: [UInt8](repeating: 0, count: 0x400), at: javaThread)
            let osThread = allocate(0x100)
            memory.write(UInt64(UInt32(bitPattern: thread.tid)), at: osThread + 0xd0, size: 4)
            memory.write(osThread, at: javaThread + 0x230)
            let handle = allocate(8)
            memory.write(thread.threadObject, at: handle)
            memory.write(handle, at: javaThread + 0x288)
            memory.write(javaThread, at: Self.threadArray + 8 * UInt64(index))
            return javaThread
        }
    }

    /// A `Symbol` holding `text`.
    func symbol(_ text: String) -> UInt64 {
        let bytes = Array(text.utf8)
        let symbol = allocate(6 + UInt64(bytes.count))
        memory.write(UInt64(bytes.count), at: symbol + 4, size: 2)
        memory.write(bytes: bytes, at: symbol + 6)
        return symbol
    }
}
