import DumpAnalysis
import DumpModel

/// What every report shows of a crash beyond its facts, worded once: the faulting thread's
/// stack with its recursion folded as the stack groups fold it, cut after ``frameLimit`` lines
/// (the whole stack is with the thread's group), the instruction at the crash and the source
/// lines around the crashing line.
enum CrashDetails {
    /// The most lines of the faulting thread's stack a crash section shows (a folded
    /// recursion's line counts as one); a deeper stack points to the thread's stack for the
    /// rest.
    static let frameLimit = 16

    /// The innermost ``frameLimit`` frames of the crash, as JSON lists them.
    static func innermostFrames(_ crash: CrashReport) -> ArraySlice<Frame> {
        crash.frames.prefix(frameLimit)
    }

    /// `Stack of the faulting thread (7,261 frames)`'s count: the stack's true depth, the
    /// rounds of a recursion the reader only counted included.
    static func depth(_ crash: CrashReport) -> String {
        let depth = crash.stack.depth
        return depth.groupedDigits + (depth == 1 ? " frame" : " frames")
    }

    /// `8b 40 10`: the instruction's bytes in hex.
    static func bytes(_ instruction: MachineInstruction) -> String {
        instruction.bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }

    /// The instruction's text, or why there is none: `(not decoded: bytes only)` for bytes no
    /// disassembler made an instruction of.
    static func text(_ instruction: MachineInstruction) -> String {
        instruction.text ?? "(not decoded: bytes only)"
    }

    /// `0x401738: mov eax, dword ptr [rax + 0x10] (bytes 8b 40 10)`.
    static func line(_ instruction: MachineInstruction) -> String {
        "\(TextFormatting.hex(instruction.address)): \(text(instruction)) (bytes \(bytes(instruction)))"
    }

    /// `/src/app.c:50`: the file read and the line marked.
    static func sourceHeading(_ source: SourceExcerpt) -> String {
        "\(source.path):\(source.location.line)"
    }

    /// The source lines as text: `  > 50  text` for the crashing line, `    49  text` for the
    /// others, numbers right-aligned.
    static func sourceLines(_ source: SourceExcerpt) -> [String] {
        let width = String(source.lines.last?.number ?? 0).count
        return source.lines.map { line in
            let number = String(line.number)
            let padded = String(repeating: " ", count: max(0, width - number.count)) + number
            return (source.isMarked(line) ? "> " : "  ") + padded + "  " + line.text
        }
    }

    /// `12 more frames: see thread 2726 under Stacks`, nil when every frame is shown.
    /// - Parameters:
    ///   - more: how many frames the section left out (``StackLines/framesLeftOut``).
    ///   - section: the heading of the report's section holding every stack.
    static func moreFrames(_ more: Int, of crash: CrashReport, section: String) -> String? {
        guard more > 0 else { return nil }
        let thread = crash.crashingTID.map { "thread \($0)" } ?? "the thread"
        return "\(more.groupedDigits) more \(more == 1 ? "frame" : "frames"): see \(thread) under \(section)"
    }
}
