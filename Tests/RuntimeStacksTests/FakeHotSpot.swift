import DumpModel
@testable import RuntimeStacks

/// A HotSpot described in memory for the reader: libjvm.so's exported `gHotSpotVM...` tables
/// with every field, type and constant the reader needs, the flag table and the compressed
/// pointer bases, and a thread list, in a byte map every other address of which is not in the
/// core. Tests corrupt it piece by piece.
final class FakeHotSpot {

    /// The fields the reader needs, with the offsets of JDK 17 on x86_64.
    static let fields: [(type: String, field: String, offset: UInt64)] = [
        ("ThreadsList", "_length", 0x4), ("ThreadsList", "_threads", 0x10),
        ("JavaThread", "_threadObj", 0x288), ("JavaThread", "_osthread", 0x230),
        ("JavaThread", "_current_pending_monitor", 0x308), ("JavaThread", "_stack_base", 0x250),
        ("JavaThread", "_stack_size", 0x258), ("JavaThread", "_anchor", 0x290),
        ("JavaFrameAnchor", "_last_Java_sp", 0), ("JavaFrameAnchor", "_last_Java_fp", 0x10), ("JavaFrameAnchor", "_last_Java_pc", 0x8),
        ("OSThread", "_thread_id", 0xd0), ("ObjectMonitor", "_owner", 0x40), ("ObjectMonitor", "_object", 0x8),
        ("oopDesc", "_metadata._klass", 0x8), ("Klass", "_name", 0x18), ("Klass", "_super", 0x78), ("Klass", "_layout_helper", 0x8),
        ("Symbol", "_length", 0x4), ("Symbol", "_body", 0x6), ("InstanceKlass", "_fields", 0x1c8),
        ("InstanceKlass", "_java_fields_count", 0x136), ("InstanceKlass", "_constants", 0xe8), ("Array<u2>", "_data", 0x4),
        ("JVMFlag", "_name", 0x8), ("JVMFlag", "_addr", 0),
    ]
    /// Static fields and where the fake puts them.
    static let statics: [(type: String, field: String, address: UInt64)] = [
        ("ThreadsSMRSupport", "_java_thread_list", 0x50_0000), ("CompressedOops", "_narrow_oop._base", 0x50_0010),
        ("CompressedOops", "_narrow_oop._shift", 0x50_0018), ("CompressedKlassPointers", "_narrow_klass._base", 0x50_0020),
        ("CompressedKlassPointers", "_narrow_klass._shift", 0x50_0028), ("JVMFlag", "flags", 0x50_0030), ("JVMFlag", "numFlags", 0x50_0038),
    ]
    static let types: [(String, UInt64)] = [("ConstantPool", 0x48), ("JVMFlag", 0x18)]
    static let constants: [(String, Int32)] = [
        ("FieldInfo::field_slots", 6), ("FieldInfo::access_flags_offset", 0), ("FieldInfo::name_index_offset", 1),
        ("FieldInfo::low_packed_offset", 4), ("FieldInfo::high_packed_offset", 5), ("FIELDINFO_TAG_SIZE", 2),
        ("FIELDINFO_TAG_OFFSET", 1), ("JVM_ACC_FIELD_INTERNAL", 1024), ("Klass::_lh_header_size_shift", 16),
    ]
    /// The ThreadsList the fake's `_java_thread_list` points to.
    static let threadsList: UInt64 = 0x60_0000
    /// Its array of JavaThread pointers.
    static let threadArray: UInt64 = 0x60_1000

    let memory = ByteMemory()
    let symbols = NamedSymbols()
    private var next: UInt64 = 0x10_0000

    /// Every table and global, and an empty thread list.
    init() {
        let structStride: UInt64 = 48, typeStride: UInt64 = 48, constantStride: UInt64 = 16
        let layoutGlobals: [(String, UInt64)] = [
            ("gHotSpotVMStructEntryTypeNameOffset", 0), ("gHotSpotVMStructEntryFieldNameOffset", 8),
            ("gHotSpotVMStructEntryTypeStringOffset", 16), ("gHotSpotVMStructEntryIsStaticOffset", 24),
            ("gHotSpotVMStructEntryOffsetOffset", 32), ("gHotSpotVMStructEntryAddressOffset", 40),
            ("gHotSpotVMStructEntryArrayStride", structStride),
            ("gHotSpotVMTypeEntryTypeNameOffset", 0), ("gHotSpotVMTypeEntrySizeOffset", 40), ("gHotSpotVMTypeEntryArrayStride", typeStride),
            ("gHotSpotVMIntConstantEntryNameOffset", 0), ("gHotSpotVMIntConstantEntryValueOffset", 8),
            ("gHotSpotVMIntConstantEntryArrayStride", constantStride),
        ]
        for (name, value) in layoutGlobals { global(name, value) }

        var entry = allocate(structStride * UInt64(Self.fields.count + Self.statics.count + 1))
        global("gHotSpotVMStructs", entry)
        memory.write(bytes: [UInt8](repeating: 0, count: Int(structStride) * (Self.fields.count + Self.statics.count + 1)), at: entry)
        for field in Self.fields {
            memory.write(string(field.type), at: entry)
            memory.write(string(field.field), at: entry + 8)
            memory.write(0, at: entry + 24, size: 4)
            memory.write(field.offset, at: entry + 32)
            entry += structStride
        }
        for field in Self.statics {
            memory.write(string(field.type), at: entry)
            memory.write(string(field.field), at: entry + 8)
            memory.write(1, at: entry + 24, size: 4)
            memory.write(field.address, at: entry + 40)
            memory.write(0, at: field.address)
            entry += structStride
        }
        memory.write(0, at: entry)

        namedTable("gHotSpotVMTypes", stride: typeStride, Self.types.map { ($0.0, $0.1, 40, 8) })
        namedTable("gHotSpotVMIntConstants", stride: constantStride, Self.constants.map { ($0.0, UInt64(UInt32(bitPattern: $0.1)), 8, 4) })

        // No flags (so no compressed pointers), a table address that is not null.
        memory.write(0x50_1000, at: Self.statics.first { $0.field == "flags" }!.address)
        memory.write(Self.threadsList, at: Self.statics.first { $0.field == "_java_thread_list" }!.address)
        memory.write(0, at: Self.threadsList + 4, size: 4)
        memory.write(Self.threadArray, at: Self.threadsList + 0x10)
    }

    /// A process of one thread for the reader to rewrite.
    func process() -> Process {
        let thread = Thread(
            tid: 100, isMainThread: true, currentSignal: 0, pendingSignals: 0, blockedSignals: 0, recordedCPUTime: CPUTime(userMicroseconds: 0, systemMicroseconds: 0),
            registers: RegisterSet(registers: [], programCounterName: "rip", stackPointerName: "rsp"),
            hasFloatingPointRegisters: false, frames: [], unwindStatus: .complete)
        return Process(
            pid: 100, architecture: .x86_64, producer: .kernel, status: nil, signal: nil, signalledThreadTID: nil,
            threads: [thread], modules: [], mappedFiles: [], auxiliaryVector: [], diagnostics: [])
    }

    /// The process after the reader ran over the fake.
    func read() -> Process {
        var process = process()
        HotSpotStackReader().read(
            ProcessImage(process: process, memory: memory, symbols: symbols), context: RuntimeReadContext(), into: &process)
        return process
    }

    /// The table `name` of entries of `stride` bytes, each a name at offset 0 and a value of
    /// `size` bytes at `offset`, ended by a null name.
    func namedTable(_ name: String, stride: UInt64, _ entries: [(String, UInt64, offset: UInt64, size: Int)]) {
        var entry = allocate(stride * UInt64(entries.count + 1))
        global(name, entry)
        for (entryName, value, offset, size) in entries {
            memory.write(string(entryName), at: entry)
            memory.write(value, at: entry + offset, size: size)
            entry += stride
        }
        memory.write(0, at: entry)
    }

    /// A libjvm.so global `name` holding `value`.
    func global(_ name: String, _ value: UInt64) {
        let address = allocate(8)
        symbols.addresses[name] = address
        memory.write(value, at: address)
    }

    /// `size` bytes nobody else uses.
    func allocate(_ size: UInt64) -> UInt64 {
        let address = next
        next += (size + 15) & ~15
        return address
    }

    /// A NUL-terminated copy of `text`.
    func string(_ text: String) -> UInt64 {
        let bytes = Array(text.utf8) + [0]
        let address = allocate(UInt64(bytes.count))
        memory.write(bytes: bytes, at: address)
        return address
    }
}
