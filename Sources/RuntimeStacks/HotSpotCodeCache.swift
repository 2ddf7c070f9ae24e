/// Where HotSpot's generated code is, to tell what kind of Java frame a return address is in:
/// the template interpreter's code (`AbstractInterpreter::_code`), the call stub that enters
/// Java from C++ (`StubRoutines::_call_stub_return_address`), and the code blobs of the code
/// heaps (`CodeCache::_heaps`), found through each heap's segment map as HotSpot finds them.
struct HotSpotCodeCache {
    /// What a code address belongs to.
    enum Code: Equatable {
        /// The template interpreter: the frame is an interpreted frame.
        case interpreter
        /// The return into the call stub: the frame below is C++ (`JavaCalls::call_helper`).
        case callStub
        /// A code blob whose frame is `frameSize` bytes; `method` is the `Method*` of a
        /// compiled Java method (an nmethod), nil for a stub.
        case blob(frameSize: UInt64, method: UInt64?)
    }

    /// One code heap: its code and the segment map that leads from an address to the start
    /// of its block.
    private struct Heap {
        var code: Range<UInt64>
        var segmentMap: UInt64
        var log2SegmentSize: UInt64
    }

    /// The most code heaps believed (JDK 17 has three when segmented).
    static let heapLimit = 16
    /// The most steps back through a segment map: a blob of 16 MB in 64-byte segments.
    static let segmentStepLimit = 1 << 18

    private let memory: HotSpotMemory
    private let interpreter: Range<UInt64>
    private let callStubReturn: UInt64
    private let heaps: [Heap]
    private let heapBlockSize: UInt64, blobSize: UInt64, blobName: UInt64, blobFrameSize: UInt64, compiledMethod: UInt64

    init(memory: HotSpotMemory, structs: HotSpotVMStructs) throws(HotSpotReadError) {
        self.memory = memory
        let queue = try memory.pointer("AbstractInterpreter::_code", at: try structs.staticAddress("AbstractInterpreter", "_code"))
        let buffer = try memory.pointer("StubQueue::_stub_buffer", at: queue &+ (try structs.offset("StubQueue", "_stub_buffer")))
        let limit = try memory.word("StubQueue::_buffer_limit", at: queue &+ (try structs.offset("StubQueue", "_buffer_limit")), size: 4)
        guard buffer <= UInt64.max - limit else { throw .unreadable("StubQueue::_buffer_limit", address: queue) }
        interpreter = buffer..<(buffer + limit)
        callStubReturn = try memory.word(
            "StubRoutines::_call_stub_return_address", at: try structs.staticAddress("StubRoutines", "_call_stub_return_address"))

        let array = try memory.pointer("CodeCache::_heaps", at: try structs.staticAddress("CodeCache", "_heaps"))
        let count = try memory.word("CodeCache::_heaps length", at: array &+ (try structs.offset("GrowableArrayBase", "_len")), size: 4)
        guard count <= UInt64(Self.heapLimit) else { throw .tooLong("CodeCache::_heaps", limit: Self.heapLimit) }
        let data = try memory.pointer("CodeCache::_heaps data", at: array &+ (try structs.offset("GrowableArray<int>", "_data")))
        let memoryOffset = try structs.offset("CodeHeap", "_memory"), segmapOffset = try structs.offset("CodeHeap", "_segmap")
        let low = try structs.offset("VirtualSpace", "_low"), high = try structs.offset("VirtualSpace", "_high")
        let log2 = try structs.offset("CodeHeap", "_log2_segment_size")
        var heaps: [Heap] = []
        for index in 0..<count {
            let heap = try memory.pointer("a CodeHeap", at: data &+ index &* 8)
            let start = try memory.word("CodeHeap::_memory._low", at: heap &+ memoryOffset &+ low)
            let end = try memory.word("CodeHeap::_memory._high", at: heap &+ memoryOffset &+ high)
            let shift = try memory.word("CodeHeap::_log2_segment_size", at: heap &+ log2, size: 4)
            guard start <= end, shift < 32 else { throw .unreadable("a CodeHeap's bounds", address: heap) }
            heaps.append(Heap(
                code: start..<end, segmentMap: try memory.word("CodeHeap::_segmap._low", at: heap &+ segmapOffset &+ low),
                log2SegmentSize: shift))
        }
        self.heaps = heaps
        heapBlockSize = try structs.size(of: "HeapBlock")
        blobSize = try structs.offset("CodeBlob", "_size")
        blobName = try structs.offset("CodeBlob", "_name")
        blobFrameSize = try structs.offset("CodeBlob", "_frame_size")
        compiledMethod = try structs.offset("CompiledMethod", "_method")
    }

    /// What `pc` belongs to, nil when it is no code of HotSpot's (C++ code, a corrupt address).
    func code(at pc: UInt64) throws(HotSpotReadError) -> Code? {
        if interpreter.contains(pc) { return .interpreter }
        if pc == callStubReturn { return .callStub }
        guard let heap = heaps.first(where: { $0.code.contains(pc) }) else { return nil }
        // Each segment's byte in the map says how many segments back its block starts (0: it
        // starts here); 0xff marks a free segment.
        var segment = (pc - heap.code.lowerBound) >> heap.log2SegmentSize
        for _ in 0..<Self.segmentStepLimit {
            let back = try memory.word("a code heap's segment map", at: heap.segmentMap &+ segment, size: 1)
            if back == 0xff { return nil }
            if back == 0 { return try blob(at: heap.code.lowerBound &+ segment << heap.log2SegmentSize &+ heapBlockSize, containing: pc) }
            guard back <= segment else { return nil }
            segment -= back
        }
        throw .tooLong("a code heap's segment map", limit: Self.segmentStepLimit)
    }

    /// The code blob at `blob`, when it covers `pc`.
    private func blob(at blob: UInt64, containing pc: UInt64) throws(HotSpotReadError) -> Code? {
        let size = try memory.word("CodeBlob::_size", at: blob &+ blobSize, size: 4)
        guard pc >= blob, pc - blob < size else { return nil }
        let frameWords = try memory.word("CodeBlob::_frame_size", at: blob &+ blobFrameSize, size: 4)
        let name = try memory.cString("CodeBlob::_name", at: try memory.pointer("CodeBlob::_name", at: blob &+ blobName, alignment: 1), maxLength: 64)
        let method = name == "nmethod" ? try memory.optionalPointer("CompiledMethod::_method", at: blob &+ compiledMethod) : nil
        return .blob(frameSize: frameWords &* 8, method: method)
    }
}
