/// The program's machine code and source files, for what a crash report quotes of them: the
/// instruction at the crash and the lines around the crashing line.
public protocol CodeReader: AnyObject {
    /// The instruction at `address`, from the core's memory or the module file that maps it;
    /// nil when neither holds a byte there.
    func instruction(at address: UInt64) -> MachineInstruction?
    /// The lines around `location`, nil when no regular file can be found for it or it has no
    /// such line.
    func sourceExcerpt(around location: SourceLocation) -> SourceExcerpt?
}
