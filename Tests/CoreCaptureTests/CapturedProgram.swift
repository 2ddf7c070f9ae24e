import Foundation
import Glibc
import FixtureSupport

/// A scenario program run as a grandchild of the test (`sh -c 'program & wait'`), so that
/// the program is captured by a process that is not its parent.
///
/// A tracer that is also the parent receives the ptrace stops of its child through
/// `waitpid`, and Foundation's `Process` reaps its children with `waitpid` on its own thread:
/// it may take the stop the capture is waiting for, and it traps on a stop status.
final class CapturableProgram {
    private let shell: ReadyProgram
    /// The program's PID (the shell's child).
    let processIdentifier: Int32

    /// Starts `executable` (arguments are not supported) and waits for its `ready`.
    init(_ executable: String) throws {
        let script = executable + ".detached.sh"
        try "#!/bin/sh\n'\(executable)' \"$@\" &\nwait\n".write(toFile: script, atomically: true, encoding: .utf8)
        shell = try ReadyProgram("/bin/sh", arguments: [script])
        let children = (try? String(contentsOfFile: "/proc/\(shell.processIdentifier)/task/\(shell.processIdentifier)/children", encoding: .utf8)) ?? ""
        guard let child = children.split(separator: " ").compactMap({ Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }).first else {
            shell.kill()
            throw Command.Failure(description: "\(executable) has no process under its shell")
        }
        processIdentifier = child
    }

    /// Ends the program and its shell with SIGKILL.
    func kill() {
        _ = Glibc.kill(processIdentifier, SIGKILL)
        shell.kill()
    }
}

/// The notes of an ELF64 little-endian core, walked by hand so the tests check the file
/// independently of the code that wrote it.
struct CoreFileNotes {
    struct Note {
        var name: String
        var type: UInt32
        var descriptor: [UInt8]
    }

    var notes: [Note] = []
    var programHeaderCount = 0

    init(path: String) throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func word<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
            (0..<MemoryLayout<T>.size).reduce(T(0)) { $0 | T(truncatingIfNeeded: bytes[offset + $1]) << (8 * $1) }
        }
        let programHeaderOffset = Int(word(32, UInt64.self))
        programHeaderCount = Int(word(56, UInt16.self))
        for index in 0..<programHeaderCount {
            let header = programHeaderOffset + index * 56
            guard word(header, UInt32.self) == 4 /* PT_NOTE */ else { continue }
            var offset = Int(word(header + 8, UInt64.self))
            let end = offset + Int(word(header + 32, UInt64.self))
            while offset + 12 <= end {
                let nameSize = Int(word(offset, UInt32.self))
                let descriptorSize = Int(word(offset + 4, UInt32.self))
                let type = word(offset + 8, UInt32.self)
                let nameStart = offset + 12
                let name = String(decoding: bytes[nameStart..<nameStart + nameSize].prefix { $0 != 0 }, as: UTF8.self)
                let descriptorStart = nameStart + (nameSize + 3) / 4 * 4
                notes.append(Note(name: name, type: type, descriptor: Array(bytes[descriptorStart..<descriptorStart + descriptorSize])))
                offset = descriptorStart + (descriptorSize + 3) / 4 * 4
            }
        }
    }
}
