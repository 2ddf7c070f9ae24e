import Foundation

/// One input of a campaign: a fixture mutated by `(kind, seed)`, or a file already on disk
/// (a regression input), analysed with the fixture's executable.
public struct FuzzInput: Sendable {
    public enum Origin: Sendable {
        case mutation(MutationKind, seed: UInt64)
        case file(path: String)
    }

    /// The fixture whose executable is given with `--exe` (and, for a mutation, whose core
    /// is mutated).
    public var fixture: String
    public var origin: Origin

    public init(fixture: String, origin: Origin) {
        self.fixture = fixture
        self.origin = origin
    }

    public init(fixture: String, kind: MutationKind, seed: UInt64) {
        self.init(fixture: fixture, origin: .mutation(kind, seed: seed))
    }

    /// `fixture/kind/seed`, or the file's name: what `core-mutate write` takes to rebuild it.
    public var name: String {
        switch origin {
        case .mutation(let kind, let seed): "\(fixture)/\(kind.rawValue)/\(seed)"
        case .file(let path): String(path.split(separator: "/").last ?? "")
        }
    }

    /// Whether the input was built to be huge (``MutationKind/isLarge``): a mutation of such a
    /// kind, or a regression file named `FIXTURE--KIND--SEED` after one.
    public var isLarge: Bool {
        switch origin {
        case .mutation(let kind, _):
            return kind.isLarge
        case .file(let path):
            let parts = (path.split(separator: "/").last ?? "").components(separatedBy: "--")
            return parts.count == 3 && MutationKind(rawValue: parts[1])?.isLarge == true
        }
    }

    /// The mutation class, for counts per class: the kind's name, or "regression".
    public var className: String {
        switch origin {
        case .mutation(let kind, _): kind.rawValue
        case .file: "regression"
        }
    }
}

/// The outcome of one input.
public struct FuzzResult: Sendable {
    public var input: FuzzInput
    /// What the mutation changed.
    public var summary: String
    public var run: ContainedRun
    /// Empty for a clean run.
    public var problems: [String]
}
