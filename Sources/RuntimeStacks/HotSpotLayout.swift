/// The offsets and addresses of the HotSpot fields the reader follows, looked up once in
/// ``HotSpotVMStructs`` so that a HotSpot without one of them is refused before any walk.
struct HotSpotLayout {
    /// `ThreadsSMRSupport::_java_thread_list`: the address of the current `ThreadsList*`.
    let javaThreadListAddress: UInt64
    /// `ThreadsList::_length` and `ThreadsList::_threads`.
    let threadsListLength: UInt64, threadsListThreads: UInt64
    /// `JavaThread::_threadObj` (an OopHandle), `_osthread`, `_current_pending_monitor`,
    /// `_stack_base`, `_stack_size`.
    let threadObject: UInt64, osThread: UInt64
    let pendingMonitor: UInt64, stackBase: UInt64, stackSize: UInt64
    /// `JavaThread::_anchor` plus `JavaFrameAnchor::_last_Java_sp`/`_last_Java_fp`/`_last_Java_pc`.
    let lastJavaSP: UInt64, lastJavaFP: UInt64, lastJavaPC: UInt64
    /// `OSThread::_thread_id`.
    let osThreadID: UInt64
    /// `ObjectMonitor::_owner` and `_object` (a WeakHandle).
    let monitorOwner: UInt64, monitorObject: UInt64
    /// `oopDesc::_metadata._klass` (the same offset holds the narrow klass).
    let objectKlass: UInt64
    /// `Klass::_name`, `Klass::_super`, `Klass::_layout_helper`.
    let klassName: UInt64, klassSuper: UInt64, klassLayoutHelper: UInt64
    /// `Symbol::_length` and `Symbol::_body`.
    let symbolLength: UInt64, symbolBody: UInt64
    /// `InstanceKlass::_fields`, `_java_fields_count`, `_constants`.
    let instanceKlassFields: UInt64, instanceKlassJavaFieldsCount: UInt64, instanceKlassConstants: UInt64
    /// `Array<u2>::_data`.
    let u2ArrayData: UInt64
    /// `sizeof(ConstantPool)`: its entries follow it.
    let constantPoolSize: UInt64
    /// `FieldInfo`'s slots, in u2s.
    let fieldSlots: UInt64, fieldAccessFlags: UInt64, fieldNameIndex: UInt64
    let fieldLowPackedOffset: UInt64, fieldHighPackedOffset: UInt64
    /// `FIELDINFO_TAG_SIZE`, `FIELDINFO_TAG_OFFSET` and `JVM_ACC_FIELD_INTERNAL`.
    let fieldTagSize: UInt64, fieldTagOffset: UInt64, fieldInternalFlag: UInt64
    /// `Klass::_lh_header_size_shift`, for where an array's elements start.
    let layoutHeaderSizeShift: UInt64
    /// `CompressedOops::_narrow_oop._base`/`_shift`, `CompressedKlassPointers::_narrow_klass._base`/`_shift`.
    let narrowOopBase: UInt64, narrowOopShift: UInt64, narrowKlassBase: UInt64, narrowKlassShift: UInt64
    /// `JVMFlag::flags`, `JVMFlag::numFlags`, `sizeof(JVMFlag)`, `JVMFlag::_name`, `JVMFlag::_addr`.
    let flagsAddress: UInt64, flagCountAddress: UInt64, flagSize: UInt64, flagName: UInt64, flagValue: UInt64

    init(_ structs: HotSpotVMStructs) throws(HotSpotReadError) {
        javaThreadListAddress = try structs.staticAddress("ThreadsSMRSupport", "_java_thread_list")
        threadsListLength = try structs.offset("ThreadsList", "_length")
        threadsListThreads = try structs.offset("ThreadsList", "_threads")
        threadObject = try structs.offset("JavaThread", "_threadObj")
        osThread = try structs.offset("JavaThread", "_osthread")
        pendingMonitor = try structs.offset("JavaThread", "_current_pending_monitor")
        stackBase = try structs.offset("JavaThread", "_stack_base")
        stackSize = try structs.offset("JavaThread", "_stack_size")
        let anchor = try structs.offset("JavaThread", "_anchor")
        lastJavaSP = anchor &+ (try structs.offset("JavaFrameAnchor", "_last_Java_sp"))
        lastJavaFP = anchor &+ (try structs.offset("JavaFrameAnchor", "_last_Java_fp"))
        lastJavaPC = anchor &+ (try structs.offset("JavaFrameAnchor", "_last_Java_pc"))
        osThreadID = try structs.offset("OSThread", "_thread_id")
        monitorOwner = try structs.offset("ObjectMonitor", "_owner")
        monitorObject = try structs.offset("ObjectMonitor", "_object")
        objectKlass = try structs.offset("oopDesc", "_metadata._klass")
        klassName = try structs.offset("Klass", "_name")
        klassSuper = try structs.offset("Klass", "_super")
        klassLayoutHelper = try structs.offset("Klass", "_layout_helper")
        symbolLength = try structs.offset("Symbol", "_length")
        symbolBody = try structs.offset("Symbol", "_body")
        instanceKlassFields = try structs.offset("InstanceKlass", "_fields")
        instanceKlassJavaFieldsCount = try structs.offset("InstanceKlass", "_java_fields_count")
        instanceKlassConstants = try structs.offset("InstanceKlass", "_constants")
        u2ArrayData = try structs.offset("Array<u2>", "_data")
        constantPoolSize = try structs.size(of: "ConstantPool")
        func constant(_ name: String) throws(HotSpotReadError) -> UInt64 {
            let value = try structs.intConstant(name)
            guard value >= 0 else { throw .missingConstant(name) }
            return UInt64(value)
        }
        fieldSlots = try constant("FieldInfo::field_slots")
        fieldAccessFlags = try constant("FieldInfo::access_flags_offset")
        fieldNameIndex = try constant("FieldInfo::name_index_offset")
        fieldLowPackedOffset = try constant("FieldInfo::low_packed_offset")
        fieldHighPackedOffset = try constant("FieldInfo::high_packed_offset")
        fieldTagSize = try constant("FIELDINFO_TAG_SIZE")
        fieldTagOffset = try constant("FIELDINFO_TAG_OFFSET")
        fieldInternalFlag = try constant("JVM_ACC_FIELD_INTERNAL")
        layoutHeaderSizeShift = try constant("Klass::_lh_header_size_shift")
        narrowOopBase = try structs.staticAddress("CompressedOops", "_narrow_oop._base")
        narrowOopShift = try structs.staticAddress("CompressedOops", "_narrow_oop._shift")
        narrowKlassBase = try structs.staticAddress("CompressedKlassPointers", "_narrow_klass._base")
        narrowKlassShift = try structs.staticAddress("CompressedKlassPointers", "_narrow_klass._shift")
        flagsAddress = try structs.staticAddress("JVMFlag", "flags")
        flagCountAddress = try structs.staticAddress("JVMFlag", "numFlags")
        flagSize = try structs.size(of: "JVMFlag")
        flagName = try structs.offset("JVMFlag", "_name")
        flagValue = try structs.offset("JVMFlag", "_addr")
    }
}
