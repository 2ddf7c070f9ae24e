@testable import CoreDump
import DumpModel

// libFuzzer entry point: the note walk and every note decoder over one PT_NOTE segment, in
// memory, as `CoreNotes` runs them for a core. The first byte picks the machine (x86_64,
// i386, aarch64: word size and register layout) and the note alignment (4 or 8); the rest
// is the segment. A decoder may return nil for anything; it must never trap.

private let architectures: [Architecture] = [.x86_64, .i386, .aarch64]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNotes(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start, count > 0 else { return 0 }
    let selector = Int(start[0])
    let architecture = architectures[selector % architectures.count]
    guard let layout = RegisterLayout(architecture: architecture) else { return 0 }
    let wordSize = architecture.pointerSize
    let segment = UnsafeRawBufferPointer(start: start + 1, count: count - 1)
    var notes = ELFNoteSequence(segment: ByteReader(bytes: segment), alignment: selector & 4 == 0 ? 4 : 8)
    var threads = 0
    while let note = notes.next() {
        switch note.type {
        case 1:
            if let status = PRStatusDecoder.decode(note.descriptor, wordSize: wordSize, layout: layout) {
                _ = layout.registerSet(values: status.registers)
                _ = layout.dwarfValues(from: status.registers)
                threads += 1
            }
        case 3: _ = PRPSInfoDecoder.decode(note.descriptor, wordSize: wordSize)
        case 6: _ = AuxiliaryVectorDecoder.decode(note.descriptor, wordSize: wordSize)
        case 0x5349_4749: _ = SigInfoDecoder.decode(note.descriptor, wordSize: wordSize)
        case 0x4649_4c45: _ = FileNoteDecoder.decode(note.descriptor, wordSize: wordSize)
        case CaptureNote.noteType: _ = CaptureNote(decoding: Array(note.descriptor.bytes))
        case HandlerNote.noteType: _ = HandlerNote(decoding: Array(note.descriptor.bytes))
        default: break
        }
    }
    _ = notes.corruptionOffset
    return 0
}
