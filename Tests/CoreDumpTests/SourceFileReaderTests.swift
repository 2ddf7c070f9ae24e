import Glibc
import Testing
@testable import CoreDump
import DumpModel
import FixtureSupport

/// Where the crash section looks for a source file, and what it keeps of the file's untrusted
/// lines; and the instruction decoder on x86_64, i386 and aarch64.
@Suite struct SourceFileReaderTests {
    @Test func directoriesComeFirstWithTheLongestSuffixThenTheDWARFPath() {
        let reader = SourceFileReader(directories: ["/src", "rel/"])
        #expect(reader.candidates(for: "/build/app/./main.c") == [
            "/src/build/app/main.c", "/src/app/main.c", "/src/main.c",
            "rel/build/app/main.c", "rel/app/main.c", "rel/main.c",
            "/build/app/./main.c",
        ])
        // A `..` never leads out of a directory; the DWARF path itself is tried as it is.
        #expect(SourceFileReader(directories: ["/src"]).candidates(for: "/b/../../etc/x.c") == ["/src/etc/x.c", "/src/x.c", "/b/../../etc/x.c"])
        #expect(SourceFileReader(directories: []).candidates(for: "") == [])
    }

    @Test func linesAroundTheMarkedOneAreCutExpandedAndRepaired() throws {
        var file: [UInt8] = []
        for number in 1...20 { file += Array("line \(number)\n".utf8) }
        let lines = try #require(SourceFileReader.lines(of: file, around: 3))
        #expect(lines.map(\.number) == Array(1...7))
        #expect(lines.map(\.text).last == "line 7")
        #expect(SourceFileReader.lines(of: file, around: 21) == nil)
        #expect(SourceFileReader.lines(of: file, around: 20)?.map(\.number) == Array(16...20))

        #expect(SourceFileReader.text(of: ArraySlice(Array("\tx\r".utf8))) == "        x")
        #expect(SourceFileReader.text(of: ArraySlice(Array("ab\tc".utf8))) == "ab      c")
        #expect(SourceFileReader.text(of: ArraySlice([0x61, 0xFF, 0x62])) == "a\u{FFFD}b")
        let long = SourceFileReader.text(of: ArraySlice([UInt8](repeating: UInt8(ascii: "x"), count: 10_000)))
        #expect(long.count == SourceExcerpt.maximumLineLength && long.hasSuffix("…"))
        let exact = String(repeating: "y", count: SourceExcerpt.maximumLineLength)
        #expect(SourceFileReader.text(of: ArraySlice(Array(exact.utf8))) == exact)
    }

    @Test func onlyRegularFilesAreRead() throws {
        let directory = try Scratch.makeDirectory(named: "source-reader")
        #expect(mkfifo(directory + "/fifo.c", 0o644) == 0)
        #expect(SourceFileReader.read(directory + "/fifo.c") == nil)
        #expect(SourceFileReader.read("/dev/zero") == nil)
        #expect(SourceFileReader.read(directory) == nil)
        let path = try Scratch.file(named: "source-reader/app.c", bytes: Array("int main(void)\n{\n\treturn *(int *)0;\n}\n".utf8))
        let excerpt = try #require(SourceFileReader(directories: [directory]).excerpt(around: SourceLocation(file: "/build/app.c", line: 3)))
        #expect(excerpt.path == path)
        #expect(excerpt.lines.map(\.text) == ["int main(void)", "{", "        return *(int *)0;", "}"])
        #expect(excerpt.lines.filter(excerpt.isMarked).map(\.number) == [3])
        #expect(SourceFileReader(directories: [directory]).excerpt(around: SourceLocation(file: "/build/app.c", line: 0)) == nil)
    }

    @Test func instructionsDecodeOnEveryArchitecture() {
        #expect(InstructionDecoder.decode([0x8B, 0x40, 0x10, 0x90], at: 0x401738, architecture: .x86_64)! == (3, "mov eax, dword ptr [rax + 0x10]"))
        #expect(InstructionDecoder.decode([0x89, 0x41, 0x28], at: 0x80498BF, architecture: .i386)! == (3, "mov dword ptr [ecx + 0x28], eax"))
        #expect(InstructionDecoder.decode([0x00, 0x10, 0x40, 0xB9], at: 0x4007D4, architecture: .aarch64)! == (4, "ldr w0, [x0, #0x10]"))
        #expect(InstructionDecoder.decode([0x0F], at: 0, architecture: .x86_64) == nil)
        #expect(InstructionDecoder.decode([], at: 0, architecture: .x86_64) == nil)
        #expect(InstructionDecoder.decode([0x90], at: 0, architecture: .unsupported(machine: 243)) == nil)
    }
}
