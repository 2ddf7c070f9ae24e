import DumpModel

/// The dump information at the end of the default report: the process, who wrote the core
/// (for `analyze-dump capture`, when, why and how long the process was stopped), the signal,
/// the modules with their symbol status, and what could not be read.
public enum DumpInformationTextReport {
    public static func render(_ process: Process) -> String {
        var lines: [String] = []
        lines += processSection(process)
        lines.append("")
        lines += modulesSection(process)
        if !process.diagnostics.isEmpty {
            lines.append("")
            lines.append("Diagnostics")
            for diagnostic in process.diagnostics { lines.append("  \(diagnostic)") }
        }
        // Paths, the command line and diagnostics come from the core: escaped line by line.
        return lines.map(TextEscaping.escaped).joined(separator: "\n") + "\n"
    }

    private static func processSection(_ process: Process) -> [String] {
        var lines: [String] = []
        let command = process.status.map { " \($0.command)" } ?? ""
        lines.append("Process \(process.pid)\(command)")
        if let status = process.status {
            lines.append("  command line: \(status.arguments)")
            lines.append("  parent \(status.parentPID), uid \(status.uid), gid \(status.gid), state \(status.state)")
        }
        lines.append("  \(process.architecture) core written by \(CoreOrigin.description(of: process)), \(process.threads.count) threads")
        for fact in HandlerFacts.of(process) { lines.append("  \(fact.label.description.lowercased()): \(fact.value)") }
        if let signal = process.signal {
            var text = "  signal \(signal.name) (\(signal.number)), si_code \(signal.code)"
            if let address = signal.faultAddress { text += ", fault address \(TextFormatting.hex(address))" }
            if let sender = signal.senderPID { text += ", sent by pid \(sender)" }
            if let tid = process.signalledThreadTID { text += ", received by thread " + ThreadLabel.text(tid: tid, in: process) }
            lines.append(text)
        } else {
            lines.append("  no signal recorded")
        }
        if process.hasCPUAccounting, let total = process.totalCPUTime {
            lines.append("  process CPU time: \(TextFormatting.cpu(total))")
        } else {
            lines.append("  process CPU time: not recorded in this core")
        }
        return lines
    }

    private static func modulesSection(_ process: Process) -> [String] {
        var lines = ["Modules (\(process.modules.count))"]
        let width = TextFormatting.addressWidth(process)
        for module in process.modules {
            var text = "  " + TextFormatting.address(module.startAddress, width: width) + "-"
                + TextFormatting.address(module.endAddress, width: width) + " \(module.name)"
            text += "  [\(statusText(module.symbolStatus))]"
            if let buildID = module.buildID { text += " build-id \(buildID)" }
            if let file = module.filePath, file != module.name { text += " from \(file)" }
            if let debug = module.debugFilePath, debug != module.filePath { text += " debug \(debug)" }
            lines.append(text)
        }
        return lines
    }

    private static func statusText(_ status: SymbolStatus) -> String {
        switch status {
        case .debugInfo: return "debug info"
        case .symbolsOnly: return "symbols only"
        case .noSymbols: return "no symbols"
        case .missing: return "missing"
        case .buildIDMismatch(let found): return "build-id mismatch: file has \(found)"
        }
    }
}
