// The source offsets of an `Expression`'s instructions, stored compactly: a signed byte per
// instruction (its offset minus the previous one's: an instruction's binary encoding, or the text
// between two instructions, is rarely more than 127 bytes away), the full offset of every 32nd,
// and the few that do not fit a byte in a side table. About 1.2 bytes an instruction instead of
// 4; elements are `UInt32` offsets as before. Offsets are read for diagnostics and by printers:
// an element is found from the nearest multiple of 32 before it (at most 31 steps), iteration
// is one step an element.

public struct OffsetList: RandomAccessCollection, RangeReplaceableCollection, ExpressibleByArrayLiteral,
                          Hashable, Sendable, CustomStringConvertible {
    static var stride: Int { 32 }
    /// Per element, its offset minus the previous element's; `escape` when it did not fit (the
    /// offset is then in `far`). Unused (0) for an element whose index is a multiple of `stride`.
    var deltas: [Int8] = []
    /// The offset of every element whose index is a multiple of `stride`.
    var marks: [UInt32] = []
    /// Offsets whose delta did not fit a byte, by element index.
    var far: [Int: UInt32] = [:]
    var lastValue: UInt32 = 0

    static var escape: Int8 { Int8.min }

    public init() {}

    public init(arrayLiteral elements: UInt32...) {
        self.init(elements)
    }

    public init<S: Sequence>(_ elements: S) where S.Element == UInt32 {
        reserveCapacity(elements.underestimatedCount)
        for e in elements { append(e) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { deltas.count }
    public var count: Int { deltas.count }
    public var isEmpty: Bool { deltas.isEmpty }
    public func index(after i: Int) -> Int { i + 1 }
    public func index(before i: Int) -> Int { i - 1 }

    public subscript(position: Int) -> UInt32 {
        let mark = position / Self.stride
        var v = marks[mark]
        var k = mark * Self.stride + 1
        while k <= position {
            let d = deltas[k]
            v = d == Self.escape ? far[k] ?? 0 : v &+ UInt32(bitPattern: Int32(d))
            k += 1
        }
        return v
    }

    public mutating func reserveCapacity(_ n: Int) {
        deltas.reserveCapacity(n)
        marks.reserveCapacity(n / Self.stride + 1)
    }

    public mutating func append(_ v: UInt32) {
        let i = deltas.count
        if i % Self.stride == 0 {
            marks.append(v)
            deltas.append(0)
        } else {
            let d = Int64(v) - Int64(lastValue)
            if d > -128 && d < 128 {
                deltas.append(Int8(d))
            } else {
                deltas.append(Self.escape)
                far[i] = v
            }
        }
        lastValue = v
    }

    public mutating func replaceSubrange<C: Collection>(_ subrange: Range<Int>, with newElements: C)
        where C.Element == UInt32 {
        if subrange.lowerBound == count && subrange.isEmpty {
            for v in newElements { append(v) }
            return
        }
        var all = Array(self)
        all.replaceSubrange(subrange, with: newElements)
        self = OffsetList(all)
    }

    /// Drops the spare capacity the producer reserved.
    public mutating func shrinkToFit() {
        deltas = Array(unsafeUninitializedCapacity: deltas.count) { buf, n in
            for (k, d) in deltas.enumerated() { buf[k] = d }
            n = deltas.count
        }
        marks = Array(unsafeUninitializedCapacity: marks.count) { buf, n in
            for (k, m) in marks.enumerated() { buf[k] = m }
            n = marks.count
        }
    }

    public struct Iterator: IteratorProtocol {
        let list: OffsetList
        var k = 0
        var value: UInt32 = 0

        public mutating func next() -> UInt32? {
            guard k < list.deltas.count else { return nil }
            if k % OffsetList.stride == 0 {
                value = list.marks[k / OffsetList.stride]
            } else {
                let d = list.deltas[k]
                value = d == OffsetList.escape ? list.far[k] ?? 0 : value &+ UInt32(bitPattern: Int32(d))
            }
            k += 1
            return value
        }
    }

    public func makeIterator() -> Iterator { Iterator(list: self) }

    public static func == (a: OffsetList, b: OffsetList) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into h: inout Hasher) {
        h.combine(count)
        for v in self { h.combine(v) }
    }

    public var description: String { Array(self).description }
}
