import ArgumentParser

/// Whether `analyze-dump triage` reads systemd-coredump's journal entries (`--journal`).
enum JournalMode: String, ExpressibleByArgument, CaseIterable {
    /// When a core has systemd-coredump's name.
    case auto
    /// Never.
    case none
}
