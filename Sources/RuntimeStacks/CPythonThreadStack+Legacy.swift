extension CPythonThreadStack {
    /// Reads the frames of the CPython 3.8 to 3.10 thread state at `threadState`: its
    /// `PyFrameObject` chain from `frame` along `f_back`, each frame run by a C call of its own
    /// of the evaluation loop, so each its own run of ``evaluations``. The OS thread is the one
    /// whose `pthread_t` (`threads`, from each thread's thread pointer) the state's `thread_id`
    /// holds; `codes` caches code objects across threads.
    init(
        legacyThreadState threadState: UInt64, layout: CPythonLegacyLayout, memory: CPythonMemory, frameType: UInt64?,
        threads: [UInt64: Int32], codes: inout [UInt64: CPythonLegacyCode]
    ) throws(CPythonReadError) {
        let threadID = try memory.word(at: threadState &+ UInt64(CPythonLegacyLayout.threadID), size: 8, "thread_id")
        guard let tid = threads[threadID] else { throw .unknownThread(threadID: threadID) }
        var evaluations: [[CPythonFrame]] = []
        var seen: Set<UInt64> = []
        var frame = try memory.optionalPointer(at: threadState &+ UInt64(CPythonLegacyLayout.threadFrame), "the current frame")
        while frame != 0 {
            guard seen.insert(frame).inserted else { throw .cycle(what: "thread \(tid)'s frame chain", address: frame) }
            guard seen.count <= Self.maxFrames else { throw .tooLong(what: "thread \(tid)'s frame chain", limit: Self.maxFrames) }
            try memory.expectType(frameType, of: frame, "a frame")
            let codeAddress = try memory.pointer(at: frame &+ UInt64(CPythonLegacyLayout.frameCode), "a frame's code")
            let code: CPythonLegacyCode
            if let known = codes[codeAddress] {
                code = known
            } else {
                code = try CPythonLegacyCode(at: codeAddress, memory: memory)
                codes[codeAddress] = code
            }
            let lastInstruction = Int(Int32(truncatingIfNeeded: try memory.word(
                at: frame &+ UInt64(layout.frameLastInstruction), size: 4, "a frame's f_lasti")))
            let byteOffset = layout.lineTable == .lineTable310 ? lastInstruction * 2 : lastInstruction
            evaluations.append([CPythonFrame(
                instructionAddress: code.bytecodeAddress &+ UInt64(max(byteOffset, 0)), function: code.name,
                file: code.fileName, line: code.line(atByteOffset: byteOffset, format: layout.lineTable))])
            frame = try memory.optionalPointer(at: frame &+ UInt64(CPythonLegacyLayout.frameBack), "a frame's caller")
        }
        self.init(tid: tid, evaluations: evaluations)
    }
}
