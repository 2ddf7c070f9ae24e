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
    /// The note `analyze-dump handle` inserts, decoded; nil when there is none or it is
    /// corrupt (with a warning).
    var handler: HandlerNote?
    var diagnostics: [Diagnostic] = []
    /// The TIDs read so far, to drop a second `NT_PRSTATUS` of the same thread.
    private var seenTIDs: Set<Int32> = []
    /// The TIDs of `NT_PRSTATUS` notes dropped because an earlier note had them, in note order.
    private var duplicateTIDs: [Int32] = []
    /// Whether the last `NT_PRSTATUS` was dropped: the per-thread notes after it (`NT_FPREGSET`,
    /// `NT_SIGINFO`) are its own and are dropped with it.
    private var isSkippingThread = false

    /// `NT_PRSTATUS` notes too short for the registers, dropped.
    private var shortStatusNotes = 0
    /// `NT_PRSTATUS` notes after ``CoreReadLimits/maximumThreadCount`` threads, ignored.
    private var threadsOverLimit = 0

    /// Walks every `PT_NOTE` segment of `core`, reading at most
    /// ``CoreReadLimits/maximumNoteBytes`` over all of them.
    init(core: CoreFile, layout: RegisterLayout) {
        var budget = CoreReadLimits.maximumNoteBytes
        for header in core.programHeaders where header.type == ProgramHeader.noteType {
            if header.fileSize > budget {
                diagnostics.append(.warning(
                    "the note segment at file offset \(header.fileOffset) claims \(header.fileSize) bytes: only \(budget) were read (the reader reads at most \(CoreReadLimits.maximumNoteBytes) bytes of notes); threads after them are missing"))
            }
            let wanted = min(header.fileSize, budget)
            budget -= wanted
            let bytes = core.read(at: header.fileOffset, count: Int(wanted))
            if UInt64(bytes.count) < wanted {
                diagnostics.append(.warning(
                    "the core is truncated inside its notes (\(bytes.count) of \(header.fileSize) bytes present): threads after the cut are missing",
                    cause: .truncatedCore))
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
        if shortStatusNotes > 0 {
            let notes = shortStatusNotes == 1 ? "an NT_PRSTATUS note is" : "\(shortStatusNotes) NT_PRSTATUS notes are"
            diagnostics.append(.warning(
                "\(notes) too short for the \(layout.names.count) registers of \(core.architecture): \(shortStatusNotes == 1 ? "its thread was" : "their threads were") skipped"))
        }
        if !duplicateTIDs.isEmpty {
            diagnostics.append(.warning(Self.duplicateTIDsMessage(duplicateTIDs)))
        }
        if threadsOverLimit > 0 {
            diagnostics.append(.warning(
                "the core has \(threads.count + threadsOverLimit) threads: only the first \(CoreReadLimits.maximumThreadCount) were read, \(threadsOverLimit) are missing from the report"))
        }
    }

    /// The warning for `NT_PRSTATUS` notes that name a TID an earlier one named.
    static func duplicateTIDsMessage(_ tids: [Int32]) -> String {
        let distinct = Array(Set(tids)).sorted()
        let listed = distinct.prefix(5).map(String.init).joined(separator: ", ") + (distinct.count > 5 ? ", ..." : "")
        let notes = tids.count == 1 ? "1 NT_PRSTATUS note names" : "\(tids.count) NT_PRSTATUS notes name"
        return "the core has duplicate thread IDs: \(notes) a TID an earlier note named (\(listed)); only the first note of each TID was read"
    }

    private mutating func add(_ note: ELFNote, wordSize: Int, layout: RegisterLayout) {
        let name = note.name
        switch Int32(bitPattern: note.type) {
        case NT_PRSTATUS where name == "CORE":
            isSkippingThread = true
            guard let status = PRStatusDecoder.decode(note.descriptor, wordSize: wordSize, layout: layout) else {
                shortStatusNotes += 1
                return
            }
            guard seenTIDs.insert(status.tid).inserted else {
                duplicateTIDs.append(status.tid)
                return
            }
            guard threads.count < CoreReadLimits.maximumThreadCount else {
                threadsOverLimit += 1
                return
            }
            isSkippingThread = false
            threads.append(ThreadRecord(status: status))
        case NT_PRPSINFO where name == "CORE":
            if let decoded = PRPSInfoDecoder.decode(note.descriptor, wordSize: wordSize) {
                processStatus = decoded.status
                processID = decoded.pid
            } else {
                diagnostics.append(.warning("the NT_PRPSINFO note is too short: command line and state unknown"))
            }
        case NT_SIGINFO where name == "CORE":
            if !isSkippingThread, let signal = SigInfoDecoder.decode(note.descriptor, wordSize: wordSize), !threads.isEmpty,
               threads[threads.count - 1].signal == nil {
                threads[threads.count - 1].signal = signal
            }
        case NT_FILE where name == "CORE":
            if let (files, omitted) = FileNoteDecoder.decode(note.descriptor, wordSize: wordSize) {
                mappedFiles = files
                if omitted > 0 {
                    diagnostics.append(.warning(
                        "the NT_FILE note lists \(files.count + omitted) mapped files: only the first \(files.count) were read"))
                }
            } else {
                diagnostics.append(.warning("the NT_FILE note is corrupt: mapped file names unknown"))
            }
        case NT_AUXV where name == "CORE":
            auxiliaryVector = AuxiliaryVectorDecoder.decode(note.descriptor, wordSize: wordSize)
        case NT_FPREGSET where name == "CORE", NT_PRXFPREG where name == "LINUX":
            if !isSkippingThread, !threads.isEmpty { threads[threads.count - 1].hasFloatingPointRegisters = true }
        default:
            if name == CaptureNote.noteName && note.type == CaptureNote.noteType { addCaptureNote(note.descriptor) }
            if name == HandlerNote.noteName && note.type == HandlerNote.noteType { addHandlerNote(note.descriptor) }
        }
    }

    /// The first handler note is the one `analyze-dump handle` inserted; a corrupt one, or a
    /// second one, is a warning and changes nothing else.
    private mutating func addHandlerNote(_ descriptor: ByteReader) {
        guard handler == nil else {
            diagnostics.append(.warning("the core has more than one ANALYZEDUMP handler note: only the first was read"))
            return
        }
        handler = HandlerNote(decoding: Array(descriptor.bytes))
        if handler == nil {
            diagnostics.append(.warning(
                "the ANALYZEDUMP handler note of \(descriptor.count) bytes is corrupt or of an unknown version: command line, cgroup and thread names unknown"))
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
