import DumpModel

/// Puts a thread's Python frames into its native stack, as pystack's `--native` view does:
/// each C call of the evaluation loop (`_PyEval_EvalFrameDefault`) is replaced by the Python
/// frames it was running, and the native frames above and below stay where they are.
///
/// Under `python -X perf` (3.12 and later) each such call goes through a trampoline that the
/// perf map names after the code object the loop runs (`py::Thread.run:threading.py`), the
/// outermost Python frame of the run it is replaced by: that frame says the same, with its
/// line, so the trampoline's frame right after the run is dropped.
///
/// The k-th evaluation-loop frame from the top runs the k-th run of
/// ``CPythonThreadStack/evaluations``. When the counts differ (a native stack cut short, an
/// unwind that lost a frame) the runs are still paired innermost first; an evaluation-loop
/// frame left without a run stays as it is, and runs left without one go to the outer end of
/// the stack, in order, so that no frame is lost; ``Merged/isExact`` is false then.
enum CPythonStackMerge {
    /// The merged stack.
    struct Merged {
        var frames: [Frame]
        /// Whether every run replaced an evaluation-loop frame and every such frame had a run.
        var isExact: Bool
    }

    /// The shared symbol of each function, file and line, so that a stack the threads of a
    /// large core repeat costs one symbol.
    typealias SymbolCache = [SymbolKey: FrameSymbol]

    /// A Python frame's name and position.
    struct SymbolKey: Hashable {
        var function: String
        var file: String
        var line: Int
    }

    /// Whether `frame` is a C call of CPython's evaluation loop (or its cold part).
    static func isEvaluationLoop(_ frame: Frame) -> Bool {
        guard frame.runtime == .native, !frame.isInlined, let function = frame.function else { return false }
        let stem = "_PyEval_EvalFrameDefault"
        return function == stem || (function.hasPrefix(stem) && function.dropFirst(stem.count).first == ".")
    }

    /// Whether `frame` is the `-X perf` trampoline that entered the evaluation loop to run
    /// `entered`'s code: JIT code the perf map names by that code's qualified name and file.
    static func isTrampoline(_ frame: Frame, entering entered: CPythonFrame) -> Bool {
        frame.runtime == .jit && frame.function == entered.function && frame.symbol?.source?.file == entered.file
    }

    /// `native` with the Python frames of `stack` merged in.
    static func merged(_ native: [Frame], with stack: CPythonThreadStack, symbols: inout SymbolCache) -> Merged {
        let runs = stack.evaluations
        guard !runs.isEmpty else { return Merged(frames: native, isExact: true) }
        func python(_ run: [CPythonFrame]) -> [Frame] {
            run.map { frame in
                let key = SymbolKey(function: frame.function, file: frame.file, line: frame.line)
                let symbol = symbols[key] ?? FrameSymbol(function: frame.function, source: SourceLocation(file: frame.file, line: frame.line))
                symbols[key] = symbol
                return Frame(pc: frame.instructionAddress, kind: .call, trust: .runtime, symbol: symbol, runtime: .python)
            }
        }
        var frames: [Frame] = []
        frames.reserveCapacity(native.count + runs.reduce(0) { $0 + $1.count })
        var nextRun = 0
        var loopsWithoutRun = 0
        var entered: CPythonFrame?
        for frame in native {
            guard isEvaluationLoop(frame) else {
                let isEntryTrampoline = entered.map { isTrampoline(frame, entering: $0) } ?? false
                entered = nil
                if !isEntryTrampoline { frames.append(frame) }
                continue
            }
            if nextRun < runs.count {
                frames += python(runs[nextRun])
                entered = runs[nextRun].last
                nextRun += 1
            } else {
                frames.append(frame)
                loopsWithoutRun += 1
            }
        }
        for run in runs[nextRun...] { frames += python(run) }
        if frames.first?.runtime == .python { frames[0].kind = .interrupted }
        return Merged(frames: frames, isExact: nextRun == runs.count && loopsWithoutRun == 0)
    }
}
