import CoreDump
import DumpAnalysis
import DumpModel
import DumpReport
import Glibc

// libFuzzer entry point: one core file through the whole pipeline, as `analyze-dump CORE -o
// TEXT --json JSON --html HTML` runs it: the bytes go into an unlinked file in /dev/shm, the
// reader reads it by its /proc/self/fd path (decompressing zstd), every analysis runs and the
// three reports are rendered. A reader
// error (a `CoreDumpError`) is a clean outcome; a trap, a hang or a blow-up is a finding.
//
// ANALYZE_DUMP_FUZZ_SYSROOT, when set, is passed as `--sysroot`: scripts/fuzz points it at a
// tree holding each fixture's executable at the path its core records, so that seeds derived
// from fixtures are symbolized.

private let options = CoreReadOptions(sysroot: getenv("ANALYZE_DUMP_FUZZ_SYSROOT").map { String(cString: $0) })

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    var template = Array("/dev/shm/analyze-dump-fuzz-XXXXXX".utf8CString)
    let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else { fatalError("mkstemp in /dev/shm failed: errno \(errno)") }
    template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
    defer { close(descriptor) }
    var written = 0
    while let start, written < count {
        let result = write(descriptor, start + written, count - written)
        guard result > 0 else { fatalError("writing the memory file failed: errno \(errno)") }
        written += result
    }
    guard let core = try? CoreReader.read(path: "/proc/self/fd/\(descriptor)", options: options) else { return 0 }
    let analysis = ProcessAnalysis.analyze(core.image, counters: [])
    _ = AnalysisTextReport.render(core.process, analysis: analysis, options: TextReportOptions())
    _ = JSONReport.render(core.process, analysis: analysis, toolVersion: "fuzz")
    _ = HTMLReport.render(core.process, analysis: analysis, toolVersion: "fuzz")
    return 0
}
