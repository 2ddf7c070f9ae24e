import Foundation

/// A committed fixture: a scenario's compressed core and binary under `Fixtures/cores/<name>/`,
/// the facts `Fixtures/regenerate` derived from the core with eu-readelf, eu-stack and nm, and
/// eu-stack's output as an oracle.
public struct Fixture: Sendable {
    /// The fixture directory's name (`warmup-lock`).
    public let name: String
    /// `Fixtures/cores/<name>`.
    public let directory: URL

    public init(_ name: String) {
        self.name = name
        directory = Self.fixturesRoot.appendingPathComponent("cores").appendingPathComponent(name)
    }

    /// The repository's `Fixtures` directory.
    public static let fixturesRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Every fixture that has a core.
    public static var all: [Fixture] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: fixturesRoot.appendingPathComponent("cores").path)) ?? []
        return names.sorted().map(Fixture.init).filter { FileManager.default.fileExists(atPath: $0.compressedCorePath) }
    }

    /// The zstd-compressed core, as committed.
    public var compressedCorePath: String { directory.appendingPathComponent("core.zst").path }

    /// The program's name, from `facts.txt`.
    public var programName: String { facts["program"] ?? name }

    /// The scenario's binary, decompressed once per test run into a private directory.
    public var executablePath: String {
        get throws { try FixtureFiles.shared.decompressed(directory.appendingPathComponent("\(programName).zst"), as: "\(name)/\(programName)") }
    }

    /// The core, decompressed once per test run (for tests of plain cores and corrupted copies).
    public var plainCorePath: String {
        get throws { try FixtureFiles.shared.decompressed(URL(fileURLWithPath: compressedCorePath), as: "\(name)/core") }
    }

    /// `facts.txt` as key-value pairs.
    public var facts: [String: String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("facts.txt"), encoding: .utf8)) ?? ""
        var facts: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            facts[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        return facts
    }

    /// An integer fact, or nil.
    public func intFact(_ key: String) -> Int? { facts[key].flatMap { Int($0) } }

    /// A TID fact (or the first of a list), failing the test when it is absent.
    public func tid(_ key: String) throws -> Int32 {
        guard let value = intListFact(key).first else { throw MissingFact(fixture: name, key: key) }
        return Int32(value)
    }

    /// A `0x`-prefixed address fact, failing the test when it is absent.
    public func address(_ key: String) throws -> UInt64 {
        guard let text = facts[key], text.hasPrefix("0x"), let value = UInt64(text.dropFirst(2), radix: 16) else {
            throw MissingFact(fixture: name, key: key)
        }
        return value
    }

    /// A comma-separated list of integers.
    public func intListFact(_ key: String) -> [Int] {
        (facts[key] ?? "").split(separator: ",").compactMap { Int($0) }
    }

    /// eu-stack's frames per TID, when the fixture has an oracle.
    public var euStack: EuStackOutput? {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("eu-stack.txt"), encoding: .utf8) else { return nil }
        return EuStackOutput(parsing: text)
    }
}

/// A fact a test needs is not in the fixture's `facts.txt`.
public struct MissingFact: Error, CustomStringConvertible {
    public var fixture: String
    public var key: String
    public var description: String { "\(fixture)/facts.txt has no usable \(key)" }
}

/// Decompressed copies of fixture files, made once per test process.
final class FixtureFiles: @unchecked Sendable {
    static let shared = FixtureFiles()
    private let lock = NSLock()
    private var done: [String: String] = [:]
    private let root: URL = ProcessTemporaryDirectory.make(prefix: "analyze-dump-tests")

    func decompressed(_ source: URL, as relativePath: String) throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let path = done[relativePath] { return path }
        let destination = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Command.run("/usr/bin/env", ["zstd", "-q", "-d", "-f", source.path, "-o", destination.path])
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: destination.path)
        done[relativePath] = destination.path
        return destination.path
    }
}
