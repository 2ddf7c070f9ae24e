import Foundation

/// Files that tests write, in a directory private to the test process.
public enum Scratch {
    /// The directory, created on first use (``ProcessTemporaryDirectory``).
    public static let directory: URL = ProcessTemporaryDirectory.make(prefix: "analyze-dump-scratch")

    /// Writes `bytes` to a file called `name` in the scratch directory and returns its path.
    public static func file(named name: String, bytes: [UInt8]) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Copies the program at `source` to `destination` with `cp`, so that no descriptor of the
    /// copy is ever open for writing in the test process: a child another test forks meanwhile
    /// would inherit it and make every `execve` of the copy fail with ETXTBSY while it lives.
    public static func copyExecutable(_ source: String, to destination: String) throws {
        try? FileManager.default.removeItem(atPath: destination)
        try Command.run("/bin/cp", [source, destination])
    }

    /// A new empty directory in the scratch directory.
    public static func makeDirectory(named name: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }
}
