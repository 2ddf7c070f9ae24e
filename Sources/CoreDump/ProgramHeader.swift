/// The fields of one ELF program header that the reader uses, in 64-bit form for both classes.
struct ProgramHeader: Equatable {
    /// `p_type` (`PT_LOAD`, `PT_NOTE` ...).
    var type: UInt32
    /// Where the segment's bytes start in the file.
    var fileOffset: UInt64
    /// How many bytes the file holds for the segment (0 for memory that was not dumped).
    var fileSize: UInt64
    /// The segment's first virtual address in the process.
    var virtualAddress: UInt64
    /// The segment's size in the process.
    var memorySize: UInt64
    /// `p_align`.
    var alignment: UInt64
    /// `p_flags`: `PF_X` 1, `PF_W` 2, `PF_R` 4.
    var flags: UInt32
}
