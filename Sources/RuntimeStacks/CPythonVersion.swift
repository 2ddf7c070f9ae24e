import DumpModel

/// The CPython a process runs, and the module it was recognised by.
struct CPythonVersion: Equatable, Sendable {
    var major: Int
    var minor: Int

    /// The module CPython's code is in: `libpython3.X.so...` when the executable links it,
    /// else the `python3.X` executable; nil for a process without one.
    ///
    /// A Python linked statically into an executable of another name (uwsgi, an embedding
    /// application) is not recognised: looking up `_PyRuntime` in every module of every core
    /// would read every symbol table.
    static func module(of process: Process) -> Module? {
        process.modules.first { $0.shortName.hasPrefix("libpython") && $0.shortName.contains(".so") }
            ?? process.modules.first { nameVersion($0.shortName, prefix: "python") != nil }
    }

    /// The version `Py_Version` holds (3.11 and later: `0x030B02F0` is 3.11.2 final), else the
    /// one `module`'s name carries.
    static func detect(pyVersion: UInt64?, module: Module) -> CPythonVersion? {
        if let hex = pyVersion, hex >> 24 == 3 {
            return CPythonVersion(major: 3, minor: Int((hex >> 16) & 0xFF))
        }
        let name = module.shortName
        return nameVersion(name, prefix: name.hasPrefix("lib") ? "libpython" : "python")
    }

    /// `3.11` from `python3.11`, `python3.11d`, `libpython3.11.so.1.0`.
    static func nameVersion(_ name: String, prefix: String) -> CPythonVersion? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        let parts = rest.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]), major == 3 else { return nil }
        let minorDigits = parts[1].prefix { $0.isASCII && $0.isNumber }
        let suffix = parts[1].dropFirst(minorDigits.count)
        guard let minor = Int(minorDigits), minor < 100, suffix.allSatisfy({ "dmu".contains($0) }) else { return nil }
        guard prefix == "python" ? parts.count == 2 : parts.count == 3 && parts[2].hasPrefix("so") else { return nil }
        return CPythonVersion(major: major, minor: minor)
    }

    var description: String { "\(major).\(minor)" }
}
