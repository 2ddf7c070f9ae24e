import DumpModel

/// How a hang signature names a frame: its function only, with no address, offset or line,
/// and without the suffixes a compiler gives the copies it makes of a function
/// (`lookup.cold`, `parse.isra.0`, `hash.constprop.3`, `f.part.1`, `g.lto_priv.0`,
/// `h.llvm.123`), which come and go with optimisation settings. Frames without a function
/// (an address in no symbol) have no name and are left out. Names are the model's, already
/// demangled (C++, Rust).
enum SignatureFrameName {
    /// The name of `frame`, nil when no symbol names it.
    static func of(_ frame: Frame) -> String? {
        guard let function = frame.function, !function.isEmpty else { return nil }
        return frame.runtime == .native ? withoutCloneSuffixes(function) : function
    }

    /// The innermost application frame of `thread` that has a function name, inlined or not
    /// (an inlined frame counts as its own frame, the way the stack shows it), passing over
    /// the C++ library's function templates instantiated in the application
    /// (``ApplicationFrames/isRuntimeFunctionTemplate(_:)``).
    static func innermostApplicationFunction(of thread: Thread, frames: ApplicationFrames) -> String? {
        thread.frames.lazy.filter { !frames.isRuntime($0) }.compactMap(of)
            .first { !ApplicationFrames.isRuntimeFunctionTemplate($0) }
    }

    /// The function most of `tids`' threads are in (``innermostApplicationFunction(of:frames:)``),
    /// the alphabetically first of equally common ones, so that one more or one fewer thread in
    /// another function does not change it; nil when none of them has a named application frame.
    static func dominantFunction(of tids: [Int32], in process: Process, frames: ApplicationFrames) -> String? {
        var uses: [String: Int] = [:]
        for tid in tids {
            guard let thread = process.thread(tid: tid),
                  let function = innermostApplicationFunction(of: thread, frames: frames) else { continue }
            uses[function, default: 0] += 1
        }
        return uses.min { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }?.key
    }

    /// The compiler's clone suffixes: a dot, one of these words, then digits (none for `cold`).
    private static let cloneSuffixes: Set<Substring> = ["cold", "part", "isra", "constprop", "lto_priv", "llvm", "localalias"]

    /// `parse` for `parse.isra.0.cold`: drops trailing `.word` and `.digits` components while
    /// the word is a clone suffix, so `main.main.func1` (Go) keeps every component.
    static func withoutCloneSuffixes(_ function: String) -> String {
        var components = function.split(separator: ".", omittingEmptySubsequences: false)
        var stripped = false
        while components.count > 1, let last = components.last {
            if !last.isEmpty, last.allSatisfy(\.isASCIIDigit), components.count > 2, cloneSuffixes.contains(components[components.count - 2]) {
                components.removeLast(2)
            } else if cloneSuffixes.contains(last) {
                components.removeLast()
            } else {
                break
            }
            stripped = true
        }
        return stripped ? components.joined(separator: ".") : function
    }
}
