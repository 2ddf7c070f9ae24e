import Testing
@testable import CoreDump

/// C++ names go through libstdc++'s `__cxa_demangle`, Swift names through the Swift
/// runtime's `swift_demangle`; anything else is left alone.
@Suite struct DemanglerTests {
    @Test func cplusplusNamesAreDemangled() {
        #expect(Demangler.demangle("_ZN6render12TextureCache6lookupEi") == "render::TextureCache::lookup(int)")
    }

    @Test func swiftNamesAreDemangled() {
        #expect(Demangler.demangle("$sSS5countSivg") == "Swift.String.count.getter : Swift.Int")
    }

    @Test func plainAndMalformedNamesAreKept() {
        #expect(Demangler.demangle("warm_up_model_cache") == "warm_up_model_cache")
        #expect(Demangler.demangle("_Znot-a-name") == "_Znot-a-name")
    }
}
