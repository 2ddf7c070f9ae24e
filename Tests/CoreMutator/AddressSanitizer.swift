import Glibc

/// Whether this process runs under AddressSanitizer, and so were the binaries built with it
/// (`swift build --sanitize=address` instruments the whole package).
enum AddressSanitizer {
    /// True when the ASan runtime is loaded. An ASan process reserves terabytes of address
    /// space for its shadow memory, so it cannot run under `ulimit -v`, and its quarantine
    /// and shadow inflate its RSS.
    static let isLoaded = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "__asan_init") != nil  // RTLD_DEFAULT
}
