import ArgumentParser
import CoreDump

/// The core to read and where to find its binaries.
struct CoreOptions: ParsableArguments {
    @Argument(help: "The core file (plain, or compressed with zstd, lz4 or xz), or - to read it from standard input.")
    var core: String

    @OptionGroup var binaries: BinaryOptions

    /// The reader's options.
    var readOptions: CoreReadOptions { binaries.readOptions }
}
