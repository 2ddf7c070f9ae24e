import Foundation
import Glibc

/// A scenario program started by a test that runs until the test kills it: started, then
/// waited on until it prints `ready`.
///
/// It is killed with SIGKILL, because it inherits the test runner's signal mask, in which
/// SIGTERM (`Process.terminate()`) is blocked; and its standard error and input are not the
/// runner's, since a child left behind would keep the runner waiting for those pipes.
public final class ReadyProgram {
    private let process: Foundation.Process

    /// The program's process id.
    public var processIdentifier: Int32 { process.processIdentifier }
    /// What the program wrote to its standard output up to its `ready`.
    public let readyOutput: String

    /// Starts `executable` with `arguments` and returns once it printed `ready` (within 20 s).
    ///
    /// A script the test wrote is run through its interpreter (`/bin/sh`, `python3`), never
    /// executed itself: a child another test forks while this process holds the script open
    /// for writing keeps a writable descriptor of it, and `execve` of the script then fails
    /// with ETXTBSY for as long as that child lives. A program a test copies is copied by
    /// ``Scratch/copyExecutable(_:to:)`` for the same reason.
    public init(_ executable: String, arguments: [String] = []) throws {
        process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(20)
        while !text.contains("ready"), Date() < deadline {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty { break }
            text += String(decoding: data, as: UTF8.self)
        }
        readyOutput = text
        guard text.contains("ready") else {
            kill()
            throw Command.Failure(description: "\(executable) did not get ready: \(text)")
        }
    }

    /// Waits up to `seconds` for the program to end by itself and returns the signal that
    /// ended it; nil when it exited or is still running (then it is left running).
    public func waitForTerminationSignal(seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(10_000) }
        guard !process.isRunning else { return nil }
        return process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
    }

    /// Ends the program with SIGKILL and waits for it.
    public func kill() {
        guard process.isRunning else { return }
        _ = Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
