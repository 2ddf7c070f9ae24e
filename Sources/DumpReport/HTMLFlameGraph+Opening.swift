import DumpAnalysis

extension HTMLFlameGraph {
    /// How the flame graph opens: in which view, and which finding's threads it outlines.
    ///
    /// A hang or a crash is about threads that wait (or died), not about CPU time: drawn by
    /// CPU time, a deadlock's graph is the main thread's 4 ms and nothing else. So the graph
    /// opens on the thread count for those, and on CPU time for a runaway thread. The finding
    /// that decides is the first one of a kind that says either (``view(for:)``); a finding
    /// that says neither (missing symbols, a managed runtime, the heap) is passed over.
    struct Opening: Equatable {
        /// The view the page opens in.
        var view: View
        /// Why, when the view is not simply the only one there is.
        var reason: Reason
        /// The finding whose threads are outlined: the deciding one, nil when it names no
        /// thread of the core.
        var finding: Finding?

        /// Why the graph opens in ``view``.
        enum Reason: Equatable {
            /// The core has no CPU time, or no thread used any: the thread count is all there is.
            case noCPUView
            /// The process used less than a clock tick in all (``CPUUsage/isNegligible``).
            case negligibleCPU
            /// The first finding that is a hang, a crash or about CPU time.
            case finding(Finding.Kind)
            /// No finding says which view matters: CPU time, where it was spent.
            case noFinding
        }
    }

    /// The flame graph's two views: node widths by CPU time or by thread count.
    enum View: String {
        case cpu
        case threads
    }

    /// How the graph of `analysis` opens.
    ///
    /// - Parameter hasCPUView: whether the CPU view is available (the core has CPU
    ///   accounting and some thread used CPU time).
    static func opening(for analysis: ProcessAnalysis, hasCPUView: Bool) -> Opening {
        let deciding = analysis.findings.first { view(for: $0.kind) != nil }
        // Outlined only when a thread it names has a stack in the graph (a goroutine has no TID).
        let outlined = deciding.flatMap { finding in finding.tids.contains { analysis.states[$0] != nil } ? finding : nil }
        guard hasCPUView else { return Opening(view: .threads, reason: .noCPUView, finding: outlined) }
        if analysis.cpu.isNegligible { return Opening(view: .threads, reason: .negligibleCPU, finding: outlined) }
        guard let deciding, let view = view(for: deciding.kind) else {
            return Opening(view: .cpu, reason: .noFinding, finding: nil)
        }
        return Opening(view: view, reason: .finding(deciding.kind), finding: outlined)
    }

    /// The view a finding of `kind` calls for (``DumpAnalysis/Finding/Kind/subject``): the
    /// thread count for a hang or a crash, CPU time for a thread that burns it; nil for a
    /// finding that says neither.
    static func view(for kind: Finding.Kind) -> View? {
        kind.subject.map { $0 == .cpuTime ? .cpu : .threads }
    }

    /// The most TIDs the note under the toolbar lists before "and N more".
    static let listedTIDs = 5

    /// One or two sentences under the toolbar: why the graph opens in its view and whose
    /// stacks are outlined; empty when there is nothing to say.
    static func note(for opening: Opening) -> String {
        var sentences: [String] = []
        switch opening.reason {
        case .noCPUView, .noFinding:
            break
        case .negligibleCPU:
            sentences.append("Opens on the thread count: the process used less than a clock tick (10 ms) of CPU in all.")
        case .finding(let kind):
            sentences.append(opening.view == .cpu
                ? "Opens on CPU time, as the finding \(kind.rawValue) is about CPU time."
                : "Opens on the thread count, as for every hang and crash (finding \(kind.rawValue)): where the threads are, not where CPU went.")
        }
        if let finding = opening.finding, let first = finding.tids.first {
            let tids = finding.tids
            var listed = tids.prefix(listedTIDs).map(String.init).joined(separator: ", ")
            if tids.count > listedTIDs { listed += " and \(tids.count - listedTIDs) more" }
            sentences.append(tids.count == 1
                ? "Outlined: the stack of thread \(first), named by the finding \(finding.kind.rawValue)."
                : "Outlined: the stacks of threads \(listed), named by the finding \(finding.kind.rawValue); the thick outline follows thread \(first).")
        }
        return sentences.joined(separator: " ")
    }
}
