import ArgumentParser

/// The `analyze-dump` command: reads a Linux core file and reports what the process was doing.
@main
struct AnalyzeDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze-dump",
        abstract: "Explain a Linux core file: threads, stacks, modules, signal.",
        discussion: """
            Exit status: 0 everything was shown; 1 shown with problems (a module or a stack is \
            incomplete: see the diagnostics); 2 nothing could be analysed; 3 a finding at or \
            above --fail-on exists; 64 usage error; 74 a report file could not be written.
            """,
        version: "0.1.0",
        subcommands: [SummaryCommand.self, StacksCommand.self, CompareCommand.self, CaptureCommand.self],
        defaultSubcommand: SummaryCommand.self)
}
