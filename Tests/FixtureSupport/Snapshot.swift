import Foundation

/// Golden-file comparison for whole outputs. A snapshot lives next to the test file, in
/// `__Snapshots__/<name>.txt`; set `ANALYZE_DUMP_RECORD_SNAPSHOTS=1` to write it anew.
public enum Snapshot {
    /// Why `text` does not match the snapshot, or nil when it does (or was just recorded).
    public static func mismatch(_ text: String, named name: String, testFile: String = #filePath) -> String? {
        let directory = URL(fileURLWithPath: testFile).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
        let file = directory.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["ANALYZE_DUMP_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            return "no snapshot \(file.path): run the tests with ANALYZE_DUMP_RECORD_SNAPSHOTS=1 to record it"
        }
        guard expected != text else { return nil }
        let expectedLines = expected.components(separatedBy: "\n")
        let actualLines = text.components(separatedBy: "\n")
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let wanted = line < expectedLines.count ? expectedLines[line] : "<end>"
        let got = line < actualLines.count ? actualLines[line] : "<end>"
        return "\(name) differs from \(file.path) at line \(line + 1):\n  expected: \(wanted)\n  actual:   \(got)"
    }
}
