import Foundation

/// A fixture's core compressed at test time with another tool than the zstd it is committed
/// in (`lz4`, `xz`: the other compressions systemd-coredump may use), in the scratch directory.
public enum CompressedCore {
    /// Compresses `fixture`'s core with `tool` (`lz4` or `xz`, run as `tool -c`) into a file
    /// of its own (`<fixture>-<UUID>.<tool>`, so that tests running at once never share one)
    /// in the scratch directory and returns its path.
    public static func make(of fixture: Fixture, with tool: String) throws -> String {
        let output = Scratch.directory.appendingPathComponent("\(fixture.name)-\(UUID().uuidString).\(tool)").path
        try Command.run("/bin/sh", ["-c", #"exec "$0" -q -c < "$1" > "$2""#, tool, try fixture.plainCorePath, output])
        return output
    }

    /// The first half of the file at `path`, written beside it as `<name>.truncated`.
    public static func truncatedCopy(of path: String) throws -> String {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let output = path + ".truncated"
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: output))
        return output
    }
}
