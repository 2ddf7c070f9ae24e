import DumpModel

/// The addresses goroutines sleep on in the Go runtime's semaphore table (`runtime.semtable`):
/// what a goroutine blocked in `sync.Mutex.Lock`, `sync.RWMutex` or `sync.WaitGroup.Wait`
/// waits for, since its stack holds no argument a reader could trust (Go passes them in
/// registers).
///
/// The table is 251 roots, each a treap of `sudog`s keyed by address (children in `prev` and
/// `next`), each treap node heading the list of the other waiters on its address
/// (`waitlink`). Layouts come from DWARF; every pointer is checked (non-zero, aligned,
/// readable), and the walk stops at ``maximumWaiters`` sudogs or on a sudog seen before.
struct GoSemaphoreTable {
    /// More waiters than this are not read: a corrupt treap cannot make the walk run for hours.
    static let maximumWaiters = 100_000
    /// `semTabSize` in runtime/sema.go, the same from Go 1.0 to 1.23.
    static let rootCount = 251

    /// The semaphore address each waiting goroutine (by its `runtime.g` address) sleeps on;
    /// empty when the binary has no table or its DWARF does not describe it.
    static func waiters(_ image: ProcessImage, types: any TypeLayoutLookup) -> [UInt64: UInt64] {
        guard let table = image.symbols.address(ofSymbol: "runtime.semtable"),
              let tableSize = image.symbols.symbol(containing: table)?.size, tableSize >= UInt64(rootCount),
              let treap = types.member("treap", ofType: "runtime.semaRoot"),
              let goroutine = types.member("g", ofType: "runtime.sudog"),
              let left = types.member("prev", ofType: "runtime.sudog"),
              let right = types.member("next", ofType: "runtime.sudog"),
              let element = types.member("elem", ofType: "runtime.sudog"),
              let waitLink = types.member("waitlink", ofType: "runtime.sudog")
        else { return [:] }
        let memory = image.memory
        func pointer(_ address: UInt64, _ field: TypeMemberLayout) -> UInt64? {
            guard field.size == 8, let value = memory.readWord(at: address &+ field.offset, size: 8), value != 0, value % 8 == 0
            else { return nil }
            return value
        }
        let stride = tableSize / UInt64(rootCount)
        var result: [UInt64: UInt64] = [:]
        var seen = Set<UInt64>()
        for root in 0..<UInt64(rootCount) {
            guard let top = pointer(table &+ root &* stride, treap) else { continue }
            var pending = [top]
            while let node = pending.popLast() {
                guard seen.count < maximumWaiters, seen.insert(node).inserted else { continue }
                if let address = memory.readWord(at: node &+ element.offset, size: 8) {
                    var waiter: UInt64? = node
                    while let sudog = waiter, seen.count < maximumWaiters {
                        if let g = pointer(sudog, goroutine) { result[g] = address }
                        waiter = pointer(sudog, waitLink)
                        guard let next = waiter, seen.insert(next).inserted else { break }
                    }
                }
                if let child = pointer(node, left) { pending.append(child) }
                if let child = pointer(node, right) { pending.append(child) }
            }
        }
        return result
    }
}
