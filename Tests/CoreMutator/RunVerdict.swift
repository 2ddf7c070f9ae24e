import Foundation
import Glibc

/// What a clean run of `analyze-dump CORE -o TEXT --json JSON --html HTML` on a hostile core
/// looks like, and every way a run falls short of it.
///
/// Clean: it exits with 0 (complete), 1 (partial) or 2 (nothing to analyse) within the time
/// limit, below the memory limit, never by a signal. Status 2 prints exactly one line,
/// `analyze-dump: error: ...`; 0 and 1 write all three reports and print only
/// `analyze-dump: ...` lines. Nothing from the core reaches stderr or the text report as a
/// control character or a forged `analyze-dump: error:` line, the JSON report parses, and
/// the HTML report holds no script the core injected.
public enum RunVerdict {
    /// The text mutated cores put in names and paths to forge a report line.
    static let forgedLine = Array("\nanalyze-dump: error: forged".utf8)
    /// The script mutated cores put in names and paths.
    static let injectedScript = Array("<script>alert(1)".utf8)

    /// The problems of one run; empty when it was clean.
    public static func problems(
        of run: ContainedRun, reports: ReportPaths, timeout: Double, residentLimit: Int
    ) -> [String] {
        var problems: [String] = []
        switch run.termination {
        case .timedOut:
            return ["hang: still running after \(Int(timeout)) s (killed)"]
        case .signalled(let signal):
            let name = String(cString: strsignal(signal))
            problems.append("killed by signal \(signal) (\(name))\(excerpt(run.standardError))")
        case .exited(let status) where ![0, 1, 2].contains(status):
            problems.append("exit status \(status)\(excerpt(run.standardError))")
        case .exited(2):
            let lines = run.standardError.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            if lines.count != 2 || !lines[1].isEmpty || !lines[0].starts(with: Array("analyze-dump: error: ".utf8)) {
                problems.append("status 2 without exactly one `analyze-dump: error:` line on stderr\(excerpt(run.standardError))")
            }
        case .exited:
            for line in run.standardError.split(separator: UInt8(ascii: "\n")) where !line.starts(with: Array("analyze-dump: ".utf8)) {
                problems.append("stderr line without the `analyze-dump:` prefix\(excerpt(Array(line)))")
                break
            }
            for (path, format) in [(reports.text, "text"), (reports.json, "JSON"), (reports.html, "HTML")] where access(path, F_OK) != 0 {
                problems.append("no \(format) report written")
            }
        }
        if run.peakResidentBytes > residentLimit {
            problems.append("peak RSS \(run.peakResidentBytes >> 20) MiB over the \(residentLimit >> 20) MiB limit")
        }
        if let control = firstControlCharacter(run.standardError) {
            problems.append("stderr holds control character 0x\(String(control, radix: 16))")
        }
        if contains(run.standardError, forgedLine) {
            problems.append("stderr holds a forged `analyze-dump: error:` line")
        }
        if case .exited(let status) = run.termination, status < 2 {
            problems += reportProblems(reports)
        }
        return problems
    }

    private static func reportProblems(_ reports: ReportPaths) -> [String] {
        var problems: [String] = []
        let text = FileBytes.read(reports.text, limit: 256 << 20)
        if let control = firstControlCharacter(text) {
            problems.append("text report holds control character 0x\(String(control, radix: 16))")
        }
        if contains(text, forgedLine) {
            problems.append("text report holds a forged `analyze-dump: error:` line")
        }
        let json = FileBytes.read(reports.json, limit: 256 << 20)
        if !json.isEmpty && json.count < 64 << 20 && (try? JSONSerialization.jsonObject(with: Data(json))) == nil {
            problems.append("JSON report does not parse")
        }
        if contains(FileBytes.read(reports.html, limit: 256 << 20), injectedScript) {
            problems.append("HTML report holds a <script> from the core")
        }
        return problems
    }

    /// The first byte that is a C0 control character other than newline and tab, or DEL.
    static func firstControlCharacter(_ bytes: [UInt8]) -> UInt8? {
        // A plain loop over the buffer: reports run to megabytes, and the test is a debug build.
        bytes.withUnsafeBufferPointer { buffer in
            for byte in buffer where (byte < 0x20 && byte != 0x0a && byte != 0x09) || byte == 0x7f {
                return byte
            }
            return nil
        }
    }

    /// Whether `needle` occurs in `bytes` (memchr for its first byte, then memcmp: glibc's
    /// memmem is not in the Glibc module).
    static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBytes { (haystack: UnsafeRawBufferPointer) -> Bool in
            needle.withUnsafeBytes { (pattern: UnsafeRawBufferPointer) -> Bool in
                let base = haystack.baseAddress!
                let last = haystack.count - pattern.count
                var offset = 0
                while offset <= last {
                    guard let found = memchr(base + offset, Int32(pattern[0]), last - offset + 1) else { return false }
                    if memcmp(found, pattern.baseAddress!, pattern.count) == 0 { return true }
                    offset = base.distance(to: UnsafeRawPointer(found)) + 1
                }
                return false
            }
        }
    }

    /// The first 300 bytes of stderr, for a failure message.
    private static func excerpt(_ bytes: [UInt8]) -> String {
        bytes.isEmpty ? "" : ": " + String(decoding: bytes.prefix(300), as: UTF8.self).debugDescription
    }
}

/// Where one run writes its three reports.
public struct ReportPaths: Sendable {
    public var text: String
    public var json: String
    public var html: String
}
