extension Array {
    /// The index of the last element whose key is at most `value`, in an array sorted by that
    /// key, or nil when every key is greater: the entry that may contain an address in a
    /// table of ranges sorted by start.
    ///
    /// - Complexity: O(log n).
    func lastIndex(withKeyAtMost value: UInt64, key: (Element) -> UInt64) -> Int? {
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if key(self[middle]) <= value { low = middle + 1 } else { high = middle }
        }
        return low > 0 ? low - 1 : nil
    }
}
