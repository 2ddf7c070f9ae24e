import DumpModel

/// Java methods of a HotSpot process, from a `Method*`: the class and method names
/// (`ConstMethod`'s name index into the holder's constant pool), the source file (the pool's
/// `_source_file_name_index`) and the line of a bytecode index (the compressed line number
/// table after the bytecodes).
///
/// A class, so that each method is read once however many frames run it.
final class HotSpotMethods {
    /// What is known of one method.
    private struct Method {
        var name: String
        var sourceFile: String?
        /// The first bytecode.
        var codeStart: UInt64
        var codeSize: UInt64
        /// The compressed line number table, nil when the method has none.
        var lineTable: UInt64?
    }

    /// The most entries read from one line number table.
    static let lineTableLimit = 65_536

    private let memory: HotSpotMemory
    private let heap: HotSpotHeap
    private let constMethod: UInt64, constMethodSize: UInt64, constants: UInt64, codeSize: UInt64
    private let nameIndex: UInt64, constMethodFlags: UInt64, hasLineTable: UInt64
    private let poolHolder: UInt64, sourceFileIndex: UInt64, constantPoolSize: UInt64
    private var methods: [UInt64: Method] = [:]

    init(memory: HotSpotMemory, heap: HotSpotHeap, structs: HotSpotVMStructs) throws(HotSpotReadError) {
        self.memory = memory
        self.heap = heap
        constMethod = try structs.offset("Method", "_constMethod")
        constMethodSize = try structs.size(of: "ConstMethod")
        constants = try structs.offset("ConstMethod", "_constants")
        codeSize = try structs.offset("ConstMethod", "_code_size")
        nameIndex = try structs.offset("ConstMethod", "_name_index")
        constMethodFlags = try structs.offset("ConstMethod", "_flags")
        let flag = try structs.intConstant("ConstMethod::_has_linenumber_table")
        guard flag > 0 else { throw .missingConstant("ConstMethod::_has_linenumber_table") }
        hasLineTable = UInt64(flag)
        poolHolder = try structs.offset("ConstantPool", "_pool_holder")
        sourceFileIndex = try structs.offset("ConstantPool", "_source_file_name_index")
        constantPoolSize = try structs.size(of: "ConstantPool")
    }

    /// The frame symbol of `method` at the bytecode at `bytecode`: `JavaWarmup.warmUp` at
    /// `JavaWarmup.java:13`. It has a source position only when the line is known: not for a
    /// compiled frame (`bytecode` nil), a native method (no bytecodes) or a class without a
    /// `SourceFile` attribute (a lambda's hidden class).
    func symbol(method address: UInt64, bytecode: UInt64?) throws(HotSpotReadError) -> FrameSymbol {
        let method = try self.method(address)
        var source: SourceLocation?
        if let file = method.sourceFile, let bytecode, let table = method.lineTable,
           bytecode >= method.codeStart, bytecode - method.codeStart < method.codeSize,
           let line = try self.line(of: bytecode - method.codeStart, table: table) {
            source = SourceLocation(file: file, line: line)
        }
        return FrameSymbol(function: method.name, source: source)
    }

    private func method(_ address: UInt64) throws(HotSpotReadError) -> Method {
        if let known = methods[address] { return known }
        let constMethod = try memory.pointer("Method::_constMethod", at: address &+ constMethod)
        let pool = try memory.pointer("ConstMethod::_constants", at: constMethod &+ constants)
        func symbol(_ index: UInt64) throws(HotSpotReadError) -> String {
            try heap.symbolText(try memory.pointer("a constant pool symbol", at: pool &+ constantPoolSize &+ index &* 8))
        }
        let holder = try memory.pointer("ConstantPool::_pool_holder", at: pool &+ poolHolder)
        let name = try heap.className(holder) + "." + (try symbol(try memory.word("ConstMethod::_name_index", at: constMethod &+ nameIndex, size: 2)))
        let fileIndex = try memory.word("ConstantPool::_source_file_name_index", at: pool &+ sourceFileIndex, size: 2)
        let codeStart = constMethod &+ constMethodSize
        let size = try memory.word("ConstMethod::_code_size", at: constMethod &+ codeSize, size: 2)
        let flags = try memory.word("ConstMethod::_flags", at: constMethod &+ constMethodFlags, size: 2)
        let method = Method(
            name: name, sourceFile: fileIndex == 0 ? nil : try symbol(fileIndex), codeStart: codeStart, codeSize: size,
            lineTable: flags & hasLineTable != 0 ? codeStart &+ size : nil)
        methods[address] = method
        return method
    }

    /// The line of bytecode index `bci` from the compressed line number table at `table`: the
    /// entry for `bci`, or else the one with the greatest index below it (HotSpot's
    /// `Method::line_from_bci`); nil when no entry is at or below it.
    private func line(of bci: UInt64, table: UInt64) throws(HotSpotReadError) -> Int? {
        var reader = HotSpotCompressedStream(memory: memory, position: table)
        var entryBCI: Int64 = 0, entryLine: Int64 = 0
        var best: (bci: Int64, line: Int64)?
        let wanted = Int64(bci)
        for _ in 0..<Self.lineTableLimit {
            let first = try reader.byte()
            if first == 0 { return best.flatMap { Int(exactly: $0.line) } }
            // One byte holds a small pair (bci delta << 3 | line delta); 0xff is followed by
            // the two deltas as signed UNSIGNED5 numbers.
            if first == 0xff {
                entryBCI &+= try reader.signedInt()
                entryLine &+= try reader.signedInt()
            } else {
                entryBCI &+= Int64(first >> 3)
                entryLine &+= Int64(first & 7)
            }
            if entryBCI == wanted { return Int(exactly: entryLine) }
            if entryBCI < wanted, entryBCI >= (best?.bci ?? 0) { best = (entryBCI, entryLine) }
        }
        throw .tooLong("a line number table", limit: Self.lineTableLimit)
    }
}
