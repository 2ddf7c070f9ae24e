import Glibc

/// The directory cores are written to (`capture -o`).
public enum CoreDirectory {
    /// The mode of a directory ``create(_:)`` makes: its owner's only, as a core holds the
    /// process's memory (passwords, keys, customer data).
    static let newDirectoryMode: mode_t = 0o700

    /// Makes `path` a directory as `mkdir -p` does: each missing component is created, with
    /// ``newDirectoryMode``; directories that exist (or symbolic links to them) are left as
    /// they are, whatever their mode.
    /// - Throws: ``CaptureError/cannotCreateDirectory(path:reason:)`` when a component exists
    ///   and is not a directory, or cannot be created (permission, a read-only file system).
    public static func create(_ path: String) throws(CaptureError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if case .failure(let error) = KernelInterface.makeDirectory(prefix, mode: newDirectoryMode), error.code != EEXIST {
                throw CaptureError.cannotCreateDirectory(path: prefix, reason: error.text)
            }
            switch KernelInterface.isDirectory(prefix) {
            case .success(true): continue
            case .success(false): throw CaptureError.cannotCreateDirectory(path: prefix, reason: "it exists and is not a directory")
            case .failure(let error): throw CaptureError.cannotCreateDirectory(path: prefix, reason: error.text)
            }
        }
    }
}
