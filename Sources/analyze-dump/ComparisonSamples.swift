import CoreDump
import DumpAnalysis
import DumpModel
import Glibc

/// Reads and analyses the cores of a comparison.
enum ComparisonSamples {
    /// Each core read and analysed.
    /// - Throws: ``ExitStatus/fatal`` after one line on stderr when a core cannot be read.
    static func load(_ paths: [String], options: CoreReadOptions) throws -> [CoreComparison.Sample] {
        try paths.map { path in
            let core = try CoreLoading.load(path: path, options: options)
            return CoreComparison.Sample(
                label: path, captureTime: captureTime(of: core.process, at: path), process: core.process,
                analysis: ProcessAnalysis.analyze(core.image))
        }
    }

    /// When the core was taken, in seconds since the epoch: the time `analyze-dump capture`
    /// recorded when it stopped the process, else the file's modification time (when the
    /// kernel, gcore or systemd-coredump finished writing it).
    private static func captureTime(of process: Process, at path: String) -> Double? {
        if let capture = process.capture { return Double(capture.captureTimeNanoseconds) / 1e9 }
        return modificationTime(of: path)
    }

    private static func modificationTime(of path: String) -> Double? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9
    }
}
