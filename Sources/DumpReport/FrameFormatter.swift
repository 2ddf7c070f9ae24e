import DumpAnalysis
import DumpModel

/// Formats stack frames one per line, in the style of eu-stack and gdb:
/// `#3  0x00000000004016ac main+0x33 at /src/app.c:5 (app) [cfi]`.
///
/// A 4,000-thread core has hundreds of thousands of frames, so lines are written into one
/// byte buffer and per-module text is computed once. Function names, source paths and module
/// names come from the core and are escaped (``TextEscaping``).
struct FrameFormatter {
    private let moduleNames: [String]
    private let addressWidth: Int

    init(process: Process) {
        moduleNames = process.modules.map { TextEscaping.escaped($0.shortName) }
        addressWidth = TextFormatting.addressWidth(process)
    }

    /// Appends a group's stack, innermost first, its recursion folded into one line
    /// (``StackFold``): `  … descend recursed ×7,258 (frames #1–#7,256 folded)`. Frames keep
    /// their numbers in the whole stack (``StackGroup/frameNumber(at:)``).
    ///
    /// - Parameter lineLimit: the most lines written; the fold line counts as one.
    /// - Returns: how many frames were left out after ``lineLimit`` lines, 0 when none was.
    @discardableResult
    func append(_ group: StackGroup, to text: inout TextBuffer, lineLimit: Int = .max) -> Int {
        let shown = StackLines(group, limit: lineLimit)
        for line in shown.lines {
            switch line {
            case .frame(let index):
                text.append("  ")
                append(group.frames[index], number: group.frameNumber(at: index), to: &text)
            case .fold(let fold):
                text.append("  … ")
                TextEscaping.appendEscaped(fold.summary, to: &text)
            }
            text.append("\n")
        }
        return shown.framesLeftOut
    }

    /// Appends one frame: number, PC, function (or module+offset), source, module and how it
    /// was found.
    func append(_ frame: Frame, number: Int, to text: inout TextBuffer) {
        text.append("#")
        text.appendDecimal(number)
        text.append(number < 10 ? "  " : " ")
        text.appendHex(frame.pc, minimumWidth: addressWidth)
        text.append(" ")
        let moduleName = frame.moduleIndex.map { moduleNames[$0] }
        if let function = frame.function {
            TextEscaping.appendEscaped(function, to: &text)
            if let offset = frame.functionOffset {
                text.append("+")
                text.appendHex(offset)
            }
        } else if let moduleName, let offset = frame.moduleOffset {
            text.append(moduleName)
            text.append("+")
            text.appendHex(offset)
        } else {
            text.append("??")
        }
        if let source = frame.source {
            text.append(" at ")
            TextEscaping.appendEscaped(source.file, to: &text)
            text.append(":")
            text.appendDecimal(source.line)
        }
        if let moduleName, frame.function != nil {
            text.append(" (")
            text.append(moduleName)
            text.append(")")
        }
        // A managed runtime's frame says whose it is; how it was found then only matters when
        // it was unwound like a native one (a goroutine's frames).
        if frame.runtime != .native {
            text.append(" [")
            text.append(frame.runtime.rawValue)
            text.append("]")
        }
        switch frame.trust {
        case .context: text.append(" [context]")
        case .cfi: text.append(" [cfi]")
        case .framePointer: text.append(" [frame pointer]")
        case .inlined: text.append(" [inlined]")
        case .runtime: break
        }
    }

    /// A frame as a place for tables: `lookup_model (warmup-lock.c:59)`, or module+offset.
    static func shortPlace(_ frame: Frame, in process: Process) -> String {
        let name = FrameName.of(frame, in: process)
        return frame.source.map { "\(name) (\($0.shortDescription))" } ?? name
    }
}
