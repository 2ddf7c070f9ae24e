/// Every structured mutation the fuzzer applies to a fixture core. The raw value is the name
/// used in test output, in `core-mutate` and in the regression corpus; together with a
/// fixture and a seed it names one mutated core exactly.
public enum MutationKind: String, CaseIterable, Sendable {
    // ELF header
    case headerIdent = "header.ident"
    case headerClass = "header.class"
    case headerData = "header.data"
    case headerType = "header.type"
    case headerMachine = "header.machine"
    case headerProgramHeaderOffset = "header.phoff"
    case headerProgramHeaderCount = "header.phnum"
    case headerProgramHeaderEntrySize = "header.phentsize"
    case headerSections = "header.sections"
    // Program headers
    case segmentOffset = "phdr.offset"
    case segmentFileSize = "phdr.filesz"
    case segmentMemorySize = "phdr.memsz"
    case segmentAddress = "phdr.vaddr"
    case segmentOverlap = "phdr.overlap"
    case segmentType = "phdr.type"
    case segmentAlignment = "phdr.align"
    case segmentDuplicateNotes = "phdr.duplicate-notes"
    case segmentShuffle = "phdr.shuffle"
    // Note framing
    case noteNameSize = "note.namesz"
    case noteDescriptorSize = "note.descsz"
    case noteType = "note.type"
    case noteOwner = "note.owner"
    case noteOrder = "note.order"
    case noteDrop = "note.drop"
    case noteDuplicate = "note.duplicate"
    case noteSegmentCut = "note.segment-cut"
    case noteAlignment = "note.alignment"
    // NT_PRSTATUS
    case statusDuplicateTID = "prstatus.duplicate-tid"
    case statusTID = "prstatus.tid"
    case statusRegisters = "prstatus.registers"
    case statusSignal = "prstatus.signal"
    case statusTimes = "prstatus.times"
    case statusSize = "prstatus.size"
    // NT_PRPSINFO, NT_SIGINFO, NT_AUXV
    case processInfoFields = "prpsinfo.fields"
    case processInfoSize = "prpsinfo.size"
    case signalInfoFields = "siginfo.fields"
    case signalInfoPlacement = "siginfo.placement"
    case auxiliaryVectorEntries = "auxv.entries"
    case auxiliaryVectorSize = "auxv.size"
    // NT_FILE
    case fileCount = "file.count"
    case filePageSize = "file.page-size"
    case fileRanges = "file.ranges"
    case fileNames = "file.names"
    case fileSpecialPath = "file.special-path"
    // NT_FPREGSET, NT_X86_XSTATE, NT_X86_XSAVE_LAYOUT
    case extendedState = "xstate.fields"
    // The ANALYZEDUMP capture note
    case captureFields = "capture.fields"
    case capturePlacement = "capture.placement"
    // Process memory
    case stackFrames = "stack.frames"
    case memoryWords = "memory.words"
    // Truncation
    case truncateBoundary = "truncate.boundary"
    case truncateRandom = "truncate.random"
    // zstd container
    case zstdTruncate = "zstd.truncate"
    case zstdCorrupt = "zstd.corrupt"
    case zstdConcatenate = "zstd.concat"
    case zstdFrameHeader = "zstd.frame-header"
    case zstdBomb = "zstd.bomb"
    // Size
    case sizeThreads = "size.threads"
    case sizeNotes = "size.notes"
    case sizeFileEntries = "size.file-entries"
    case sizeSegments = "size.segments"
    // Unstructured
    case bitFlips = "bytes.flip"
    case structureBitFlips = "bytes.flip-structure"

    /// The part of the name before the dot: the structure the mutation targets.
    public var group: String { String(rawValue.prefix { $0 != "." }) }

    /// Whether one input costs seconds rather than a fraction of one (thousands of threads,
    /// a million file entries, gigabytes of zeros): the test runs fewer seeds of these.
    public var isLarge: Bool { group == "size" || self == .zstdBomb }
}
