/// Which cores the groups are made of.
public struct GroupQuery: Equatable, Sendable {
    /// Only cores seen at or after this time, microseconds since the epoch (`--since 7d`).
    public var sinceMicroseconds: Int64?
    /// Only cores of this executable, matched against its file name or its whole path
    /// (`--executable NAME`).
    public var executable: String?

    public init(sinceMicroseconds: Int64? = nil, executable: String? = nil) {
        self.sinceMicroseconds = sinceMicroseconds
        self.executable = executable
    }
}
