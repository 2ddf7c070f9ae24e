import DumpModel

/// Decodes `struct elf_prpsinfo` (`NT_PRPSINFO`). The 64-bit layout has 32-bit uid/gid at
/// 16; i386 has a 32-bit flag word and 16-bit uid/gid.
enum PRPSInfoDecoder {
    /// The process status and the PID the note names, or nil when the note is too short.
    static func decode(_ note: ByteReader, wordSize: Int) -> (status: ProcessStatus, pid: Int32)? {
        let wide = wordSize == 8
        let commandOffset = wide ? 40 : 28
        guard note.count >= commandOffset + 16 + 80,
              let stateLetter = note.uint8(at: 1),
              let nice = note.uint8(at: 3),
              let flags = note.word(at: wide ? 8 : 4, size: wordSize),
              let uid = wide ? note.uint32(at: 16) : note.uint16(at: 8).map(UInt32.init),
              let gid = wide ? note.uint32(at: 20) : note.uint16(at: 10).map(UInt32.init),
              let pid = note.int32(at: wide ? 24 : 12),
              let parent = note.int32(at: wide ? 28 : 16),
              let group = note.int32(at: wide ? 32 : 20),
              let session = note.int32(at: wide ? 36 : 24)
        else { return nil }
        let command = note.cString(at: commandOffset, maxLength: 16) ?? ""
        let arguments = note.cString(at: commandOffset + 16, maxLength: 80) ?? ""
        let state = stateLetter >= 0x21 && stateLetter < 0x7F ? Character(UnicodeScalar(stateLetter)) : "?"
        let status = ProcessStatus(
            command: command, arguments: arguments.trimmingTrailingSpaces(), state: state,
            nice: Int8(bitPattern: nice), flags: flags, uid: uid, gid: gid, parentPID: parent,
            processGroupID: group, sessionID: session)
        return (status, pid)
    }
}

extension String {
    /// The string without trailing blanks (the kernel pads `pr_psargs` with one).
    func trimmingTrailingSpaces() -> String {
        var result = Substring(self)
        while result.last == " " { result = result.dropLast() }
        return String(result)
    }
}
