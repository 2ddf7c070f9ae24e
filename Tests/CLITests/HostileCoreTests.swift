import Foundation
import Testing
import FixtureSupport

/// A copy of the warm-up fixture whose program name (`NT_PRPSINFO`) and executable path
/// (`NT_FILE`) hold a terminal escape, control characters, a newline and text that would pass
/// for a line of the report: every output shows them escaped, as one line.
@Suite struct HostileCoreTests {
    let fixture = Fixture("warmup-lock")

    /// `pr_fname`: red, then a line of its own.
    static let programName = Array("\u{1B}[31m\nFORGED".utf8)
    /// The executable's path in `NT_FILE`, as long as the original so that the note keeps its layout.
    static func executablePath(replacing original: String) -> [UInt8] {
        let head = Array("/tmp/\u{1B}[2J\u{07}\r\u{08}\nFORGED/".utf8), tail = Array("/warmup-lock".utf8)
        return head + Array(repeating: UInt8(ascii: "x"), count: original.utf8.count - head.count - tail.count) + tail
    }

    @Test func theReportShowsTheNamesEscapedOnTheirOwnLines() throws {
        let core = try hostileCore(named: "hostile-report.core")
        let result = try AnalyzeDumpBinary.run([core, "--exe", try fixture.executablePath])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError == "")
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == #"analyze-dump: process 669 (\u{1b}[31m\nFORGED), x86_64, 10 threads, SIGQUIT"#)
        #expect(lines.contains(#"Process 669 \u{1b}[31m\nFORGED"#))
        #expect(lines.contains { $0.hasPrefix(#"  0x0000000000400000-0x00000000004ca000 /tmp/\u{1b}[2J\u{7}\r\u{8}\nFORGED/xxxxxxxxxxxxxxxxxx/warmup-lock  [debug info] build-id "#) })
        #expect(!lines.contains { $0.hasPrefix("FORGED") })
        #expect(!result.standardOutput.utf8.contains { ($0 < 0x20 && $0 != UInt8(ascii: "\n")) || $0 == 0x7F })
    }

    /// `stacks` prints the reader's warnings on stderr: the path in them is escaped too, and
    /// the last line says why the status is 1.
    @Test func warningsOnStandardErrorAreEscaped() throws {
        let core = try hostileCore(named: "hostile-stacks.core")
        let result = try AnalyzeDumpBinary.run(["stacks", core])
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines.first == #"analyze-dump: warning: libdw cannot find the executable at /tmp/\u{1b}[2J\u{7}\r\u{8}\nFORGED/xxxxxxxxxxxxxxxxxx/warmup-lock (build-id 319c8f33c083ec828cdfdfbc130b02f519d03867): pass --exe; its frames show as module+offset"#)
        #expect(lines.last == "analyze-dump: warning: 1 module was not found; 10 stacks are incomplete (see the warnings above)")
        #expect(!lines.contains { $0.hasPrefix("FORGED") })
        #expect(!result.standardError.utf8.contains { ($0 < 0x20 && $0 != UInt8(ascii: "\n")) || $0 == 0x7F })
    }

    /// The JSON report keeps the exact name.
    @Test func jsonKeepsTheExactName() throws {
        let core = try hostileCore(named: "hostile-json.core")
        let result = try AnalyzeDumpBinary.run([core, "--exe", try fixture.executablePath, "--format", "json"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains(#""command":"\u001b[31m\nFORGED""#))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        #expect((document["process"] as? [String: Any])?["command"] as? String == "\u{1B}[31m\nFORGED")
    }

    /// The fixture's plain core with ``programName`` in `NT_PRPSINFO` and the executable's
    /// path in `NT_FILE` replaced, written to `name` in the scratch directory (one per test:
    /// tests run in parallel).
    private func hostileCore(named name: String) throws -> String {
        let original = try #require(fixture.facts["executable_path"])
        var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: try fixture.plainCorePath)))
        var edited = (name: false, path: false)
        try Self.forEachNote(in: bytes) { type, descriptor in
            switch type {
            case 3:  // NT_PRPSINFO: pr_fname, 16 bytes at 40 in the 64-bit layout
                bytes.replaceSubrange(descriptor.lowerBound + 40..<descriptor.lowerBound + 56,
                                      with: Self.programName + Array(repeating: 0, count: 16 - Self.programName.count))
                edited.name = true
            case 0x4649_4C45:  // NT_FILE: its names follow the entries
                let needle = Array(original.utf8), replacement = Self.executablePath(replacing: original)
                var position = descriptor.lowerBound
                while position + needle.count <= descriptor.upperBound {
                    if Array(bytes[position..<position + needle.count]) == needle {
                        bytes.replaceSubrange(position..<position + needle.count, with: replacement)
                        edited.path = true
                    }
                    position += 1
                }
            default:
                break
            }
        }
        #expect(edited.name && edited.path)
        return try Scratch.file(named: name, bytes: bytes)
    }

    /// Calls `body` with the type and descriptor range of every note of a 64-bit little-endian core.
    private static func forEachNote(in bytes: [UInt8], _ body: (UInt32, Range<Int>) throws -> Void) throws {
        func integer(_ offset: Int, _ size: Int) -> Int {
            (0..<size).reversed().reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
        }
        let headerTable = integer(0x20, 8), entrySize = integer(0x36, 2), entryCount = integer(0x38, 2)
        for index in 0..<entryCount {
            let entry = headerTable + index * entrySize
            guard integer(entry, 4) == 4 /* PT_NOTE */ else { continue }
            let start = integer(entry + 8, 8), end = start + integer(entry + 32, 8)
            var position = start
            while position + 12 <= end {
                let nameSize = integer(position, 4), descriptorSize = integer(position + 4, 4)
                let descriptor = position + 12 + (nameSize + 3) / 4 * 4
                try body(UInt32(integer(position + 8, 4)), descriptor..<descriptor + descriptorSize)
                position = descriptor + (descriptorSize + 3) / 4 * 4
            }
        }
    }
}
