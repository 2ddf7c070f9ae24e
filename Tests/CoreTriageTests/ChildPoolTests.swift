import CoreTriage
import Foundation
import Testing

@Suite struct ChildPoolTests {
    static let limits = ChildLimits(timeoutMilliseconds: 5_000, addressSpaceBytes: 0, maximumOutputBytes: 1_000, maximumErrorBytes: 10)

    static func shell(_ script: String) -> ChildCommand {
        ChildCommand(executable: "/bin/sh", arguments: ["sh", "-c", script])
    }

    static func run(_ commands: [ChildCommand], jobs: Int = 2, limits: ChildLimits = limits) -> [ChildResult] {
        var results = [ChildResult?](repeating: nil, count: commands.count)
        ChildPool(jobs: jobs, limits: limits).run(commands) { results[$0] = $1 }
        return results.map { $0! }
    }

    @Test func collectsOutputStatusAndSignals() {
        let results = Self.run([
            Self.shell("printf hello; printf 'a long complaint' >&2; exit 3"),
            Self.shell("kill -SEGV $$"),
            ChildCommand(executable: "/nonexistent/analyze-dump", arguments: ["analyze-dump"]),
        ])
        #expect(results[0].ending == .exited(3))
        #expect(results[0].output == Array("hello".utf8))
        #expect(results[0].errorOutput == Array("a long com".utf8), "standard error cut to its limit")
        #expect(results[1].ending == .signalled(SIGSEGV))
        #expect(results[2].ending == .couldNotStart(errno: ENOENT))
    }

    @Test func killsTheWholeProcessGroupAtTheDeadline() throws {
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("child-pool-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: marker) }
        let limits = ChildLimits(timeoutMilliseconds: 300, addressSpaceBytes: 0, maximumOutputBytes: 1_000)
        let started = Date()
        // The grandchild would write the marker after 2 s if the group were not killed.
        let results = Self.run([Self.shell("(sleep 2; touch \(marker)) & sleep 30")], limits: limits)
        #expect(results[0].ending == .timedOut)
        #expect(Date().timeIntervalSince(started) < 2)
        usleep(2_500_000)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func killsAChildThatWritesTooMuch() {
        let results = Self.run([Self.shell("yes")])
        #expect(results[0].ending == .outputTooLarge)
        #expect(results[0].output.isEmpty)
    }

    @Test func runsAtMostJobsChildrenAtOnce() {
        let limits = ChildLimits(timeoutMilliseconds: 10_000, addressSpaceBytes: 0, maximumOutputBytes: 1_000)
        let started = Date()
        _ = Self.run((0..<4).map { _ in Self.shell("sleep 0.4") }, jobs: 2, limits: limits)
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed >= 0.8, "two rounds of two, not four at once: \(elapsed) s")
    }

    @Test func appliesTheAddressSpaceLimit() {
        let limits = ChildLimits(timeoutMilliseconds: 10_000, addressSpaceBytes: 123 << 20, maximumOutputBytes: 1_000)
        let results = Self.run([Self.shell("ulimit -v")], limits: limits)
        #expect(String(decoding: results[0].output, as: UTF8.self) == "\(123 << 10)\n")
    }
}
