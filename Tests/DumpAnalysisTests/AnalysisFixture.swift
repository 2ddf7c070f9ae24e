import CoreDump
import DumpAnalysis
import DumpModel
import FixtureSupport

/// A fixture read and analysed, for the scenario tests.
struct AnalysedFixture {
    let fixture: Fixture
    let core: LoadedCore
    let analysis: ProcessAnalysis

    init(_ name: String, executablePath: String? = nil) throws {
        fixture = Fixture(name)
        core = try CoreReader.read(
            path: fixture.compressedCorePath,
            options: CoreReadOptions(executablePath: try executablePath ?? fixture.executablePath))
        analysis = ProcessAnalysis.analyze(core.image)
    }

    var process: Process { core.process }

    func tid(_ key: String) throws -> Int32 { try fixture.tid(key) }
    func tids(_ key: String) -> [Int32] { fixture.intListFact(key).map(Int32.init) }
    func address(_ key: String) throws -> UInt64 { try fixture.address(key) }

    /// The lock at a fact's address.
    func lock(at key: String) throws -> Lock? {
        let address = try address(key)
        return analysis.locks.locks.first { $0.address == address }
    }

    /// The findings of a kind.
    func findings(_ kind: Finding.Kind) -> [Finding] { analysis.findings.filter { $0.kind == kind } }
}
