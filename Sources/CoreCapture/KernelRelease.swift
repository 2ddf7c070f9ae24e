/// The major and minor version of a Linux kernel release as `uname -r` gives it
/// (`6.18.44-fc-v1147` is 6.18): capture writes the notes that this kernel writes into its
/// own cores.
struct KernelRelease: Comparable {
    var major: Int
    var minor: Int

    /// Linux 6.12 is the first to write `NT_X86_XSAVE_LAYOUT` (commit ba386777a30b, "x86/elf:
    /// Add a new FPU buffer layout info to x86 core files").
    static let firstWithXSaveLayout = KernelRelease(major: 6, minor: 12)

    /// The running kernel's, nil when `uname` gives no release we can read.
    static let running = KernelRelease(KernelInterface.kernelRelease())

    init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Reads the leading `MAJOR.MINOR` of `release`; nil when it does not start that way.
    init?(_ release: String) {
        let parts = release.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2, let major = Int(parts[0]) else { return nil }
        let minorDigits = parts[1].prefix { $0.isASCII && $0.isNumber }
        guard let minor = Int(minorDigits) else { return nil }
        self.init(major: major, minor: minor)
    }

    static func < (left: KernelRelease, right: KernelRelease) -> Bool {
        (left.major, left.minor) < (right.major, right.minor)
    }
}
