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

    /// The name of `frame` as findings write it: ``of(_:in:)`` with the standard library's
    /// templates shortened (``ReadableTypeNames``: `parse(std::string const&)`). Stack
    /// listings and signatures keep the full name.
    public static func readable(_ frame: Frame, in process: Process) -> String {
        ReadableTypeNames.shortened(of(frame, in: process))
    }
}
