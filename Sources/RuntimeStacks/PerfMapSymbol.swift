import DumpModel

/// The function and source position a perf map's name gives, per runtime:
///
/// | runtime | name in the map | function | source |
/// |---|---|---|---|
/// | V8 (Node), new | `JS:*warmUp /app/server.js:12:3` | `warmUp` | `/app/server.js:12`, column 3 |
/// | V8, before 11.x | `LazyCompile:*warmUp /app/server.js:12` (also `Function:`, `Script:`, `Eval:`, `InterpretedFunction:`) | `warmUp` | `/app/server.js:12` |
/// | HotSpot (`Compiler.perfmap`) | `long Hot.warmUp(long)` | `Hot.warmUp(long)` (the return type dropped) | none |
/// | CPython 3.12 `-X perf` | `py::Cache.warm:/app/cache.py` | `Cache.warm` | `/app/cache.py`, line 0 (unknown) |
/// | anything else (.NET, V8 builtins and stubs, HotSpot stubs) | as written | the whole name | none |
///
/// V8's tier marker after the colon (`*` optimized, `~` interpreted, `^` baseline, `+` Maglev)
/// is dropped; a V8 function without a name (a top-level script, an anonymous function) is
/// `(anonymous)`, as in V8's own stack traces.
public enum PerfMapSymbol {
    /// The kinds of V8 name that are JavaScript functions with a source position.
    static let v8FunctionKinds = ["JS:", "LazyCompile:", "Function:", "Script:", "Eval:", "InterpretedFunction:"]

    /// The symbol of a frame whose address lies `offset` bytes into the code named `name`.
    public static func symbol(name: String, offset: UInt64) -> FrameSymbol {
        if let kind = v8FunctionKinds.first(where: name.hasPrefix) {
            return v8Symbol(name.dropFirst(kind.count), offset: offset)
        }
        if name.hasPrefix("py::") {
            let rest = name.dropFirst(4)
            guard let colon = rest.firstIndex(of: ":") else { return FrameSymbol(function: String(rest), functionOffset: offset) }
            return FrameSymbol(
                function: String(rest[..<colon]), functionOffset: offset,
                source: SourceLocation(file: String(rest[rest.index(after: colon)...]), line: 0))
        }
        return FrameSymbol(function: javaMethod(name) ?? name, functionOffset: offset)
    }

    /// `*warmUp /app/server.js:12:3` after the kind.
    private static func v8Symbol(_ text: Substring, offset: UInt64) -> FrameSymbol {
        var rest = text
        if let marker = rest.first, "*~^+".contains(marker) { rest = rest.dropFirst() }
        guard let space = rest.firstIndex(of: " ") else {
            return FrameSymbol(function: rest.isEmpty ? "(anonymous)" : String(rest), functionOffset: offset)
        }
        let function = rest[..<space].isEmpty ? "(anonymous)" : String(rest[..<space])
        return FrameSymbol(function: function, functionOffset: offset, source: sourceLocation(rest[rest.index(after: space)...]))
    }

    /// `file:line:column`, `file:line` or `file`: the numbers are taken from the end, since a
    /// file name may hold colons.
    static func sourceLocation(_ text: Substring) -> SourceLocation {
        var file = text
        var numbers: [Int] = []
        while numbers.count < 2, let colon = file.lastIndex(of: ":"),
              let number = Int(file[file.index(after: colon)...]), number >= 0 {
            numbers.insert(number, at: 0)
            file = file[..<colon]
        }
        return SourceLocation(file: String(file), line: numbers.first ?? 0, column: numbers.count > 1 ? numbers[1] : 0)
    }

    /// `Hot.warmUp(long)` for HotSpot's `long Hot.warmUp(long)`, or nil when the name is not
    /// a return type, one space and a method with its parameters.
    private static func javaMethod(_ name: String) -> String? {
        guard name.hasSuffix(")"), let parenthesis = name.firstIndex(of: "(") else { return nil }
        let head = name[..<parenthesis]
        guard let space = head.firstIndex(of: " "), head.lastIndex(of: " ") == space,
              space != head.startIndex, head.index(after: space) != head.endIndex
        else { return nil }
        return String(name[name.index(after: space)...])
    }
}
