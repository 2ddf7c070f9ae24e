/// Rust symbol names, printed as binutils' `c++filt` (libiberty's rust-demangle.c) prints
/// them, crate and function hashes included (`WaitSignatures.normalise` drops them):
///
/// - v0 names (`_R...`, RFC 2603; rustc 1.95's standard library is built with them while a
///   program's own code keeps legacy names, so one binary has both) are parsed here:
///   `_RNvMNtNtNtNtCsjrHSEGnQ3l9_3std3sys4sync5mutex5futexNtB2_5Mutex14lock_contended` is
///   `<std[e28293b1aa0f68bd]::sys::sync::mutex::futex::Mutex>::lock_contended`.
/// - Legacy names (`_ZN...17h<16 hex digits>E`) demangle as C++ names; ``legacy(_:)`` then
///   decodes their escapes (`$LT$` `<`, `$u7b$` `{`, `..` `::`).
///
/// Names come from the core's binaries, so they are hostile: recursion is bounded, back
/// references may only point backwards, the output has a budget, and anything this parser does
/// not know (punycode identifiers, struct constants, an encoding version) leaves the name
/// mangled.
enum RustDemangler {
    /// The demangled v0 name, or nil when `name` is not one this parser reads.
    static func demangleV0(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "_"), bytes[1] == UInt8(ascii: "R") else { return nil }
        var parser = V0Parser(symbol: Array(bytes[2...]))
        return parser.demangled()
    }

    /// A legacy Rust name as `__cxa_demangle` printed it (`std::sync::mpmc::list::Channel$LT$T$GT$::recv::h0f59a84a394c04af`),
    /// decoded (`std::sync::mpmc::list::Channel<T>::recv::h0f59a84a394c04af`); nil when it is
    /// not one: legacy names end with a `h` and 16 hexadecimal digits.
    static func legacy(_ demangled: String) -> String? {
        let components = demangled.split(separator: "::", omittingEmptySubsequences: false)
        guard components.count > 1, let hash = components.last, hash.utf8.count == 17, hash.hasPrefix("h"),
              hash.utf8.dropFirst().allSatisfy(isHexDigit) else { return nil }
        var decoded: [String] = []
        for component in components {
            guard let text = decodeLegacyComponent(component) else { return nil }
            decoded.append(text)
        }
        return decoded.joined(separator: "::")
    }

    private static let legacyEscapes: [String: String] = [
        "SP": "@", "BP": "*", "RF": "&", "LT": "<", "GT": ">", "LP": "(", "RP": ")", "C": ",",
    ]

    /// One `::`-separated part of a legacy name: `$LT$`-style and `$u7b$` escapes, `..` for `::`.
    private static func decodeLegacyComponent(_ component: Substring) -> String? {
        var rest = component
        if rest.hasPrefix("_$") { rest = rest.dropFirst() }
        var text = ""
        while let first = rest.first {
            if rest.hasPrefix("..") {
                text += "::"
                rest = rest.dropFirst(2)
            } else if first == "$" {
                guard let close = rest.dropFirst().firstIndex(of: "$") else { return nil }
                let escape = String(rest[rest.index(after: rest.startIndex)..<close])
                if let replacement = legacyEscapes[escape] {
                    text += replacement
                } else if escape.hasPrefix("u"), let value = UInt32(escape.dropFirst(), radix: 16),
                          let scalar = Unicode.Scalar(value) {
                    text.unicodeScalars.append(scalar)
                } else {
                    return nil
                }
                rest = rest[rest.index(after: close)...]
            } else {
                text.append(first)
                rest = rest.dropFirst()
            }
        }
        return text
    }

    fileprivate static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}

/// A v0 symbol (after `_R`), read by recursive descent as RFC 2603's grammar gives it.
private struct V0Parser {
    let symbol: [UInt8]
    var position = 0
    var output = ""
    /// While false, paths are parsed but not printed (an impl's own path, the instantiating crate).
    var printing = true
    var depth = 0

    static let maximumDepth = 200
    static let maximumOutput = 2048

    init(symbol: [UInt8]) { self.symbol = symbol }

    struct Invalid: Error {}

    mutating func demangled() -> String? {
        do {
            // An encoding version (digits) other than the implicit 0 is not known here.
            if let first = peek(), isDigit(first) { return nil }
            try path(inValue: true)
            // The instantiating crate, then a vendor suffix (`.llvm.123`).
            if let next = peek(), isUpper(next) {
                printing = false
                try path(inValue: false)
                printing = true
            }
            if let next = peek(), next != UInt8(ascii: "."), next != UInt8(ascii: "$") { return nil }
            return output
        } catch {
            return nil
        }
    }

    // MARK: - Paths

    mutating func path(inValue: Bool) throws {
        try descend()
        defer { depth -= 1 }
        let tag = try next()
        switch tag {
        case UInt8(ascii: "C"):
            let hash = try disambiguator()
            try print(identifier() + "[" + String(hash, radix: 16) + "]")
        case UInt8(ascii: "N"):
            let namespace = try next()
            try path(inValue: inValue)
            let index = try disambiguator()
            let name = try identifier()
            if isUpper(namespace) {
                let kind = switch namespace {
                case UInt8(ascii: "C"): "closure"
                case UInt8(ascii: "S"): "shim"
                default: String(UnicodeScalar(namespace))
                }
                try print("::{\(kind)\(name.isEmpty ? "" : ":" + name)#\(index)}")
            } else if !name.isEmpty {
                try print("::" + name)
            }
        case UInt8(ascii: "M"), UInt8(ascii: "X"), UInt8(ascii: "Y"):
            if tag != UInt8(ascii: "Y") {
                _ = try disambiguator()
                let wasPrinting = printing
                printing = false
                try path(inValue: false)
                printing = wasPrinting
            }
            try print("<")
            try type()
            if tag != UInt8(ascii: "M") {
                try print(" as ")
                try path(inValue: false)
            }
            try print(">")
        case UInt8(ascii: "I"):
            try path(inValue: inValue)
            try print(inValue ? "::<" : "<")
            try list(separator: ", ") { try $0.genericArgument() }
            try print(">")
        case UInt8(ascii: "B"):
            try backReference { try $0.path(inValue: inValue) }
        default:
            throw Invalid()
        }
    }

    mutating func genericArgument() throws {
        if eat(UInt8(ascii: "L")) {
            _ = try base62()
            try print("'_")
        } else if eat(UInt8(ascii: "K")) {
            try constant()
        } else {
            try type()
        }
    }

    // MARK: - Types

    static let basicTypes: [UInt8: String] = [
        UInt8(ascii: "a"): "i8", UInt8(ascii: "b"): "bool", UInt8(ascii: "c"): "char", UInt8(ascii: "d"): "f64",
        UInt8(ascii: "e"): "str", UInt8(ascii: "f"): "f32", UInt8(ascii: "h"): "u8", UInt8(ascii: "i"): "isize",
        UInt8(ascii: "j"): "usize", UInt8(ascii: "l"): "i32", UInt8(ascii: "m"): "u32", UInt8(ascii: "n"): "i128",
        UInt8(ascii: "o"): "u128", UInt8(ascii: "s"): "i16", UInt8(ascii: "t"): "u16", UInt8(ascii: "u"): "()",
        UInt8(ascii: "v"): "...", UInt8(ascii: "x"): "i64", UInt8(ascii: "y"): "u64", UInt8(ascii: "z"): "!",
        UInt8(ascii: "p"): "_",
    ]

    mutating func type() throws {
        try descend()
        defer { depth -= 1 }
        guard let tag = peek() else { throw Invalid() }
        if let basic = Self.basicTypes[tag] {
            position += 1
            try print(basic)
            return
        }
        switch tag {
        case UInt8(ascii: "R"), UInt8(ascii: "Q"):
            position += 1
            if eat(UInt8(ascii: "L")) { _ = try base62() }
            try print(tag == UInt8(ascii: "R") ? "&" : "&mut ")
            try type()
        case UInt8(ascii: "P"), UInt8(ascii: "O"):
            position += 1
            try print(tag == UInt8(ascii: "P") ? "*const " : "*mut ")
            try type()
        case UInt8(ascii: "A"), UInt8(ascii: "S"):
            position += 1
            try print("[")
            try type()
            if tag == UInt8(ascii: "A") {
                try print("; ")
                try constant()
            }
            try print("]")
        case UInt8(ascii: "T"):
            position += 1
            try print("(")
            let count = try list(separator: ", ") { try $0.type() }
            try print(count == 1 ? ",)" : ")")
        case UInt8(ascii: "F"):
            position += 1
            try functionSignature()
        case UInt8(ascii: "D"):
            position += 1
            try dynamicBounds()
        case UInt8(ascii: "B"):
            position += 1
            try backReference { try $0.type() }
        default:
            try path(inValue: false)
        }
    }

    mutating func functionSignature() throws {
        if eat(UInt8(ascii: "G")) { _ = try base62() }
        if eat(UInt8(ascii: "U")) { try print("unsafe ") }
        if eat(UInt8(ascii: "K")) {
            let abi = eat(UInt8(ascii: "C")) ? "C" : String(try identifier().map { $0 == "_" ? "-" : $0 })
            try print("extern \"\(abi)\" ")
        }
        try print("fn(")
        try list(separator: ", ") { try $0.type() }
        try print(")")
        if peek() == UInt8(ascii: "u") {
            position += 1
        } else {
            try print(" -> ")
            try type()
        }
    }

    mutating func dynamicBounds() throws {
        if eat(UInt8(ascii: "G")) { _ = try base62() }
        try print("dyn ")
        try list(separator: " + ") { parser in
            try parser.path(inValue: false)
            while parser.eat(UInt8(ascii: "p")) {
                try parser.print("<\(try parser.identifier()) = ")
                try parser.type()
                try parser.print(">")
            }
        }
        guard eat(UInt8(ascii: "L")) else { throw Invalid() }
        _ = try base62()
    }

    // MARK: - Constants

    mutating func constant() throws {
        try descend()
        defer { depth -= 1 }
        let tag = try next()
        switch tag {
        case UInt8(ascii: "p"):
            try print("_")
        case UInt8(ascii: "B"):
            try backReference { try $0.constant() }
        case UInt8(ascii: "b"):
            let value = try hexNumber()
            guard value <= 1 else { throw Invalid() }
            try print(value == 1 ? "true" : "false")
        case UInt8(ascii: "c"):
            guard let scalar = Unicode.Scalar(UInt32(clamping: try hexNumber())) else { throw Invalid() }
            try print("'\(scalar.escaped(asASCII: false))'")
        case UInt8(ascii: "a"), UInt8(ascii: "s"), UInt8(ascii: "l"), UInt8(ascii: "x"), UInt8(ascii: "n"), UInt8(ascii: "i"):
            let negative = eat(UInt8(ascii: "n"))
            try print((negative ? "-" : "") + String(try hexNumber()))
        case UInt8(ascii: "h"), UInt8(ascii: "t"), UInt8(ascii: "m"), UInt8(ascii: "y"), UInt8(ascii: "o"), UInt8(ascii: "j"):
            try print(String(try hexNumber()))
        default:
            throw Invalid()
        }
    }

    /// `<hex digits> _`, at most 16 digits.
    mutating func hexNumber() throws -> UInt64 {
        var value: UInt64 = 0
        var digits = 0
        while let byte = peek(), byte != UInt8(ascii: "_") {
            guard RustDemangler.isHexDigit(byte), digits < 16 else { throw Invalid() }
            value = value << 4 | UInt64(isDigit(byte) ? byte - UInt8(ascii: "0") : byte - UInt8(ascii: "a") + 10)
            digits += 1
            position += 1
        }
        guard eat(UInt8(ascii: "_")) else { throw Invalid() }
        return value
    }

    // MARK: - Pieces

    /// `[s <base-62>]`: 0 when absent, else the number plus one.
    mutating func disambiguator() throws -> UInt64 {
        guard eat(UInt8(ascii: "s")) else { return 0 }
        let (value, overflow) = try base62().addingReportingOverflow(1)
        guard !overflow else { throw Invalid() }
        return value
    }

    /// `{0-9a-zA-Z} _`: `_` alone is 0, else the digits' value plus one.
    mutating func base62() throws -> UInt64 {
        if eat(UInt8(ascii: "_")) { return 0 }
        var value: UInt64 = 0
        while true {
            let byte = try next()
            if byte == UInt8(ascii: "_") { break }
            let digit: UInt8
            if isDigit(byte) { digit = byte - UInt8(ascii: "0") }
            else if (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) { digit = byte - UInt8(ascii: "a") + 10 }
            else if isUpper(byte) { digit = byte - UInt8(ascii: "A") + 36 }
            else { throw Invalid() }
            let (product, overflowMultiply) = value.multipliedReportingOverflow(by: 62)
            let (sum, overflowAdd) = product.addingReportingOverflow(UInt64(digit))
            guard !overflowMultiply, !overflowAdd else { throw Invalid() }
            value = sum
        }
        let (result, overflow) = value.addingReportingOverflow(1)
        guard !overflow else { throw Invalid() }
        return result
    }

    /// `<decimal> [_] <bytes>`; punycode (`u` prefix) is not read.
    mutating func identifier() throws -> String {
        guard peek() != UInt8(ascii: "u") else { throw Invalid() }
        guard let first = peek(), isDigit(first) else { throw Invalid() }
        var length = 0
        if first == UInt8(ascii: "0") {
            position += 1
        } else {
            while let byte = peek(), isDigit(byte) {
                guard length < 10_000 else { throw Invalid() }
                length = length * 10 + Int(byte - UInt8(ascii: "0"))
                position += 1
            }
        }
        _ = eat(UInt8(ascii: "_"))
        guard length <= symbol.count - position else { throw Invalid() }
        let text = String(decoding: symbol[position..<position + length], as: UTF8.self)
        position += length
        return text
    }

    /// `B <base-62>`: parses what starts at that earlier position, then comes back.
    mutating func backReference(_ parse: (inout V0Parser) throws -> Void) throws {
        let start = position - 1
        let target = try base62()
        guard let offset = Int(exactly: target), offset < start else { throw Invalid() }
        let resume = position
        position = offset
        try parse(&self)
        position = resume
    }

    /// Items until `E`; returns how many.
    @discardableResult
    mutating func list(separator: String, _ item: (inout V0Parser) throws -> Void) throws -> Int {
        var count = 0
        while !(eat(UInt8(ascii: "E"))) {
            if count > 0 { try print(separator) }
            try item(&self)
            count += 1
        }
        return count
    }

    mutating func print(_ text: String) throws {
        guard printing else { return }
        output += text
        guard output.utf8.count <= Self.maximumOutput else { throw Invalid() }
    }

    mutating func descend() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw Invalid() }
    }

    func peek() -> UInt8? { position < symbol.count ? symbol[position] : nil }

    mutating func next() throws -> UInt8 {
        guard let byte = peek() else { throw Invalid() }
        position += 1
        return byte
    }

    mutating func eat(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    func isUpper(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
}
