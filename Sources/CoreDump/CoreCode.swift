import DumpModel

/// The machine code and source files of a core's process, for the crash report: the
/// instruction at the crash, decoded by ``InstructionDecoder`` from the core's memory (or,
/// when the core does not hold the code, the module file that maps it), and the lines around
/// the crashing line (``SourceFileReader``).
public final class CoreCode: CodeReader {
    private let memory: CoreMemory
    private let moduleCode: ModuleCode
    private let architecture: Architecture
    private let sources: SourceFileReader?

    /// - Parameter sourceDirectories: the directories searched for source files before their
    ///   DWARF path; nil when no source file may be read at all.
    init(memory: CoreMemory, session: DwflSession, architecture: Architecture, sourceDirectories: [String]?) {
        self.memory = memory
        moduleCode = ModuleCode(session: session)
        self.architecture = architecture
        sources = sourceDirectories.map { SourceFileReader(directories: $0) }
    }

    public func instruction(at address: UInt64) -> MachineInstruction? {
        guard let bytes = bytes(at: address, atMost: InstructionDecoder.maximumLength(of: architecture)) else { return nil }
        guard let decoded = InstructionDecoder.decode(bytes, at: address, architecture: architecture) else {
            return MachineInstruction(address: address, bytes: bytes, text: nil)
        }
        return MachineInstruction(address: address, bytes: Array(bytes.prefix(decoded.length)), text: decoded.text)
    }

    public func sourceExcerpt(around location: SourceLocation) -> SourceExcerpt? {
        sources?.excerpt(around: location)
    }

    /// As many bytes at `address` as the core, else the module's file, holds, up to `count`:
    /// an instruction near the end of a segment is shorter than the longest one.
    private func bytes(at address: UInt64, atMost count: Int) -> [UInt8]? {
        for length in stride(from: count, through: 1, by: -1) {
            if let bytes = memory.read(at: address, count: length)
                ?? moduleCode.bytes(at: address, count: length, readOnlyOnly: false) {
                return bytes
            }
        }
        return nil
    }
}
