import DumpModel

/// How a frame is named in aggregates and tables: its function, or `module+0xoffset` without
/// a symbol.
public enum FrameName {
    /// The name of `frame`, a frame of `process`.
    public static func of(_ frame: Frame, in process: Process) -> String {
        if let function = frame.function { return function }
        if let module = process.module(of: frame), let offset = frame.moduleOffset {
            return module.shortName + "+0x" + String(offset, radix: 16)
        }
        return "0x" + String(frame.pc, radix: 16)
    }
}
