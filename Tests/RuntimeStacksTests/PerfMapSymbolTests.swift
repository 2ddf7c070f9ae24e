import DumpModel
import Testing
@testable import RuntimeStacks

struct PerfMapSymbolTests {
    @Test func splitsV8NamesIntoFunctionAndSource() {
        let current = PerfMapSymbol.symbol(name: "JS:*warmUpCache /app/server.js:12:3", offset: 0xB4)
        #expect(current.function == "warmUpCache")
        #expect(current.source == SourceLocation(file: "/app/server.js", line: 12, column: 3))
        #expect(current.functionOffset == 0xB4)
        let older = PerfMapSymbol.symbol(name: "LazyCompile:~warmUp /app/server.js:12", offset: 0)
        #expect(older.function == "warmUp")
        #expect(older.source == SourceLocation(file: "/app/server.js", line: 12))
        let script = PerfMapSymbol.symbol(name: "JS:~ C:/odd:name/x.js:1:1", offset: 0)
        #expect(script.function == "(anonymous)")
        #expect(script.source == SourceLocation(file: "C:/odd:name/x.js", line: 1, column: 1))
        let builtin = PerfMapSymbol.symbol(name: "Builtin:ArrayPrototypeMap", offset: 4)
        #expect(builtin.function == "Builtin:ArrayPrototypeMap" && builtin.source == nil)
    }

    @Test func dropsHotSpotReturnTypes() {
        #expect(PerfMapSymbol.symbol(name: "long Hot.warmUpCache(long)", offset: 0).function == "Hot.warmUpCache(long)")
        #expect(PerfMapSymbol.symbol(name: "void a.B.c(java.lang.String, int)", offset: 0).function == "a.B.c(java.lang.String, int)")
        #expect(PerfMapSymbol.symbol(name: "StubRoutines (1)", offset: 0).function == "StubRoutines (1)")
        #expect(PerfMapSymbol.symbol(name: "Interpreter", offset: 0).function == "Interpreter")
    }

    @Test func splitsPythonPerfTrampolineNames() {
        let python = PerfMapSymbol.symbol(name: "py::Cache.warm:/app/cache.py", offset: 0)
        #expect(python.function == "Cache.warm")
        #expect(python.source == SourceLocation(file: "/app/cache.py", line: 0))
    }

    @Test func keepsDotNetNamesWhole() {
        let name = "void [System.Private.CoreLib] System.Threading.Thread::StartCallback()[Optimized]"
        #expect(PerfMapSymbol.symbol(name: name, offset: 0).function == name)
    }
}
