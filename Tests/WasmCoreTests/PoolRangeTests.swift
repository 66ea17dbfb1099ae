import Testing
import WasmCore

/// A hand-built or corrupted `Expression` may carry pool ranges past its pools; reading them
/// must give an empty slice, not trap.
@Suite struct PoolRangeTests {
    @Test func validRangesReadTheirElements() {
        var e = Expression()
        let r = e.addLabels([7, 8, 9])
        #expect(Array(e.labels(r)) == [7, 8, 9])
        #expect(Array(e.labels(PoolRange(start: 1, count: 2))) == [8, 9])
    }

    @Test func outOfRangeLabelsAreEmpty() {
        var e = Expression()
        _ = e.addLabels([1, 2])
        #expect(e.labels(PoolRange(start: 5, count: 3)).isEmpty)
        #expect(e.labels(PoolRange(start: 1, count: 2)).isEmpty)
        #expect(e.labels(PoolRange(start: .max, count: .max)).isEmpty)
    }

    @Test func outOfRangeTypesAndCatchesAreEmpty() {
        var e = Expression()
        _ = e.addTypes([.i32])
        _ = e.addCatches([Catch(kind: .catchAll, label: 0)])
        #expect(e.types(PoolRange(start: 0, count: 2)).isEmpty)
        #expect(e.catches(PoolRange(start: 2, count: 0)).isEmpty)
        #expect(e.catches(PoolRange(start: 0, count: 1)).count == 1)
    }
}
