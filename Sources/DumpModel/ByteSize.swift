/// Sizes in bytes as people read them.
public enum ByteSize {
    /// `1.2 GiB`, `48.0 MiB`, `512.0 KiB`, `100 bytes`.
    public static func format(_ bytes: UInt64) -> String {
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024)]
        for (unit, scale) in units where Double(bytes) >= scale {
            return String(Double(Int(Double(bytes) / scale * 10 + 0.5)) / 10) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
