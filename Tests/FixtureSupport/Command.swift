import Foundation

/// Runs external programs for tests and captures what they print.
public enum Command {
    /// What a finished program printed and its exit status.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// An error for a program that could not start or failed.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    /// Runs `executable` with `arguments` and waits, failing when it exits non-zero.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> Result {
        let result = try capture(executable, arguments, directory: directory)
        guard result.status == 0 else {
            throw Failure(description: "\(executable) \(arguments.joined(separator: " ")) exited \(result.status): \(result.standardError)")
        }
        return result
    }

    /// Runs `executable` with `arguments`, waits, and returns what it printed, whatever its status.
    /// - Parameter environment: the program's whole environment; nil for the tests' own.
    public static func capture(_ executable: String, _ arguments: [String], directory: String? = nil, environment: [String: String]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outputData = ReadAll(output.fileHandleForReading)
        let errorData = ReadAll(error.fileHandleForReading)
        outputData.start()
        errorData.start()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData.finish(), as: UTF8.self),
            standardError: String(decoding: errorData.finish(), as: UTF8.self))
    }
}

/// Drains a pipe on its own thread so that a program printing a lot never blocks on a full pipe.
private final class ReadAll: @unchecked Sendable {
    private let handle: FileHandle
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) { self.handle = handle }

    func start() {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
