/// Linux signal numbers and their names. The numbering is the same on x86_64, i386 and
/// aarch64, the architectures the reader supports.
public enum Signal {
    /// The numbers the analyses reason about.
    public static let sigquit: Int32 = 3
    public static let sigill: Int32 = 4
    public static let sigabrt: Int32 = 6
    public static let sigbus: Int32 = 7
    public static let sigfpe: Int32 = 8
    public static let sigsegv: Int32 = 11

    private static let names: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
        7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
        13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD",
        18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG",
        24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH",
        29: "SIGIO", 30: "SIGPWR", 31: "SIGSYS",
    ]

    /// The conventional name of a signal (`SIGSEGV`), `SIGRTMIN+n` for real-time signals,
    /// or `signal n` for numbers outside the Linux range.
    public static func name(of number: Int32) -> String {
        if let name = names[number] { return name }
        if number >= 34 && number <= 64 { return "SIGRTMIN+\(number - 34)" }
        return "signal \(number)"
    }

    /// The number of a signal given by name (`SIGUSR1`, `USR1`, `usr1`) or number (`10`);
    /// nil for anything else, including SIGKILL and SIGSTOP, which no one can watch for.
    public static func number(named text: String) -> Int32? {
        let upper = text.uppercased()
        let number = Int32(text) ?? names.first { $0.value == upper || $0.value == "SIG" + upper }?.key
        guard let number, number >= 1, number <= 64, number != 9, number != 19 else { return nil }
        return number
    }
}
