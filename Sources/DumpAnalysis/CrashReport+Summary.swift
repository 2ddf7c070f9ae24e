import DumpModel

extension CrashReport {
    /// One line that says what happened, e.g. `SIGSEGV (SEGV_MAPERR: address not mapped) at
    /// 0x10 in process_order (null-deref.c:50): NULL pointer dereference at offset 0x10`.
    ///
    /// The signal with its code, the fault address, the application frame (else the innermost
    /// frame, else the program counter) with its file name and line, then what kind of crash
    /// it was, and the crash handler that raised the signal again, e.g. `...: NULL pointer
    /// dereference; caught by crash_handler/bug_report_end via __kill, which raised SIGSEGV
    /// (SI_USER) again`.
    public var summary: String {
        var line = signalName
        let inferred = handler?.evidence == .trap ? ", inferred from the CPU trap" : ""
        if let signalCodeDescription {
            line += " (\(signalCodeDescription)\(inferred))"
        } else if let signalCode {
            line += " (si_code \(signalCode)\(inferred))"
        } else if handler != nil {
            line += " (si_code and fault address not recorded: the handler got no siginfo)"
        } else {
            line += " (si_code and fault address not recorded)"
        }
        if let faultAddress { line += " at " + hex(faultAddress) }
        if let access = handler?.access { line += " (\(access == .execute ? "instruction fetch" : access.rawValue))" }
        if let placeName, let frame = applicationFrame ?? innermostFrame {
            line += " in " + placeName
            if let source = frame.source {
                line += " (\(source.shortDescription))"
            }
        } else if let instructionPointer {
            line += " at pc " + hex(instructionPointer)
        }
        if let explanation = kindExplanation { line += ": " + explanation }
        if let handler {
            if handler.interruptedAtSystemCall {
                line += "; the signal arrived as a system call returned: it was sent, not a fault there"
            }
            let code = handler.reraisedSignalCode.map { " (\($0.name))" } ?? ""
            line += "; caught by \(handler.chain), which raised \(handler.reraisedSignalName)\(code) again"
        }
        return line
    }

    /// The crash in a few words for the crashing thread's state (after `crashed: `): the
    /// signal, the fault address and the kind, e.g. `SIGSEGV at 0x10 (NULL pointer
    /// dereference)`, `SIGABRT (assertion failed)`, `SIGSEGV at 0x28 (NULL pointer dereference; re-raised by a handler)`.
    public var stateSummary: String {
        var line = signalName
        if let faultAddress { line += " at " + hex(faultAddress) }
        var notes: [String] = []
        switch kind {
        case .nullDereference: notes.append("NULL pointer dereference")
        case .stackOverflow: notes.append("stack overflow")
        case .abort(let message): notes.append(message?.assertion != nil ? "assertion failed" : "abort() called")
        case .uncaughtException(let uncaught):
            notes.append("uncaught C++ exception" + (uncaught.exception.map { " " + $0.typeName } ?? ""))
        case .other: break
        }
        if handler != nil { notes.append("re-raised by a handler") }
        if !notes.isEmpty { line += " (" + notes.joined(separator: "; ") + ")" }
        return line
    }

    /// What ``kind`` says in words, nil when it adds nothing to the signal.
    private var kindExplanation: String? {
        switch kind {
        case .nullDereference(let offset):
            return offset == 0 ? "NULL pointer dereference" : "NULL pointer dereference at offset \(hex(offset))"
        case .stackOverflow(let recursion?):
            return "stack overflow: " + Self.describe(recursion)
        case .stackOverflow(nil):
            return "stack overflow"
        case .abort(let message?):
            if let assertion = message.assertion { return "assertion `\(assertion.expression)' failed" }
            return "abort: " + message.text
        case .abort(nil):
            return "abort() called"
        case .uncaughtException(let exception):
            guard exception.wasThrown else { return "std::terminate called with no exception being thrown" }
            let uncaught = "uncaught C++ exception" + (exception.exceptionText.map { " " + $0 } ?? "")
            // The location already names the thrower when it is the application frame.
            guard let thrower = exception.throwingFunction, exception.throwingFrame != applicationFrame else {
                return uncaught
            }
            return uncaught + " thrown by " + thrower
        case .other:
            // An x86 general protection fault carries SI_KERNEL and no address.
            if signalNumber == Signal.sigsegv && signalCode == SignalCodeDescription.kernelCode {
                return "general protection fault: a non-canonical address (often a corrupted pointer) or a privileged instruction"
            }
            return nil
        }
    }

    /// `descend recursed 7258 times`, `a -> b recursed at least 512 times (the stack was cut
    /// at 1024 frames)`.
    private static func describe(_ recursion: StackRecursion) -> String {
        var text = recursion.cycle.joined(separator: " -> ") + " recursed "
        let times = recursion.repetitions.groupedDigits + " times"
        text += recursion.isLowerBound ? "at least " + times : times
        if let limit = recursion.frameLimit { text += " (the stack was cut at \(limit.groupedDigits) frames)" }
        return text
    }

    private func hex(_ value: UInt64) -> String { "0x" + String(value, radix: 16) }
}
