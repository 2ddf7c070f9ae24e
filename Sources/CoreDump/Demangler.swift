internal import CElfUtils
import Glibc

@_silgen_name("swift_demangle")
private func swiftDemangle(
    _ mangledName: UnsafePointer<CChar>?, _ mangledNameLength: Int,
    _ outputBuffer: UnsafeMutablePointer<CChar>?, _ outputBufferSize: UnsafeMutablePointer<Int>?,
    _ flags: UInt32
) -> UnsafeMutablePointer<CChar>?

/// Turns mangled C++ (Itanium ABI), Rust (legacy and v0, see ``RustDemangler``) and Swift
/// symbol names into readable ones.
enum Demangler {
    /// The demangled name, or `name` itself when it is not mangled or does not demangle.
    static func demangle(_ name: String) -> String {
        if name.hasPrefix("_Z") {
            if let demangled = demangleCXX(name) { return RustDemangler.legacy(demangled) ?? demangled }
            // ThinLTO's `.llvm.<digits>` suffix, which __cxa_demangle refuses: dropped on Rust
            // names, as c++filt drops it.
            guard let suffix = name.firstRange(of: ".llvm."), let demangled = demangleCXX(String(name[..<suffix.lowerBound])),
                  let rust = RustDemangler.legacy(demangled) else { return name }
            return rust
        }
        if name.hasPrefix("_R") { return RustDemangler.demangleV0(name) ?? name }
        if isSwiftSymbol(name) { return demangleSwift(name) ?? name }
        return name
    }

    private static func isSwiftSymbol(_ name: String) -> Bool {
        ["$s", "_$s", "$S", "_$S", "_T0", "$e", "_$e"].contains { name.hasPrefix($0) }
    }

    /// `abi::__cxa_demangle` from libstdc++.
    private static func demangleCXX(_ name: String) -> String? {
        var status: Int32 = 0
        guard let result = __cxa_demangle(name, nil, nil, &status) else { return nil }
        defer { free(result) }
        return status == 0 ? String(cString: result) : nil
    }

    /// The Swift runtime's `swift_demangle`.
    private static func demangleSwift(_ name: String) -> String? {
        name.withCString { pointer in
            guard let result = swiftDemangle(pointer, strlen(pointer), nil, nil, 0) else { return nil }
            defer { free(result) }
            return String(cString: result)
        }
    }
}
