import Testing
@testable import CoreCapture

/// The `NT_X86_XSAVE_LAYOUT` note built from given CPUID answers, and the kernel release that
/// decides whether it is written. The note of the running CPU is compared with the kernel's
/// own in ``KernelCoreComparisonTests``.
struct XSaveLayoutTests {
    /// CPUID leaf 0xD (size, offset) of an AMD Zen 4 with AVX-512 and no PKRU, as in a VM:
    /// the opmask follows AVX directly, where Intel keeps room for MPX (offset 1088).
    static let zen4: [UInt32: (size: UInt32, offset: UInt32)] = [2: (256, 576), 5: (64, 832), 6: (512, 896), 7: (1024, 1408)]

    @Test func zen4LayoutHasOneRecordPerExtendedFeatureInOrder() throws {
        // XCR0 0xe7: x87, SSE, AVX, opmask, ZMM_Hi256, Hi16_ZMM.
        let layout = try #require(XSaveLayout(userFeatures: 0xE7) { Self.zen4[$0] })
        #expect(layout.components == [
            .init(feature: 2, size: 256, offset: 576), .init(feature: 5, size: 64, offset: 832),
            .init(feature: 6, size: 512, offset: 896), .init(feature: 7, size: 1024, offset: 1408),
        ])
        let bytes = layout.encoded()
        #expect(bytes.count == 64)
        // type 5, size 64, offset 832 (0x340), flags 0.
        #expect(Array(bytes[16..<32]) == [5, 0, 0, 0, 64, 0, 0, 0, 0x40, 3, 0, 0, 0, 0, 0, 0])
        // The last component ends where the 2,432-byte NT_X86_XSTATE of such a machine ends.
        #expect(layout.components.map { $0.offset + $0.size }.max() == 2432)
    }

    @Test func onlyLegacyFeaturesGiveAnEmptyDescriptor() throws {
        let layout = try #require(XSaveLayout(userFeatures: 0x3) { _ in Issue.record("asked for a legacy feature"); return nil })
        #expect(layout.components.isEmpty && layout.encoded().isEmpty)
    }

    @Test func aFeatureWithoutGeometryGivesNoLayout() {
        #expect(XSaveLayout(userFeatures: 0x207) { $0 == 9 ? nil : Self.zen4[$0] } == nil)
    }

    @Test func userFeaturesAreTheWordAtOffset464OfTheXSaveArea() {
        var area = [UInt8](repeating: 0, count: 832)
        area[464] = 0xE7
        area[465] = 0x02
        area[471] = 0x80
        #expect(XSaveLayout.userFeatures(inExtendedState: area) == 0x8000_0000_0000_02E7)
        #expect(XSaveLayout.userFeatures(inExtendedState: Array(area.prefix(471))) == nil)
        #expect(XSaveLayout.userFeatures(inExtendedState: nil) == nil)
    }

    @Test func kernelReleaseReadsMajorAndMinor() {
        #expect(KernelRelease("6.18.44-fc-v1147") == KernelRelease(major: 6, minor: 18))
        #expect(KernelRelease("6.12-rc1") == KernelRelease(major: 6, minor: 12))
        #expect(KernelRelease("5.15.0-91-generic") == KernelRelease(major: 5, minor: 15))
        #expect(KernelRelease("10.0") == KernelRelease(major: 10, minor: 0))
        #expect(KernelRelease("6") == nil)
        #expect(KernelRelease("linux") == nil)
        #expect(KernelRelease(".12.1") == nil)
        #expect(KernelRelease("6.rc") == nil)
        #expect(KernelRelease("6.12.0")! >= KernelRelease.firstWithXSaveLayout)
        #expect(KernelRelease("6.11.11")! < KernelRelease.firstWithXSaveLayout)
        #expect(KernelRelease("7.0.0")! >= KernelRelease.firstWithXSaveLayout)
    }
}
