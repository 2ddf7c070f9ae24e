import DumpModel

/// A C++ exception that nothing caught, told from the C++ runtime's frames on the crashing
/// thread's stack: `__cxa_throw` (or `__cxa_rethrow`, `std::rethrow_exception`) found no
/// handler and called `std::terminate`, whose handler called `abort()`.
///
/// The exception's type and message (``exception``) are read from the thrown object when the
/// crashing thread's stack still points at it (``ThrownException``).
public struct UncaughtException: Equatable, Hashable, Sendable {
    /// The runtime function the analysis anchored on: the innermost throwing function
    /// (`__cxa_throw`, `__cxa_rethrow`, `std::rethrow_exception`), or, when the stack has none
    /// (a `noexcept` function, a joinable `std::thread` destroyed, an explicit call), the
    /// outermost terminate function (`std::terminate()`).
    public var runtimeFunction: String
    /// The application frame that threw (or called `std::terminate`): the first frame outside
    /// the C and C++ runtimes beyond ``runtimeFunction``. Nil when the stack has none.
    public var throwingFrame: Frame?
    /// The thrown exception's type and `what()` message, nil when the core does not lead to
    /// it (libc++, a stack that no longer points at it, no exception thrown).
    public var exception: ThrownException?

    public init(runtimeFunction: String, throwingFrame: Frame?, exception: ThrownException? = nil) {
        self.runtimeFunction = runtimeFunction
        self.throwingFrame = throwingFrame
        self.exception = exception
    }

    /// `std::runtime_error: "missing '=' in line 7"`, or the type alone; nil when unknown.
    public var exceptionText: String? {
        guard let exception else { return nil }
        return "`\(exception.typeName)`" + (exception.message.map { ": \"\($0)\"" } ?? "")
    }

    /// Whether the runtime found an exception being thrown, rather than `std::terminate`
    /// called with none in flight.
    public var wasThrown: Bool { Self.throwFunctions.contains(Self.baseName(of: runtimeFunction)) }

    /// The function that threw, demangled, with its parameters and the standard library's
    /// templates shortened (``ReadableTypeNames``): `parse_config_line(std::string const&, int)`.
    public var throwingFunction: String? { throwingFrame?.function.map(ReadableTypeNames.shortened) }

    /// Finds the throw or terminate frames on `thread`'s stack, or nil when it has none.
    ///
    /// Names are matched without their parameter list and clone suffix
    /// (`__gnu_cxx::__verbose_terminate_handler() [clone .cold]`); inlined frames count.
    public static func find(in thread: Thread, frames classifier: ApplicationFrames) -> UncaughtException? {
        let names = thread.frames.map { $0.function.map(baseName(of:)) }
        let anchor = names.firstIndex { $0.map(throwFunctions.contains) ?? false }
            ?? names.lastIndex { $0.map(terminateFunctions.contains) ?? false }
        guard let anchor, let runtimeFunction = thread.frames[anchor].function else { return nil }
        let thrower = thread.frames[(anchor + 1)...].first { !classifier.isRuntime($0) }
        return UncaughtException(runtimeFunction: runtimeFunction, throwingFrame: thrower)
    }

    /// The C++ runtime functions that throw (libstdc++ and libc++abi).
    static let throwFunctions: Set<String> = ["__cxa_throw", "__cxa_rethrow", "std::rethrow_exception"]

    /// The functions on the way from a failed throw to `abort()`.
    static let terminateFunctions: Set<String> = [
        "std::terminate", "__cxxabiv1::__terminate", "__gnu_cxx::__verbose_terminate_handler",
        "__cxa_call_terminate", "std::__terminate", "__cxxabiv1::__unexpected", "std::unexpected",
    ]

    /// `ns::f(int) const [clone .cold]` -> `ns::f`, `__cxa_throw.cold` -> `__cxa_throw`: a
    /// name without its parameters and the compiler's clone suffix.
    static func baseName(of function: String) -> String {
        var name = Substring(function)
        if let clone = name.firstRange(of: " [clone ") { name = name[..<clone.lowerBound] }
        if let parameters = name.firstIndex(of: "(") { name = name[..<parameters] }
        // A symbol the demangler left alone keeps its suffix (`.cold`, `.constprop.0`).
        if let suffix = name.firstIndex(of: ".") { name = name[..<suffix] }
        return String(name)
    }
}
