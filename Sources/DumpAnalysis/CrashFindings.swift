import DumpModel

/// Findings about how the process died, and about managed runtimes whose frames need their
/// own tool.
struct CrashFindings {
    let process: Process
    let crash: CrashReport?
    let runtimes: [ManagedRuntime]

    func findings() -> [Finding] {
        var findings: [Finding] = []
        if let crash { findings.append(finding(for: crash)) }
        findings += runtimes.map(runtimeFinding)
        return findings
    }

    /// What the report read of a managed runtime, or that it read nothing and which tool does.
    private func runtimeFinding(_ runtime: ManagedRuntime) -> Finding {
        let kinds = FrameRuntime.allCases.filter(runtime.frameRuntimes.contains).map(Self.frameNoun)
        let frames = kinds.isEmpty ? "managed frames" : kinds.joined(separator: " and ") + " frames"
        guard runtime.wasRead else {
            return Finding(
                severity: .information, kind: .managedRuntime,
                title: "The process runs \(runtime.name) (\(runtime.module)): its \(frames) could not be read",
                description: "Native stacks show the runtime's interpreter or JIT frames, not the \(runtime.name) methods they run; the notes say what the runtime reader found.",
                recommendation: "Read the managed stacks with \(runtime.toolRecommendation).",
                tids: [], impact: 0)
        }
        let total = process.threads.count
        if runtime.goroutinesRead > 0 {
            return Finding(
                severity: .information, kind: .managedRuntime,
                title: "The process runs \(runtime.name) (\(runtime.module)): its \(Wording.count(runtime.goroutinesRead, "goroutine")) are read, with their stacks",
                description: "The goroutines section groups them by state and stack; \(Wording.count(runtime.threadsRead, "thread")) of \(total) running a goroutine show its \(Wording.count(runtime.framesRead, "Go frame")) in place of the native unwind.",
                recommendation: "What this report does not read (objects, local variables) is in \(runtime.toolRecommendation).",
                tids: [], impact: 0)
        }
        return Finding(
            severity: .information, kind: .managedRuntime,
            title: "The process runs \(runtime.name) (\(runtime.module)): its \(frames) are read for \(runtime.threadsRead) of \(Wording.count(total, "thread"))",
            description: "\(Wording.count(runtime.framesRead, "frame").capitalizedFirst) of \(runtime.name) stand in the stacks where the native unwind shows the runtime's own code; thread states, locks, hot methods and the flame graph use them.",
            recommendation: "What this report does not read (objects, local variables) is in \(runtime.toolRecommendation).",
            tids: [], impact: 0)
    }

    /// `Python`, `Go`, `JIT-compiled`, `Java`: what a frame of `runtime` is called in a sentence.
    private static func frameNoun(_ runtime: FrameRuntime) -> String {
        switch runtime {
        case .native: "native"
        case .python: "Python"
        case .go: "Go"
        case .jit: "JIT-compiled"
        case .java: "interpreted Java"
        }
    }

    /// What the faulting instruction did to memory, in a past participle: known only from a
    /// page fault's error code in a signal frame (a core's own siginfo does not say).
    private static func accessed(_ access: CrashHandler.MemoryAccess?) -> String {
        switch access {
        case .read: "read"
        case .write: "written"
        case .execute: "executed"
        case nil: "accessed"
        }
    }

    private func finding(for crash: CrashReport) -> Finding {
        let thread = crash.crashingTID.map { "thread \($0)" } ?? "an unknown thread"
        let place = crash.placeName.map { "`" + $0 + "`" } ?? "the crashing code"
        var description = "\(thread.capitalizedFirst) died: \(crash.summary)."
        if let pc = crash.instructionPointer { description += " Instruction pointer \(Wording.hex(pc))." }
        let tids = crash.crashingTID.map { [$0] } ?? []
        switch crash.kind {
        case .nullDereference(let offset):
            return Finding(
                severity: .error, kind: .nullDereference,
                title: "NULL pointer dereference in \(place) (\(thread))",
                description: description + (offset == 0 ? "" : " An offset of \(Wording.hex(offset)) from NULL is a field of a structure reached through a NULL pointer."),
                recommendation: "Check the pointer \(place) dereferences (and where it comes from) for NULL before use; the field at offset \(Wording.hex(offset)) of its structure was \(Self.accessed(crash.handler?.access)).",
                tids: tids, impact: 1)
        case .stackOverflow(let recursion):
            let cycle = recursion.map { "`" + $0.cycle.joined(separator: " -> ") + "`" } ?? place
            return Finding(
                severity: .error, kind: .stackOverflow,
                title: "Stack overflow in \(thread): \(cycle) recursed " + (recursion.map { ($0.isLowerBound ? "at least " : "") + "\($0.repetitions.groupedDigits) times" } ?? "until the stack ran out"),
                description: description,
                recommendation: "Bound the recursion of \(cycle) (an explicit depth limit, or an iterative version with its own stack); a larger thread stack only postpones the crash.",
                tids: tids, impact: 1)
        case .abort(let message):
            if let assertion = message?.assertion {
                let function = assertion.function.map { " in `\($0)`" } ?? ""
                return Finding(
                    severity: .error, kind: .abort,
                    title: "Assertion failed\(function) (\(assertion.file):\(assertion.line)): \(assertion.expression)",
                    description: description + " glibc's __abort_msg holds: \(message?.text ?? "")",
                    recommendation: "The program stopped itself because `\(assertion.expression)` was false at \(assertion.file):\(assertion.line): find how the state got there (the stack of \(thread) below), and handle it as an error if it can happen in production.",
                    tids: tids, impact: 1)
            }
            let text = message.map { ": " + $0.text } ?? ""
            return Finding(
                severity: .error, kind: .abort,
                title: "abort() in \(place)\(text)",
                description: description,
                recommendation: message == nil
                    ? "The process called abort(): the stack of \(thread) shows who."
                    : "glibc aborts like this on heap corruption (a double free, a buffer overrun): run the service under AddressSanitizer or valgrind to find the first bad write.",
                tids: tids, impact: 1)
        case .uncaughtException(let exception):
            let thrower = exception.throwingFunction.map { "`\($0)`" } ?? place
            return Finding(
                severity: .error, kind: .uncaughtException,
                title: exception.wasThrown
                    ? "Uncaught C++ exception " + (exception.exceptionText.map { $0 + " " } ?? "") + "thrown by \(thrower) (\(thread))"
                    : "std::terminate called in \(thread)",
                description: description,
                recommendation: exception.wasThrown
                    ? "Catch the exception where \(thrower) is called (a thread's start function must not let exceptions escape), or fix the input that makes it throw."
                    : "std::terminate was called with no active exception (a noexcept function threw, or a joinable std::thread was destroyed): the stack of \(thread) shows where.",
                tids: tids, impact: 1)
        case .other:
            return Finding(
                severity: .error, kind: .crash,
                title: "\(crash.signalName) in \(place) (\(thread))",
                description: description,
                recommendation: "Read the crashing thread's stack below from the first application frame; the registers and fault address say what the instruction accessed.",
                tids: tids, impact: 1)
        }
    }
}
