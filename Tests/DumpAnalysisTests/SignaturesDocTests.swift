import Foundation
import Testing
@testable import DumpAnalysis
import FixtureSupport

/// docs/signatures.md lists the rows of ``HangSignatureRules/table``, no more and no fewer.
@Suite struct SignaturesDocTests {
    @Test func theDocumentedTableHasARowForEachKindInTheCode() throws {
        let path = Fixture.fixturesRoot.deletingLastPathComponent().appendingPathComponent("docs/signatures.md").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### Which frames define each kind").last?
            .components(separatedBy: "### What is kept out").first)
        let documented = section.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("| `") else { return nil }
            return line.dropFirst(3).prefix { $0 != "`" }.description
        }
        #expect(documented.count == HangSignatureRules.table.count)
        #expect(Set(documented) == Set(HangSignatureRules.table.keys.map(\.rawValue)))
    }
}
