import DumpModel

/// What runtime readers get beside the process image: facts that come from the reader of the
/// core rather than from its memory.
public struct RuntimeReadContext {
    public init() {}
}
