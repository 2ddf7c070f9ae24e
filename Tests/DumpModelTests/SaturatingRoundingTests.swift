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

    @Test func timesBelowTenMillisecondsAreInMilliseconds() {
        #expect(CPUTime.formatSeconds(0) == "0.00 s")
        #expect(CPUTime.formatSeconds(0.000_4) == "0.4 ms")
        #expect(CPUTime.formatSeconds(0.000_04) == "0.0 ms")
        #expect(CPUTime.formatSeconds(0.000_95) == "1 ms")
        #expect(CPUTime.formatSeconds(0.004) == "4 ms")
        #expect(CPUTime.formatSeconds(0.009_4) == "9 ms")
        #expect(CPUTime.formatSeconds(0.009_6) == "0.01 s")
        #expect(CPUTime.formatSeconds(0.04) == "0.04 s")
        #expect(CPUTime(userMicroseconds: 3_000, systemMicroseconds: 1_000).formattedTotal == "4 ms")
    }
}
