import DumpModel

/// The Java frames of one JavaThread on x86_64, innermost first, walked as HotSpot's own
/// `frame::sender` walks them: from the thread's last Java frame (or its registers while it
/// runs Java code) through interpreted frames (frame pointer chain; the `Method*` and the
/// bytecode pointer at fixed slots below the frame pointer) and compiled frames (the code
/// blob's frame size), up to the call stub that entered Java.
struct HotSpotJavaStack {
    /// The most Java frames read for one thread.
    static let frameLimit = 4096

    /// The x86_64 interpreter frame's slots, in words from the frame pointer
    /// (`frame_x86.hpp`; `interpreter_frame_last_sp_offset` is -2 in gHotSpotVMIntConstants):
    /// the caller's stack pointer, the `Method*` and the bytecode pointer.
    private static let senderSPSlot: Int64 = -1, methodSlot: Int64 = -3, bytecodeSlot: Int64 = -8

    /// A Java frame: its machine PC, which the native unwind has too, and what it runs.
    struct JavaFrame {
        var pc: UInt64
        var symbol: FrameSymbol
        var runtime: FrameRuntime
    }

    /// A position in the walk.
    private struct Cursor {
        var sp: UInt64, unextendedSP: UInt64, fp: UInt64, pc: UInt64
    }

    /// The Java frames of `thread`, whose registers (for a thread running Java code) are
    /// `registers`.
    static func frames(
        of thread: HotSpotJavaThread, registers: RegisterSet, memory: HotSpotMemory,
        codeCache: HotSpotCodeCache, methods: HotSpotMethods
    ) throws(HotSpotReadError) -> [JavaFrame] {
        var cursor: Cursor
        if thread.lastJavaSP != 0 {
            let pc = thread.lastJavaPC != 0 ? thread.lastJavaPC : try memory.word("a return address", at: thread.lastJavaSP &- 8)
            cursor = Cursor(sp: thread.lastJavaSP, unextendedSP: thread.lastJavaSP, fp: thread.lastJavaFP, pc: pc)
        } else {
            guard let pc = registers.programCounter, let sp = registers.stackPointer, let fp = registers["rbp"] else { return [] }
            cursor = Cursor(sp: sp, unextendedSP: sp, fp: fp, pc: pc)
        }
        func slot(_ index: Int64, of fp: UInt64) throws(HotSpotReadError) -> UInt64 {
            try memory.word("an interpreter frame slot", at: fp &+ UInt64(bitPattern: index &* 8))
        }
        var frames: [JavaFrame] = []
        for _ in 0..<frameLimit {
            guard let code = try codeCache.code(at: cursor.pc) else { return frames }
            let next: Cursor
            switch code {
            case .callStub:
                return frames
            case .interpreter:
                guard thread.stack.contains(cursor.fp), cursor.fp % 8 == 0 else { return frames }
                let method = try memory.pointer("an interpreter frame's Method*", at: cursor.fp &+ UInt64(bitPattern: methodSlot &* 8))
                let bytecode = try slot(bytecodeSlot, of: cursor.fp)
                frames.append(JavaFrame(pc: cursor.pc, symbol: try methods.symbol(method: method, bytecode: bytecode), runtime: .java))
                next = Cursor(
                    sp: cursor.fp &+ 16, unextendedSP: try slot(senderSPSlot, of: cursor.fp),
                    fp: try slot(0, of: cursor.fp), pc: try slot(1, of: cursor.fp))
            case .blob(let frameSize, let method):
                if let method {
                    frames.append(JavaFrame(pc: cursor.pc, symbol: try methods.symbol(method: method, bytecode: nil), runtime: .jit))
                }
                let senderSP = cursor.unextendedSP &+ frameSize
                guard frameSize > 0, senderSP > cursor.unextendedSP else { return frames }
                next = Cursor(
                    sp: senderSP, unextendedSP: senderSP,
                    fp: try memory.word("a compiled frame's saved frame pointer", at: senderSP &- 16),
                    pc: try memory.word("a compiled frame's return address", at: senderSP &- 8))
            }
            // Callers are further up the stack: a walk that does not move up has gone wrong.
            guard next.sp > cursor.sp, thread.stack.contains(next.sp) || next.sp == thread.stack.upperBound else { return frames }
            cursor = next
        }
        return frames
    }

    /// `native` with the frames that ran `java` replaced by them: from the first native frame
    /// without a module whose PC is HotSpot's code (the innermost Java frame's PC may differ
    /// from the native unwind's: a native method's interpreter frame records a PC of its
    /// own) up to the next frame of a module (the C++ that called Java). Nil when no native
    /// frame is in HotSpot's code.
    static func merged(_ native: [Frame], java: [JavaFrame], codeCache: HotSpotCodeCache) -> [Frame]? {
        guard let start = native.firstIndex(where: { $0.moduleIndex == nil && (try? codeCache.code(at: $0.pc)) != nil }) else {
            return nil
        }
        let end = native[start...].firstIndex { $0.moduleIndex != nil } ?? native.endIndex
        let replacement = java.enumerated().map { index, frame in
            Frame(
                pc: frame.pc, kind: index == 0 ? native[start].kind : .call, trust: .runtime,
                symbol: frame.symbol, runtime: frame.runtime)
        }
        return Array(native[..<start]) + replacement + Array(native[end...])
    }
}
