import ArgumentParser
import Glibc

/// The `analyze-dump` command: reads a Linux core file and reports what the process was doing.
@main
struct AnalyzeDump: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze-dump",
        abstract: "Explain a Linux core file: threads, stacks, modules, signal.",
        discussion: """
            Exit status: 0 everything was shown; 1 shown with problems (a module or a stack is \
            incomplete: see the diagnostics; one line on stderr says why); 2 nothing could be \
            analysed; 3 a finding at or above --fail-on exists; 64 usage error; 74 a report \
            file could not be written. A reader that stops early (| head) changes nothing.

            EXAMPLES:
              analyze-dump core.4242 --exe ./server
                  What the process was doing: findings first, then their evidence.
              analyze-dump core.zst --exe ./server --format json -o report.json
              analyze-dump stacks --group core.4242 --exe ./server
              analyze-dump capture --pid 4242 --cpu 90 --for 5s -o cores --analyze
            """,
        version: "0.1.0",
        subcommands: [SummaryCommand.self, StacksCommand.self, CompareCommand.self, CaptureCommand.self, HandleCommand.self, TriageCommand.self],
        defaultSubcommand: SummaryCommand.self)

    /// Runs the command with `SIGPIPE` ignored: when the reader of standard output goes away
    /// (`analyze-dump CORE | head`), writing fails with `EPIPE` instead of killing the
    /// process, ``StandardStream`` drops the rest of the report, and the run ends with the
    /// status the report would have had (README, exit status).
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        main(nil)
    }
}
