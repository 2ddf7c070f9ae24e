import DumpModel

/// Small formatting helpers shared by the text renderers.
enum TextFormatting {
    /// `0x` and 16 hex digits (8 for 32-bit processes), like eu-stack.
    static func address(_ value: UInt64, width: Int = 16) -> String {
        var text = TextBuffer()
        text.appendHex(value, minimumWidth: width)
        return text.string
    }

    /// `0x` and as many hex digits as needed.
    static func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }

    /// Seconds with two decimals: `2.13 s`.
    static func seconds(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction) s"
    }

    /// `user 1.20 s, system 0.03 s`.
    static func cpu(_ time: CPUTime) -> String {
        "user \(seconds(time.userSeconds)), system \(seconds(time.systemSeconds))"
    }

    /// The address width for a process's pointers.
    static func addressWidth(_ process: Process) -> Int { process.architecture.pointerSize * 2 }
}
