import DumpModel

/// Tells the application's own frames from those of the C library, the C++ runtime, the
/// dynamic linker and the vDSO, so that a thread is named by the code its authors wrote
/// (`lookup_model`, not `__lll_lock_wait`).
///
/// A frame is a runtime frame when its module is a system library (or a managed runtime's own
/// code, in a process whose frames of that runtime were read: CPython's interpreter, libjvm,
/// node), when it is a managed runtime's library method (`runtime.gopark`, `java.lang.Object.wait`),
/// or, in a statically linked
/// program where libc lives in the executable, when its function is one of libc's or the C++
/// runtime's (reserved `__` and `_dl_` names, `pthread_*`, `std::` ...). A frame with no name
/// at all counts as application code: nothing says otherwise.
public struct ApplicationFrames: Sendable {
    private let runtimeModules: Set<Int>

    /// Classifies the frames of `process`'s modules.
    public init(process: Process) {
        // Once a managed runtime's own frames are merged in (RuntimeStacks), its C and C++ code
        // is the runtime's, as libc is: the application is the method it runs.
        var read: Set<FrameRuntime> = []
        for thread in process.threads {
            for frame in thread.frames where frame.runtime != .native { read.insert(frame.runtime) }
        }
        let readRuntimes = Self.managedRuntimeModules.filter { !$0.runtimes.isDisjoint(with: read) }
        runtimeModules = Set(process.modules.indices.filter {
            let name = process.modules[$0].shortName
            return Self.isRuntimeLibrary(name) || readRuntimes.contains { $0.matches(name) }
        })
    }

    /// The modules of managed runtimes, with the kinds of frame whose presence makes their
    /// native code runtime code.
    private static let managedRuntimeModules: [(runtimes: Set<FrameRuntime>, matches: @Sendable (String) -> Bool)] = [
        ([.python], isPythonInterpreter),
        ([.java, .jit], { $0 == "libjvm.so" }),
        ([.jit], { $0 == "node" || $0 == "nodejs" || $0.hasPrefix("libnode.so") }),
    ]

    /// The prefixes of a managed runtime's own library methods, by the kind of frame they are:
    /// Go's runtime, sync and syscall packages, the JDK's classes.
    private static let managedLibraryPrefixes: [FrameRuntime: [String]] = [
        .go: ["runtime.", "sync.", "internal/", "syscall."],
        .java: ["java.", "jdk.", "sun."],
        .jit: ["java.", "jdk.", "sun."],
    ]

    /// Whether the file name is CPython's interpreter: `python3.11`, `libpython3.11.so.1.0`.
    static func isPythonInterpreter(_ fileName: String) -> Bool {
        (fileName.hasPrefix("libpython") && fileName.contains(".so"))
            || (fileName.hasPrefix("python") && fileName.dropFirst("python".count).first?.isNumber == true)
    }

    /// Whether `frame` belongs to the system's libraries rather than the application.
    public func isRuntime(_ frame: Frame) -> Bool {
        if let module = frame.moduleIndex, runtimeModules.contains(module) { return true }
        guard let function = frame.function else { return false }
        if frame.runtime != .native {
            return Self.managedLibraryPrefixes[frame.runtime]?.contains(where: function.hasPrefix) ?? false
        }
        return Self.isRuntimeFunction(function)
    }

    /// The innermost frame of the application's own code, or nil when the stack has none.
    public func innermostApplicationFrame(of thread: Thread) -> Frame? {
        thread.frames.first { !isRuntime($0) }
    }

    /// Whether the library file name is one of the system's runtime libraries.
    static func isRuntimeLibrary(_ fileName: String) -> Bool {
        if fileName.hasPrefix("[") || fileName.hasPrefix("linux-vdso") || fileName.hasPrefix("linux-gate") { return true }
        let stem = fileName.split(separator: ".").first.map(String.init) ?? fileName
        return runtimeLibraryStems.contains(stem) || stem.hasPrefix("ld-linux")
    }

    private static let runtimeLibraryStems: Set<String> = [
        "libc", "libpthread", "libdl", "librt", "libm", "libresolv", "libstdc++", "libgcc_s",
        "libc++", "libc++abi", "libunwind", "libatomic", "libgomp", "ld-musl-x86_64", "libc_malloc_debug",
    ]

    /// Whether a function name is one of the C library's or the C++ runtime's.
    static func isRuntimeFunction(_ name: String) -> Bool {
        if name.hasPrefix("_") && !name.hasPrefix("_Z") {
            // Reserved identifiers: __lll_lock_wait, _dl_start, _start, _IO_file_write ...
            return true
        }
        if runtimePrefixes.contains(where: name.hasPrefix) { return true }
        return runtimeFunctions.contains(name)
    }

    /// Whether a function name is a function template of the C++ library whose demangled
    /// name starts with its return type (`void std::this_thread::sleep_for<long, ...>(...)`,
    /// instantiated in the application's own module), which ``isRuntime(_:)`` takes for the
    /// application's. Hang signatures skip these frames; ``isRuntime(_:)`` keeps its verdict,
    /// since crash signatures (``CrashSignature``) hash the frames it picks and must not change.
    static func isRuntimeFunctionTemplate(_ name: String) -> Bool {
        guard let space = name.firstIndex(of: " "),
              !name[..<space].contains(where: { $0 == "<" || $0 == "(" || $0 == ":" }) else { return false }
        let unqualified = name[name.index(after: space)...]
        return runtimePrefixes.contains(where: unqualified.hasPrefix)
    }

    private static let runtimePrefixes = [
        "pthread_", "sem_", "std::", "__gnu_cxx::", "__cxxabiv1::", "operator new", "operator delete",
        // Rust's standard library in v0 names, crate hash and all (`<std[e28293b1aa0f68bd]::...>`).
        "std[", "<std[", "core[", "<core[", "alloc[", "<alloc[",
    ]

    private static let runtimeFunctions: Set<String> = [
        "start_thread", "clone", "clone3", "abort", "raise", "syscall", "nanosleep", "clock_nanosleep",
        "sleep", "usleep", "pause", "read", "write", "readv", "writev", "pread64", "pwrite64", "recv",
        "recvfrom", "recvmsg", "send", "sendto", "sendmsg", "accept", "accept4", "connect", "poll",
        "ppoll", "select", "pselect", "epoll_wait", "epoll_pwait", "epoll_pwait2", "waitpid", "wait",
        "wait4", "waitid", "fsync", "fdatasync", "open", "open64", "openat", "close", "ioctl", "fcntl",
        "flock", "malloc", "calloc", "realloc", "free", "memcpy", "memmove", "memset", "memcmp",
        "strlen", "strcmp", "strncpy", "strcpy", "printf", "fprintf", "sprintf", "snprintf", "puts",
        "fputs", "fwrite", "fread", "fflush", "exit", "sigwait", "sigtimedwait", "sigsuspend",
        "thrd_join", "mtx_lock", "cnd_wait", "assert_fail", "gsignal",
    ]
}
