import CoreDump
import DumpAnalysis
import DumpModel
import DumpReport
import Glibc

// libFuzzer entry point: one core file through the whole pipeline, as `analyze-dump CORE -o
// TEXT --json JSON --html HTML` runs it: the bytes are written to a file in /dev/shm (a path
// of its own: the reader refuses a core under /proc, so not an unlinked file's
// /proc/self/fd path), the reader reads it (decompressing zstd), every analysis runs and the
// three reports are rendered. A reader error (a `CoreDumpError`) is a clean outcome; a
// trap, a hang or a blow-up is a finding.
//
// ANALYZE_DUMP_FUZZ_SYSROOT, when set, is passed as `--sysroot`: scripts/fuzz points it at a
// tree holding each fixture's executable at the path its core records, so that seeds derived
// from fixtures are symbolized.

private let options = CoreReadOptions(sysroot: getenv("ANALYZE_DUMP_FUZZ_SYSROOT").map { String(cString: $0) })
private let corePath = "/dev/shm/analyze-dump-fuzz-\(getpid()).core"
private let removeCoreAtExit: Void = { atexit { unlink("/dev/shm/analyze-dump-fuzz-\(getpid()).core") } }()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPipeline(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    _ = removeCoreAtExit
    let descriptor = open(corePath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { fatalError("cannot create \(corePath): errno \(errno)") }
    var written = 0
    while let start, written < count {
        let result = write(descriptor, start + written, count - written)
        guard result > 0 else { fatalError("writing \(corePath) failed: errno \(errno)") }
        written += result
    }
    close(descriptor)
    guard let core = try? CoreReader.read(path: corePath, options: options) else { return 0 }
    let analysis = ProcessAnalysis.analyze(core.image, counters: [])
    _ = AnalysisTextReport.render(core.process, analysis: analysis, options: TextReportOptions())
    _ = JSONReport.render(core.process, analysis: analysis, toolVersion: "fuzz")
    _ = HTMLReport.render(core.process, analysis: analysis, toolVersion: "fuzz")
    return 0
}
