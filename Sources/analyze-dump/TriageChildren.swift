import CoreTriage
import Glibc

/// The children triage runs: this binary (`/proc/self/exe`, resolved once) analysing one core,
/// with the binary options triage was given.
struct TriageChildren {
    /// This binary's path.
    let executable: String
    private let binaryArguments: [String]

    init(binaries: BinaryOptions) {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        executable = length > 0 ? String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "/proc/self/exe"
        // Triage often runs as root over every user's cores: a program's DWARF must not make
        // it quote a file only root may read into a shared report.
        var arguments = ["--no-sources", "--max-frames", String(binaries.maxFrames)]
        if let path = binaries.executable { arguments += ["--exe", path] }
        if let path = binaries.sysroot { arguments += ["--sysroot", path] }
        if let path = binaries.debugDirectory { arguments += ["--debug-dir", path] }
        if let path = binaries.perfMap { arguments += ["--perf-map", path] }
        binaryArguments = arguments
    }

    /// `analyze-dump summary --format json … -- CORE`: the JSON report on standard output.
    func analysis(of core: String) -> ChildCommand {
        ChildCommand(executable: executable, arguments: [executable, "summary", "--format", "json"] + binaryArguments + ["--", core])
    }

    /// `analyze-dump summary --format html -o OUTPUT … -- CORE`.
    func htmlReport(of core: String, to output: String) -> ChildCommand {
        ChildCommand(executable: executable, arguments: [executable, "summary", "--format", "html", "-o", output] + binaryArguments + ["--", core])
    }
}
