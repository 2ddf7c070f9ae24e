/// The most work and memory a core can make the reader spend, so that any input, however
/// hostile, finishes in bounded time and memory (the goal: at most 1 GiB resident). Every cap
/// is far above what real processes produce; a core that reaches one gets a warning saying
/// what was left out, and the rest of the report as usual.
///
/// The figures come from measurements of the release binary on mutated fixture cores and on
/// the many-threads benchmark cores (`Benchmarks/`); `docs/architecture.md` lists them.
public enum CoreReadLimits {
    /// Program headers read. The kernel writes one per mapping: 65,530 at the default
    /// `vm.max_map_count`.
    public static let maximumProgramHeaderCount = 1 << 20
    /// Bytes a compressed core (zstd, lz4, xz) may expand to, holes included: twice the
    /// largest core systemd-coredump keeps by default (`ProcessSizeMax=32G` on 64-bit). A few
    /// KB of zstd can declare GiB of zeros, which are scanned once each (4 GiB in 0.5 s), so
    /// this also bounds the time a decompression bomb takes to seconds.
    public static let maximumDecompressedSize: UInt64 = 64 << 30
    /// Section headers a core may claim. libelf's `elf_begin` allocates a descriptor for
    /// each; the kernel writes none (or one), gdb about one per segment.
    public static let maximumSectionHeaderCount = 1 << 20
    /// `PT_LOAD` segments above which libdwfl is not asked to find the modules: its search is
    /// quadratic in segments (1 s at 65,000, 9 s at 200,000).
    public static let maximumReportedSegmentCount = 1 << 17
    /// Modules read. Each loads its file's symbols and debug information (14 MiB for glibc
    /// with its debug file); real processes map a few hundred libraries.
    public static let maximumModuleCount = 4096
    /// Opens of one file during a read. libdwfl opens a module's file for its `NT_FILE` entry
    /// and its link-map entry, the locator and the debug-info search once more: a few times in
    /// all. A core can name one file for thousands of modules.
    public static let maximumOpensPerFile = 16
    /// Bytes of one read libdwfl makes of the core on its own, other than of the first note
    /// segment (which it reads at once, up to ``maximumNoteBytes``): it reads the headers,
    /// notes and dynamic section of each module whose ELF header is in core memory, in the
    /// sizes those headers claim (a module note segment claiming 2.5 GB of a sparse core took
    /// 2.4 GiB). The largest legitimate read is the program header table: 56 MiB at 2^20.
    public static let maximumLibraryReadSize = 64 << 20
    /// Bytes of `PT_NOTE` segments read, over all of them. A kernel core needs about 3.5 KiB
    /// per thread on x86_64 with AVX-512 state.
    public static let maximumNoteBytes: UInt64 = 256 << 20
    /// Threads read: the `NT_PRSTATUS` notes after this many are ignored.
    public static let maximumThreadCount = 100_000
    /// `NT_FILE` entries read.
    public static let maximumMappedFileCount = 1 << 18
    /// Machine frames unwound over all threads, unless ``CoreReadOptions/frameBudget`` says
    /// otherwise. The 10,000-thread benchmark core has 274,000 (528,000 with inlined calls).
    public static let defaultFrameBudget = 500_000
    /// Frames shown (inlined calls are frames of their own) per machine frame of the budget:
    /// the benchmark core shows 1.93 per machine frame, and a core can point every PC where a
    /// library inlines deepest.
    public static let shownFramesPerMachineFrame = 2
    /// Frames of the budget set aside for each thread not yet unwound, so that the threads
    /// after the budget ran out still show where they are (fewer when the threads are so many
    /// that this would take more than half the budget; at least one).
    public static let framesSetAsidePerThread = 8
    /// Frames of runaway recursions counted past the frame limit, over all threads: a thread
    /// whose stack is cut inside a repeating cycle is unwound on to the end of the recursion,
    /// counting the rounds without keeping them (``RecursionCounter``), so that a stack
    /// overflow gets its exact depth. An 8 MiB stack holds at most 524,288 frames of 16 bytes.
    public static let maximumCountedRecursionFrames = 1_000_000
    /// The fewest bytes of stack a frame of a recursion takes (x86_64 and aarch64 keep the
    /// stack 16-byte aligned at calls): a thread's stack above the frame limit, divided by
    /// this, bounds the frames counted on it.
    public static let minimumRecursiveFrameBytes: UInt64 = 16
}
