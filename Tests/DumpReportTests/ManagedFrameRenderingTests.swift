import Foundation
import Testing
import DumpModel
import DumpAnalysis
import DumpReport

/// Frames of managed runtimes say whose they are: `[python]`, `[jit]` in text, `runtime` in
/// JSON, a colour per runtime in the flame graph's data.
@Suite struct ManagedFrameRenderingTests {
    static let frames = [
        Frame(pc: 0x7F00_0000_5000, kind: .interrupted, trust: .framePointer,
              symbol: FrameSymbol(function: "LazyCompile:*warmUpCache", source: SourceLocation(file: "/app/server.js", line: 12)), runtime: .jit),
        Frame(pc: 0x7E00_0000_1234, kind: .call, trust: .runtime,
              symbol: FrameSymbol(function: "Cache.warm_up", source: SourceLocation(file: "/app/cache.py", line: 40)), runtime: .python),
        Frame(pc: 0x401234, kind: .call, trust: .cfi, moduleIndex: 0, moduleOffset: 0x1234, function: "main",
              source: SourceLocation(file: "/src/main.c", line: 5)),
    ]

    static var process: DumpModel.Process {
        TextReportTests.process(threads: [TextReportTests.thread(100, main: true, frames: frames, user: 2_000_000)])
    }

    @Test func textTagsEveryFrameThatIsNotNative() {
        let text = StacksTextReport.render(Self.process)
        #expect(text.contains("  #0  0x00007f0000005000 LazyCompile:*warmUpCache at /app/server.js:12 [jit] [frame pointer]\n"), "\(text)")
        #expect(text.contains("  #1  0x00007e0000001234 Cache.warm_up at /app/cache.py:40 [python]\n"), "\(text)")
        #expect(text.contains("  #2  0x0000000000401234 main at /src/main.c:5 (server) [cfi]\n"), "\(text)")
    }

    @Test func jsonFramesCarryTheirRuntime() throws {
        let process = Self.process
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: NoMemory(), symbols: NoSymbols()))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(JSONReport.render(process, analysis: analysis, toolVersion: "test").utf8)) as? [String: Any])
        #expect(document["schema_version"] as? Int == 2)
        let threads = try #require(document["threads"] as? [[String: Any]])
        let frames = try #require(threads.first?["frames"] as? [[String: Any]])
        #expect(frames.map { $0["runtime"] as? String } == ["jit", "python", "native"])
        #expect(frames.map { $0["trust"] as? String } == ["frame-pointer", "runtime", "cfi"])
    }

    @Test func flameGraphDataNamesEachManagedFunctionsRuntime() throws {
        let process = Self.process
        let analysis = ProcessAnalysis.analyze(ProcessImage(process: process, memory: NoMemory(), symbols: NoSymbols()))
        let page = HTMLReport.render(process, analysis: analysis, toolVersion: "test")
        let start = try #require(page.range(of: "<script type=\"application/json\" id=\"flame-data\">"))
        let end = try #require(page.range(of: "</script>", range: start.upperBound..<page.endIndex))
        let island = try #require(try JSONSerialization.jsonObject(with: Data(page[start.upperBound..<end.lowerBound].utf8)) as? [String: Any])
        let names = try #require(island["names"] as? [String])
        let managed = try #require(island["managed"] as? [[Any]])
        var byName: [String: String] = [:]
        for entry in managed {
            guard let index = entry.first as? Int, names.indices.contains(index), let runtime = entry.last as? String else { continue }
            byName[names[index]] = runtime
        }
        #expect(byName == ["LazyCompile:*warmUpCache": "jit", "Cache.warm_up": "python"])
    }

    final class NoMemory: ProcessMemory {
        func readWord(at address: UInt64, size: Int) -> UInt64? { nil }
        func read(at address: UInt64, count: Int) -> [UInt8]? { nil }
    }

    final class NoSymbols: SymbolLookup {
        func symbol(containing address: UInt64) -> SymbolReference? { nil }
        func address(ofSymbol name: String) -> UInt64? { nil }
    }
}
