import DumpModel

/// Formats stack frames one per line, in the style of eu-stack and gdb:
/// `#3  0x00000000004016ac main+0x33 at /src/app.c:5 (app) [cfi]`.
struct FrameFormatter {
    let process: Process

    /// The lines of a stack, innermost first, numbered from 0.
    func lines(for frames: [Frame], indent: String = "  ") -> [String] {
        frames.enumerated().map { indent + line(for: $1, number: $0) }
    }

    /// One frame: number, PC, function (or module+offset), source, module and how it was found.
    func line(for frame: Frame, number: Int) -> String {
        let width = TextFormatting.addressWidth(process)
        var text = "#\(number)" + String(repeating: " ", count: max(1, 3 - String(number).count))
        text += TextFormatting.address(frame.pc, width: width) + " "
        let module = process.module(of: frame)
        if let function = frame.function {
            text += function
            if let offset = frame.functionOffset { text += "+" + TextFormatting.hex(offset) }
        } else if let module, let offset = frame.moduleOffset {
            text += module.shortName + "+" + TextFormatting.hex(offset)
        } else {
            text += "??"
        }
        if let source = frame.source { text += " at \(source)" }
        if let module, frame.function != nil { text += " (\(module.shortName))" }
        text += " [\(trustLabel(frame.trust))]"
        return text
    }

    private func trustLabel(_ trust: FrameTrust) -> String {
        switch trust {
        case .context: return "context"
        case .cfi: return "cfi"
        case .framePointer: return "frame pointer"
        case .inlined: return "inlined"
        }
    }
}
