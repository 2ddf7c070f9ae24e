/// The `NT_X86_XSAVE_LAYOUT` note (type 0x205, owner `LINUX`) that Linux writes into its
/// cores since 6.12 (`arch/x86/kernel/fpu/xstate.c`, `elf_coredump_extra_notes_write`):
/// where each XSAVE state component lies in the `NT_X86_XSTATE` area.
///
/// Debuggers need it because the standard XSAVE layout differs between CPUs: AMD's Zen 3 and
/// later leave no room for Intel's MPX, so AVX-512 and PKRU sit at other offsets, and a
/// debugger that assumes Intel's layout finds the area "too small" (gdb before 14).
///
/// The descriptor is one 16-byte `struct x86_xfeat_component` (type, size, offset, flags, each
/// a little-endian 32-bit word) per feature the kernel enables for user space beyond the
/// legacy FXSAVE area (features 0 and 1, x87 and SSE), in feature order. Size and offset are
/// CPUID leaf 0xD's EAX and EBX for that feature; flags are 0 (reserved). With no such
/// feature the descriptor is empty (kernels without commit c8161e5304ab failed the whole
/// dump instead).
struct XSaveLayout: Equatable {
    /// One XSAVE state component.
    struct Component: Equatable {
        /// The XSAVE feature number: 2 AVX, 5 to 7 AVX-512, 9 PKRU, 17 and 18 AMX ...
        var feature: UInt32
        /// Its size in bytes.
        var size: UInt32
        /// Its offset from the start of the XSAVE area, in the standard (non-compacted) format.
        var offset: UInt32
    }

    static let noteName = "LINUX"
    static let noteType: UInt32 = 0x205
    /// The first feature beyond the legacy area (the kernel's `FIRST_EXTENDED_XFEATURE`).
    static let firstExtendedFeature = 2
    /// Where the `NT_X86_XSTATE` area that `PTRACE_GETREGSET` returns holds the features the
    /// kernel enables for user space (XCR0, the kernel's `fpu_user_cfg.max_features`): the
    /// first word of the FXSAVE software-reserved bytes (`USER_XSTATE_XCR0_WORD`), where gdb
    /// reads it too.
    static let userFeaturesOffset = 464

    var components: [Component]

    /// The layout of the features in `userFeatures` from bit 2 up.
    /// - Parameter geometry: a feature's size and offset; nil when unknown, which makes the
    ///   whole layout nil (a wrong note is worse than none).
    init?(userFeatures: UInt64, geometry: (UInt32) -> (size: UInt32, offset: UInt32)?) {
        var components: [Component] = []
        for feature in UInt32(Self.firstExtendedFeature)..<64 where userFeatures & (1 << UInt64(feature)) != 0 {
            guard let (size, offset) = geometry(feature) else { return nil }
            components.append(Component(feature: feature, size: size, offset: offset))
        }
        self.components = components
    }

    /// The note the running kernel writes into its own core of a process whose XSAVE area
    /// (`PTRACE_GETREGSET NT_X86_XSTATE`) is `extendedState`, with sizes and offsets from this
    /// CPU's CPUID leaf 0xD, as the kernel reads them at boot. Nil when that kernel writes
    /// none: before Linux 6.12 (or an unreadable release), or without XSAVE (no area).
    static func writtenByRunningKernel(extendedState: [UInt8]?) -> XSaveLayout? {
        guard let release = KernelRelease.running, release >= KernelRelease.firstWithXSaveLayout,
              let userFeatures = userFeatures(inExtendedState: extendedState)
        else { return nil }
        return XSaveLayout(userFeatures: userFeatures) { feature in
            KernelInterface.cpuid(leaf: 0xD, subleaf: feature).map { (size: $0.eax, offset: $0.ebx) }
        }
    }

    /// The user features word of an `NT_X86_XSTATE` area; nil when the area is missing or too
    /// short to hold it.
    static func userFeatures(inExtendedState area: [UInt8]?) -> UInt64? {
        area?.littleEndianUInt64(at: userFeaturesOffset)
    }

    /// The note's descriptor.
    func encoded() -> [UInt8] {
        var writer = ByteWriter()
        for component in components {
            writer.u32(component.feature)
            writer.u32(component.size)
            writer.u32(component.offset)
            writer.u32(0)  // flags, reserved
        }
        return writer.bytes
    }
}
