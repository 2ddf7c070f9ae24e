/// One row of the wait-signature table (``WaitSignatures``): a function on a waiting thread's
/// stack that says what the thread waits for, whatever system call it sleeps in.
public struct WaitSignature: Equatable, Hashable, Sendable {
    /// What kind of wait a signature names.
    public enum Kind: String, Equatable, Hashable, Sendable {
        /// Waiting for a lock another thread (or process, or transaction) holds: counted as
        /// blocked by pools and in queue depths.
        case lock
        /// Waiting to be notified (`Object.wait`, a parked thread, a runtime's condition).
        case condition
        /// Waiting for work: a pool's queue, a listener, a parked helper thread.
        case idle
        /// Sleeping for a time.
        case sleep
    }

    /// The runtime, server or library whose wait a row names: a stable token for machines
    /// (the JSON report's `runtime`).
    public enum Runtime: String, Equatable, Hashable, Sendable, CaseIterable {
        /// CPython, the reference Python interpreter.
        case cpython
        /// The HotSpot JVM (OpenJDK).
        case hotspot
        /// PostgreSQL's backends and background processes.
        case postgresql
        /// MariaDB's server and its InnoDB engine.
        case mariadb
        /// The Redis server.
        case redis
        /// Rust's standard library.
        case rustStd = "rust-std"
        /// The parking_lot crate.
        case parkingLot = "parking-lot"
        /// Go's runtime.
        case go
        /// .NET's CoreCLR.
        case coreclr
        /// The nginx web server.
        case nginx
    }

    /// How ``function`` is compared with a frame's normalised name.
    public enum Match: Equatable, Hashable, Sendable {
        /// The whole name.
        case exact
        /// The name starts with it (`handler::ha_` for every storage-engine call).
        case prefix
        /// The name ends with `::` and it (Rust paths that change between releases).
        case suffix
    }

    /// The function, normalised (see ``WaitSignatures/normalise(_:)``).
    public var function: String
    /// Whose wait it is.
    public var runtime: Runtime
    /// How ``function`` is compared.
    public var match: Match
    /// The kind of wait.
    public var kind: Kind
    /// What the thread waits for, as the report says it: `the GIL (CPython)`.
    public var object: String
    /// Where the holder is found when one process cannot tell (`pg_locks`), or nil.
    public var holder: String?
    /// Whether the futex word the thread sleeps on is the lock itself, so that waiters on
    /// one word are one queue. False when the word is a per-thread parker or condition.
    public var futexIsLock: Bool
    /// Whether the row was taken from the runtime's source only, never checked on a real
    /// stack.
    public var isSourceOnly: Bool

    public init(
        _ function: String, runtime: Runtime, match: Match = .exact, kind: Kind, object: String,
        holder: String? = nil, futexIsLock: Bool = true, isSourceOnly: Bool = false
    ) {
        self.function = function
        self.runtime = runtime
        self.match = match
        self.kind = kind
        self.object = object
        self.holder = holder
        self.futexIsLock = futexIsLock
        self.isSourceOnly = isSourceOnly
    }

    /// Whether a normalised function name is this row's function.
    func matches(_ name: String) -> Bool {
        switch match {
        case .exact: name == function
        case .prefix: name.hasPrefix(function)
        case .suffix: name == function || name.hasSuffix("::" + function)
        }
    }
}
