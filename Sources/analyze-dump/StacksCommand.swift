import ArgumentParser
import DumpAnalysis
import DumpReport

/// `analyze-dump stacks CORE`: stacks only, optionally folded by identical stack.
struct StacksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stacks",
        abstract: "Print every thread's stack.",
        discussion: """
            With --group, threads with identical stacks are one entry with a count and their \
            first TIDs. --tid N (repeatable) shows only those threads. Frames are listed as \
            eu-stack lists them, one a line.

            EXAMPLES:
              analyze-dump stacks core.4242 --exe ./server
              analyze-dump stacks --group core.4242 --exe ./server
              analyze-dump stacks --tid 4243 --tid 4250 core.4242 --exe ./server
            """)

    @OptionGroup var options: CoreOptions

    @Flag(help: "Fold threads that share an identical stack into one entry.")
    var group = false

    @OptionGroup var selection: ThreadSelectionTIDs

    func run() throws {
        let core = try CoreLoading.load(options)
        var process = core.process
        if !selection.tids.isEmpty {
            let tids = try selection.checked(in: process)
            process.threads = process.threads.filter { tids.contains($0.tid) }
        }
        let text = group
            ? StacksTextReport.render(process, groups: StackGroup.groups(of: process))
            : StacksTextReport.render(process)
        CoreLoading.writeReport(text)
        CoreLoading.writeWarnings(of: core.process)
        CoreLoading.finish(with: core, seeing: "see the warnings above", namingModules: false)
    }
}
