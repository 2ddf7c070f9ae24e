/// Where the triage database is: an SQLite file, or a PostgreSQL server shared by many hosts.
public enum StoreLocation: Equatable, Sendable {
    /// An SQLite database file, created with its directory when missing.
    case sqlite(path: String)
    /// A PostgreSQL connection URL (`postgres://user@host/db`, or with `?host=/socket/dir`),
    /// as libpq reads it.
    case postgres(url: String)

    /// The location `--db` names: a `postgres://` or `postgresql://` URL, else a file path.
    public init(argument: String) throws(StoreError) {
        if argument.hasPrefix("postgres://") || argument.hasPrefix("postgresql://") {
            self = .postgres(url: argument)
        } else if argument.isEmpty || argument.contains("://") {
            throw .invalidLocation(argument)
        } else {
            self = .sqlite(path: argument)
        }
    }

    /// The default database: `$XDG_DATA_HOME/analyze-dump/triage.sqlite`, or
    /// `$HOME/.local/share/analyze-dump/triage.sqlite` when `XDG_DATA_HOME` is unset or not
    /// absolute (as the XDG base directory specification says).
    public static func defaultLocation(environment: [String: String]) -> StoreLocation {
        let dataHome = environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? (environment["HOME"] ?? "/root") + "/.local/share"
        return .sqlite(path: dataHome + "/analyze-dump/triage.sqlite")
    }

    /// The location for messages, with a PostgreSQL URL's password hidden.
    public var displayName: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let url):
            // scheme://user:password@host...: the password is between the first ':' after
            // the scheme and the last '@' before any '/'.
            let afterScheme = url.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
            guard afterScheme.count == 3, let authority = afterScheme[2].split(separator: "/", maxSplits: 1).first,
                  let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
            return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
        }
    }
}
