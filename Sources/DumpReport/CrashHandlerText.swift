import DumpAnalysis

/// The words every format uses for a crash handler that raised the signal again.
enum CrashHandlerText {
    /// `crash_handler/bug_report_end via __kill (SIGSEGV, SI_USER); the original signal from the
    /// signal frame's siginfo`.
    static func describe(_ handler: CrashHandler) -> String {
        let code = handler.reraisedSignalCode.map { ", \($0.name)" } ?? ""
        let evidence = switch handler.evidence {
        case .signalInfo: "the original signal from the signal frame's siginfo"
        case .trap: "the original signal inferred from the CPU trap in the signal frame (the handler got no siginfo)"
        case .none: "the original signal's code and address not recorded (the handler got no siginfo)"
        }
        return "\(handler.chain) (\(handler.reraisedSignalName)\(code)); \(evidence)"
    }
}
