/// A Python thread's frames, read from its thread state, split by the C calls of the
/// evaluation loop that run them.
///
/// One C call of `_PyEval_EvalFrameDefault` runs a run of frames: in 3.11 the outermost of
/// them is marked `is_entry`; in 3.12 an entry shim frame owned by the C stack sits below it.
/// ``evaluations`` holds one run per C call, innermost first, each innermost frame first.
struct CPythonThreadStack: Equatable, Sendable {
    /// The most frames read of one thread.
    static let maxFrames = 4096

    /// The OS thread (`native_thread_id`).
    var tid: Int32
    /// The thread state it was read from, nil for a stack built in code.
    var threadState: UInt64?
    /// The frames, one run per C call of the evaluation loop, innermost first.
    var evaluations: [[CPythonFrame]]

    /// Reads the frames of the thread state at `threadState`, with `codes` caching code
    /// objects across threads.
    init(
        threadState: UInt64, layout: CPythonLayout, memory: CPythonMemory, codes: inout [UInt64: CPythonCode]
    ) throws(CPythonReadError) {
        let nativeID = try memory.word(at: threadState &+ UInt64(layout.threadNativeID), size: 8, "native_thread_id")
        guard let tid = Int32(exactly: nativeID), tid > 0 else { throw .outOfRange(what: "native_thread_id", value: nativeID) }
        self.tid = tid
        self.threadState = threadState
        var frame = threadState
        for (step, offset) in layout.threadCurrentFramePath.enumerated() {
            let what = step == layout.threadCurrentFramePath.count - 1 ? "the current frame" : "the thread state's frame link"
            frame = try memory.optionalPointer(at: frame &+ UInt64(offset), what)
            if frame == 0 { break }
        }
        var evaluations: [[CPythonFrame]] = []
        var run: [CPythonFrame] = []
        var seen: Set<UInt64> = []
        while frame != 0 {
            guard seen.insert(frame).inserted else { throw .cycle(what: "thread \(tid)'s frame chain", address: frame) }
            guard seen.count <= Self.maxFrames else { throw .tooLong(what: "thread \(tid)'s frame chain", limit: Self.maxFrames) }
            let owner = UInt8(truncatingIfNeeded: try memory.word(at: frame &+ UInt64(layout.frameOwner), size: 1, "a frame's owner"))
            if let cStack = layout.ownerCStack, owner == cStack {
                if !run.isEmpty { evaluations.append(run) }
                run = []
            } else {
                let codeAddress = try memory.pointer(at: frame &+ UInt64(layout.frameCode), "a frame's code")
                let code: CPythonCode
                if let known = codes[codeAddress] {
                    code = known
                } else {
                    code = try CPythonCode(at: codeAddress, layout: layout, memory: memory)
                    codes[codeAddress] = code
                }
                let instruction = try memory.word(at: frame &+ UInt64(layout.frameInstruction), size: 8, "a frame's instruction")
                run.append(CPythonFrame(
                    instructionAddress: instruction, function: code.qualifiedName, file: code.fileName,
                    line: code.line(ofInstructionAt: instruction), interpreterFrame: frame, codeAddress: codeAddress))
                if let isEntry = layout.frameIsEntry, try memory.word(at: frame &+ UInt64(isEntry), size: 1, "a frame's entry mark") != 0 {
                    evaluations.append(run)
                    run = []
                }
            }
            frame = try memory.optionalPointer(at: frame &+ UInt64(layout.framePrevious), "a frame's caller")
        }
        if !run.isEmpty { evaluations.append(run) }
        self.evaluations = evaluations
    }

    /// A stack of `evaluations` for the thread `tid`.
    init(tid: Int32, evaluations: [[CPythonFrame]]) {
        self.tid = tid
        threadState = nil
        self.evaluations = evaluations
    }

    /// Every frame, innermost first.
    var frames: [CPythonFrame] { evaluations.flatMap { $0 } }
}
