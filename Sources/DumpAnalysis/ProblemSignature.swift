import DumpModel

/// The identifier that groups cores showing the same problem, across runs, hosts, PIDs, TIDs,
/// ASLR and queue depths: for a crash the ``CrashSignature``, for a core that did not crash
/// the hang signature of its top problem finding (``HangSignatureRules``). A healthy core has
/// none. docs/signatures.md says what goes in and what stays out.
public struct ProblemSignature: Equatable, Sendable {
    /// Whether the process died or was dumped while stuck.
    public enum Kind: String, Equatable, Sendable {
        case crash
        case hang
    }

    /// Crash or hang.
    public var kind: Kind
    /// 16 lowercase hex digits; for a crash equal to ``CrashSignature/of(_:in:frames:)``.
    public var value: String
    /// The kind of finding the signature is built from (`null-dereference`, `lock-held-while-running`).
    public var finding: Finding.Kind
    /// The function names that define the problem, without addresses, offsets or lines.
    public var frames: [String]
    /// One line of plain text naming the problem by its kind and frames, the same for every
    /// core with this signature (no TID, count or address).
    public var title: String

    public init(kind: Kind, value: String, finding: Finding.Kind, frames: [String], title: String) {
        self.kind = kind
        self.value = value
        self.finding = finding
        self.frames = frames
        self.title = title
    }
}

extension ProblemSignature {
    /// The signature of a core: the crash's when it crashed, else the hang signature of the
    /// first of `findings` (ordered, errors first) that is at least a warning and whose kind
    /// has a row in ``HangSignatureRules/table``; nil for a healthy core.
    static func of(
        crash: CrashReport?, findings: [Finding], evidence: HangSignatureRules.Evidence
    ) -> ProblemSignature? {
        if let crash { return crashSignature(crash, evidence: evidence) }
        for finding in findings where finding.severity >= .warning {
            guard let rule = HangSignatureRules.table[finding.kind] else { continue }
            let frames = rule.frames(evidence, finding)
            // Without a frame, the executable's name keeps one program's problem apart from
            // another's; it goes into the hash as a frame would.
            let defining = frames.isEmpty ? [evidence.process.status?.command ?? ""] : frames
            return ProblemSignature(
                kind: .hang, value: SignatureHash.of(["hang", finding.kind.rawValue] + defining),
                finding: finding.kind, frames: frames, title: rule.title(defining))
        }
        return nil
    }

    /// The crash's signature as ``CrashSignature`` computes it; its frames are the named ones
    /// of those it hashes (a `module+0xoffset` frame counts in the value but is not listed).
    private static func crashSignature(_ crash: CrashReport, evidence: HangSignatureRules.Evidence) -> ProblemSignature {
        let value = CrashSignature.of(crash, in: evidence.process, frames: evidence.frames)
        let named = CrashSignature.signatureFrames(of: crash, in: evidence.process, frames: evidence.frames).compactMap(\.function)
        var title = "\(crash.signalName) \(CrashSignature.kindName(crash.kind))"
        if let first = named.first { title += " in " + first }
        return ProblemSignature(kind: .crash, value: value, finding: findingKind(crash.kind), frames: named, title: title)
    }

    /// The finding kind ``CrashFindings`` raises for a crash of `kind`.
    static func findingKind(_ kind: CrashReport.Kind) -> Finding.Kind {
        switch kind {
        case .nullDereference: .nullDereference
        case .stackOverflow: .stackOverflow
        case .abort: .abort
        case .uncaughtException: .uncaughtException
        case .other: .crash
        }
    }
}
