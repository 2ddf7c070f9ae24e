/// What one capture wrote and what it cost the process.
public struct CaptureResult: Equatable, Hashable, Sendable {
    /// The core file, complete: it was written under a temporary name and renamed.
    public var path: String
    /// How many threads the core holds (every thread of the process once it was stopped).
    public var threadCount: Int
    /// How long the process was frozen: from the first thread's interrupt to the last
    /// thread's detach. Registers and memory are read, and memory written, in that time.
    public var stoppedDuration: Duration
    /// The bytes of data written to the file; the file can be sparse, so its apparent size
    /// (`st_size`) can be larger.
    public var bytesWritten: UInt64

    public init(path: String, threadCount: Int, stoppedDuration: Duration, bytesWritten: UInt64) {
        self.path = path
        self.threadCount = threadCount
        self.stoppedDuration = stoppedDuration
        self.bytesWritten = bytesWritten
    }
}
