import Testing
import DumpModel

@Suite struct SaturatingRoundingTests {
    @Test func roundsToTheNearestAndHoldsAtTheBounds() {
        #expect(Int(saturatingRounded: 2.5) == 3)
        #expect(Int(saturatingRounded: -2.4) == -2)
        #expect(Int(saturatingRounded: 1e300) == .max)
        #expect(Int(saturatingRounded: 9_223_372_036_854_775_807.0) == .max)
        #expect(Int(saturatingRounded: -1e300) == .min)
        #expect(Int(saturatingRounded: .infinity) == .max)
        #expect(Int(saturatingRounded: -.infinity) == .min)
        #expect(Int(saturatingRounded: .nan) == 0)
    }

    @Test func secondsOfAnyValueFormatWithoutTrapping() {
        #expect(CPUTime.formatSeconds(2.514) == "2.51 s")
        #expect(CPUTime.formatSeconds(.infinity) == "92233720368547758.07 s")
        #expect(CPUTime.formatSeconds(.nan) == "0.00 s")
    }
}
