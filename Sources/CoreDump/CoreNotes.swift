internal import CElfUtils
import DumpModel

/// Everything the reader takes from a core's `PT_NOTE` segments, decoded by hand at explicit
/// offsets: libdwfl exposes neither the CPU times nor the signal details.
struct CoreNotes {
    /// One per `NT_PRSTATUS`, in note order.
    struct ThreadRecord {
        var status: ThreadStatusNote
        var hasFloatingPointRegisters = false
        /// The `NT_SIGINFO` that followed this thread's status (kernel: only the first thread;
        /// gdb: every thread).
        var signal: SignalInfo?
    }

    var threads: [ThreadRecord] = []
    var processStatus: ProcessStatus?
    /// The PID `NT_PRPSINFO` names.
    var processID: Int32?
    var mappedFiles: [MappedFile] = []
    var auxiliaryVector: [AuxiliaryVectorEntry] = []
    /// Whether the core has the note `analyze-dump capture` writes, decodable or not: it
    /// tells who wrote the core.
    var hasCaptureNote = false
    /// That note, decoded; nil when there is none or it is corrupt (with a warning).
    var capture: CaptureNote?
    var diagnostics: [Diagnostic] = []

    /// A corrupt header could claim a note segment as large as the file; real cores need
    /// about 1.5 KiB per thread.
    static let maximumNoteSegmentSize: UInt64 = 256 << 20

    /// Walks every `PT_NOTE` segment of `core`.
    init(core: CoreFile, layout: RegisterLayout) {
        for header in core.programHeaders where header.type == UInt32(PT_NOTE) {
            if header.fileSize > Self.maximumNoteSegmentSize {
                diagnostics.append(.warning(
                    "the note segment at file offset \(header.fileOffset) claims \(header.fileSize) bytes: only the first \(Self.maximumNoteSegmentSize) were read"))
            }
            let wanted = min(header.fileSize, Self.maximumNoteSegmentSize)
            let bytes = core.read(at: header.fileOffset, count: Int(wanted))
            if UInt64(bytes.count) < wanted {
                diagnostics.append(.warning(
                    "the core is truncated inside its notes (\(bytes.count) of \(header.fileSize) bytes present): threads after the cut are missing"))
            }
            bytes.withUnsafeBytes { buffer in
                var notes = ELFNoteSequence(segment: ByteReader(bytes: buffer), alignment: header.alignment)
                while let note = notes.next() {
                    add(note, wordSize: core.wordSize, layout: layout)
                }
                if let offset = notes.corruptionOffset {
                    diagnostics.append(.warning(
                        "corrupt note at offset \(offset) of the note segment at file offset \(header.fileOffset): the notes after it were skipped"))
                }
            }
        }
    }

    private mutating func add(_ note: ELFNote, wordSize: Int, layout: RegisterLayout) {
        let name = note.name
        switch Int32(bitPattern: note.type) {
        case NT_PRSTATUS where name == "CORE":
            if let status = PRStatusDecoder.decode(note.descriptor, wordSize: wordSize, layout: layout) {
                threads.append(ThreadRecord(status: status))
            } else {
                diagnostics.append(.warning(
                    "an NT_PRSTATUS note of \(note.descriptor.count) bytes is too short for \(layout.names.count) registers: its thread was skipped"))
            }
        case NT_PRPSINFO where name == "CORE":
            if let decoded = PRPSInfoDecoder.decode(note.descriptor, wordSize: wordSize) {
                processStatus = decoded.status
                processID = decoded.pid
            } else {
                diagnostics.append(.warning("the NT_PRPSINFO note is too short: command line and state unknown"))
            }
        case NT_SIGINFO where name == "CORE":
            if let signal = SigInfoDecoder.decode(note.descriptor, wordSize: wordSize), !threads.isEmpty,
               threads[threads.count - 1].signal == nil {
                threads[threads.count - 1].signal = signal
            }
        case NT_FILE where name == "CORE":
            if let files = FileNoteDecoder.decode(note.descriptor, wordSize: wordSize) {
                mappedFiles = files
            } else {
                diagnostics.append(.warning("the NT_FILE note is corrupt: mapped file names unknown"))
            }
        case NT_AUXV where name == "CORE":
            auxiliaryVector = AuxiliaryVectorDecoder.decode(note.descriptor, wordSize: wordSize)
        case NT_FPREGSET where name == "CORE", NT_PRXFPREG where name == "LINUX":
            if !threads.isEmpty { threads[threads.count - 1].hasFloatingPointRegisters = true }
        default:
            if name == CaptureNote.noteName && note.type == CaptureNote.noteType { addCaptureNote(note.descriptor) }
        }
    }

    /// The first `ANALYZEDUMP` note is the capture's record; a corrupt one, or a second one,
    /// is a warning and changes nothing else.
    private mutating func addCaptureNote(_ descriptor: ByteReader) {
        if hasCaptureNote {
            diagnostics.append(.warning("the core has more than one ANALYZEDUMP note: only the first was read"))
            return
        }
        hasCaptureNote = true
        capture = CaptureNote(decoding: Array(descriptor.bytes))
        if capture == nil {
            diagnostics.append(.warning(
                "the ANALYZEDUMP note of \(descriptor.count) bytes is corrupt or of an unknown version: capture time, trigger and thread names unknown"))
        }
    }
}
