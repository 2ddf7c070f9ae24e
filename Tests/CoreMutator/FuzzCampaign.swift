import Foundation

/// Runs mutated cores through the built `analyze-dump`, each as
/// `analyze-dump CORE --exe EXE -o TEXT --json JSON --html HTML` (read, every analysis, all
/// three renderers), a few at a time, and judges each run with ``RunVerdict``.
public final class FuzzCampaign: Sendable {
    public struct Configuration: Sendable {
        /// The `analyze-dump` binary.
        public var binary: String
        /// The `contained-run` launcher (built next to it).
        public var launcher: String
        /// A directory for the inputs and reports (one subdirectory per worker).
        public var workDirectory: String
        /// Runs at the same time.
        public var jobs = 2
        /// A run still going after this many seconds is a hang.
        public var timeout = 30.0
        /// The same for an input built to be huge (``FuzzInput/isLarge``: 5,000 threads of
        /// thousands of frames, 300,000 notes): the debug binary the tests run spends 13 to 22 s
        /// of CPU on the largest (the release binary 2.5 s), which two runs at a time on two
        /// loaded cores stretch past 30 s of wall time. The limit catches hangs, not slowness;
        /// docs/fuzzing.md gives the release figures.
        public var largeInputTimeout = 120.0
        /// A run whose peak RSS passes this is a memory blow-up: 1 GiB (4 GiB for binaries built
        /// with AddressSanitizer, whose shadow memory and quarantine count in RSS).
        public var residentLimit = AddressSanitizer.isLoaded ? 4 << 30 : 1 << 30
        /// `ulimit -v` for each run, so a blow-up fails instead of taking the machine; none for
        /// AddressSanitizer builds, which reserve terabytes of address space.
        public var addressSpaceLimit = AddressSanitizer.isLoaded ? 0 : 8 << 30

        public init(binary: String, workDirectory: String) {
            self.binary = binary
            self.workDirectory = workDirectory
            launcher = String(binary[..<(binary.lastIndex(of: "/") ?? binary.startIndex)]) + "/contained-run"
        }
    }

    private let configuration: Configuration
    private let sources: [String: SourceCore]
    private let executables: [String: String]

    /// - Parameters:
    ///   - sources: the fixture cores by fixture name.
    ///   - executables: each fixture's executable, for `--exe`.
    public init(configuration: Configuration, sources: [String: SourceCore], executables: [String: String]) {
        self.configuration = configuration
        self.sources = sources
        self.executables = executables
    }

    /// Creates the FIFO that mutated `NT_FILE` paths name (a FIFO nobody writes to).
    public static func prepareSpecialPaths() {
        var status = stat()
        if lstat(SpecialPath.fifo, &status) == 0 && status.st_mode & S_IFMT != S_IFIFO { unlink(SpecialPath.fifo) }
        mkfifo(SpecialPath.fifo, 0o600)
    }

    /// Runs every input and returns the results in input order. `progress` is called after
    /// each input, from the worker that ran it.
    public func run(_ inputs: [FuzzInput], progress: (@Sendable (FuzzResult) -> Void)? = nil) throws -> [FuzzResult] {
        Self.prepareSpecialPaths()
        let state = State(count: inputs.count)
        mkdir(configuration.workDirectory, 0o755)
        DispatchQueue.concurrentPerform(iterations: configuration.jobs) { worker in
            let directory = "\(configuration.workDirectory)/worker-\(worker)"
            mkdir(directory, 0o755)
            while let index = state.take(), index < inputs.count {
                do {
                    let result = try run(inputs[index], in: directory)
                    state.finish(index, with: result)
                    progress?(result)
                } catch {
                    state.fail(error)
                }
            }
        }
        return try state.results()
    }

    /// The inputs handed out so far and the results back, shared by the workers.
    private final class State: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private var collected: [FuzzResult?]
        private var failure: Error?

        init(count: Int) { collected = Array(repeating: nil, count: count) }

        /// The next input's index, nil once an error stopped the campaign.
        func take() -> Int? {
            lock.withLock {
                guard failure == nil else { return nil }
                defer { next += 1 }
                return next
            }
        }

        func finish(_ index: Int, with result: FuzzResult) { lock.withLock { collected[index] = result } }

        func fail(_ error: Error) { lock.withLock { failure = error } }

        func results() throws -> [FuzzResult] {
            try lock.withLock {
                if let failure { throw failure }
                return collected.map { $0! }
            }
        }
    }

    /// The bytes of an input and what the mutation changed.
    public func bytes(of input: FuzzInput) throws(ContainedRun.Failure) -> MutatedCore {
        switch input.origin {
        case .mutation(let kind, let seed):
            guard let source = sources[input.fixture] else { throw .init(description: "no fixture \(input.fixture)") }
            return CoreMutator.mutate(source, kind: kind, seed: seed)
        case .file(let path):
            return MutatedCore(bytes: FileBytes.read(path, limit: 1 << 30), summary: path)
        }
    }

    private func run(_ input: FuzzInput, in directory: String) throws -> FuzzResult {
        let mutated = try bytes(of: input)
        let core = "\(directory)/core"
        guard FileBytes.write(core, mutated.bytes) else { throw ContainedRun.Failure(description: "cannot write \(core)") }
        let reports = ReportPaths(text: "\(directory)/report.txt", json: "\(directory)/report.json", html: "\(directory)/report.html")
        for path in [reports.text, reports.json, reports.html] { unlink(path) }
        guard let executable = executables[input.fixture] else { throw ContainedRun.Failure(description: "no executable for \(input.fixture)") }
        let timeout = input.isLarge ? configuration.largeInputTimeout : configuration.timeout
        let run = try ContainedRun.run(
            launcher: configuration.launcher, configuration.binary,
            [core, "--exe", executable, "-o", reports.text, "--json", reports.json, "--html", reports.html],
            timeout: timeout, addressSpaceLimit: configuration.addressSpaceLimit, scratch: "\(directory)/run")
        let problems = RunVerdict.problems(of: run, reports: reports, timeout: timeout, residentLimit: configuration.residentLimit)
        return FuzzResult(input: input, summary: mutated.summary, run: run, problems: problems)
    }
}
