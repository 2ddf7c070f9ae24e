import Testing
import CoreDump
import DumpModel
import FixtureSupport

/// The reader's stacks must be eu-stack's stacks: for every fixture that eu-stack could read,
/// every thread's frames, inlined ones included, have the same addresses, function names and
/// source positions (up to eu-stack's frame limit where it cut a stack).
@Suite struct EuStackOracleTests {
    static let fixtures = Fixture.all.filter { $0.euStack?.errors.isEmpty == true }

    @Test(arguments: fixtures.map(\.name))
    func framesMatchEuStack(_ name: String) throws {
        let fixture = Fixture(name)
        let oracle = try #require(fixture.euStack)
        let process = try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: fixture.executablePath, maxFramesPerThread: 2048)).process
        #expect(Set(process.threads.map(\.tid)) == Set(oracle.threads.keys))
        for thread in process.threads {
            let expected = try #require(oracle.threads[thread.tid])
            var ours = thread.frames.map(EuStackOutput.Frame.init)
            if oracle.cutTIDs.contains(thread.tid) { ours = Array(ours.prefix(expected.count)) }
            #expect(ours == expected, "thread \(thread.tid) of \(name)")
        }
    }
}

extension EuStackOutput.Frame {
    /// A frame of ours as eu-stack would print it.
    init(_ frame: DumpModel.Frame) {
        self.init(
            address: frame.pc, function: frame.function,
            source: frame.source.map { EuStackOutput.sourceText(file: $0.file, line: $0.line, column: $0.column) })
    }
}
