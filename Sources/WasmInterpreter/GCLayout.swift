import WasmCore

// How GC objects are laid out and how references are encoded in a 64-bit slot. See docs/gc.md.
//
// Slot encoding of references (the top 16 bits say what a non-null reference is):
//   0                          null (of every hierarchy: `ref.is_null` tests the slot for 0)
//   1 ..< 2^32                 a function: its store address + 1
//   0x4000 << 48 | n           host reference n (`ref.extern n` as externref, `ref.host n` as anyref)
//   0x8000 << 48 | v           an i31 (v: 31 bits), an immediate: no heap object
//   0x5A47 << 48 | address     a heap object (struct, array, exception) at `address`
// The extern/any conversions are the identity on these bits, so a host reference converted
// to anyref and back is the same reference and an externalized object is still `ref.eq` itself.
// i32 values sit zero-extended in slots, so none of them can look like an object; the object
// tag is a pattern small integers, common doubles and NaN boxes do not have (the collector's
// stack scan checks every candidate against the heap anyway).

enum RefBits {
    static let hostTag: UInt64 = 0x4000
    static let i31Tag: UInt64 = 0x8000
    static let objectTag: UInt64 = 0x5A47
    static let addressMask: UInt64 = (1 << 48) - 1

    @inline(__always) static func function(_ addr: Int) -> UInt64 { UInt64(addr) &+ 1 }
    @inline(__always) static func extern(_ payload: UInt32) -> UInt64 { hostTag << 48 | UInt64(payload) }
    @inline(__always) static func i31(_ v: UInt32) -> UInt64 { i31Tag << 48 | UInt64(v & 0x7FFF_FFFF) }
    @inline(__always) static func object(_ p: UnsafeMutableRawPointer) -> UInt64 {
        objectTag << 48 | UInt64(UInt(bitPattern: p))
    }

    @inline(__always) static func tag(_ w: UInt64) -> UInt64 { w >> 48 }
    @inline(__always) static func isObject(_ w: UInt64) -> Bool { w >> 48 == objectTag }
    @inline(__always) static func isHost(_ w: UInt64) -> Bool { w >> 48 == hostTag }
    @inline(__always) static func isI31(_ w: UInt64) -> Bool { w >> 48 == i31Tag }
    @inline(__always) static func isFunction(_ w: UInt64) -> Bool { w != 0 && w >> 32 == 0 }

    /// The object a non-null object reference points at (no check: validated code only).
    @inline(__always) static func pointer(_ w: UInt64) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: UInt(truncatingIfNeeded: w & addressMask)).unsafelyUnwrapped
    }

    /// The signed value of an i31 (bits 0-30 sign-extended).
    @inline(__always) static func i31Signed(_ w: UInt64) -> Int32 { Int32(truncatingIfNeeded: w << 1) >> 1 }
}

/// The first word of every heap object: canonical type id (bits 0-31), kind (32-35), mark (36).
/// A free cell's first word is 0. Arrays keep their length in the second word and their elements
/// from byte 16; structs keep their fields from byte `StructLayout.fieldBase` in 8-byte slots
/// (v128 fields take two); exceptions keep the tag's store address in the second word and the
/// payload slots from byte 16 (their type id is the tag's function type).
enum ObjectHeader {
    static let kindShift: UInt64 = 32
    static let kindMask: UInt64 = 0xF << 32
    static let markBit: UInt64 = 1 << 36
    /// Set in the header of a struct allocated with a descriptor (custom descriptors): its word
    /// at byte 8 is then that descriptor, not a field, which a descriptor cast relies on.
    static let descriptorBit: UInt64 = 1 << 37

    enum Kind: UInt64 {
        case free = 0, `struct` = 1, array = 2, exception = 3
    }

    @inline(__always) static func make(_ typeID: Int, _ kind: Kind) -> UInt64 {
        UInt64(UInt32(truncatingIfNeeded: typeID)) | kind.rawValue << kindShift
    }

    @inline(__always) static func typeID(_ h: UInt64) -> Int { Int(UInt32(truncatingIfNeeded: h)) }
    @inline(__always) static func kind(_ h: UInt64) -> UInt64 { (h & kindMask) >> kindShift }

    /// Bytes before an array's elements, and before an exception's payload.
    static let arrayElements = 16
    static let exceptionPayload = 16
}

/// Where a struct's fields are. Every field takes one 8-byte slot (two for v128): packed fields
/// hold their value unmasked and are masked (and sign-extended) when read, i32 and f32 fields
/// hold the slot's word. So `struct.new` copies slots, `struct.get` reads one word.
enum StructLayout {
    /// Byte offset of the first field slot. A type with a descriptor (custom descriptors) keeps
    /// the descriptor reference in the word after the header, and its fields one word later.
    static func fieldBase(hasDescriptor: Bool) -> Int { hasDescriptor ? 16 : 8 }

    /// Slot index of each field, and the slot count.
    static func slots(_ fields: [FieldType]) -> (index: [Int], count: Int) {
        var index: [Int] = []
        index.reserveCapacity(fields.count)
        var n = 0
        for f in fields {
            index.append(n)
            n += f.storage == .val(.v128) ? 2 : 1
        }
        return (index, n)
    }

    /// Byte size of a struct with `slots` field slots.
    static func size(slots: Int, hasDescriptor: Bool) -> Int { fieldBase(hasDescriptor: hasDescriptor) + 8 * slots }
}

/// An array element's size in bytes as a power of two: i8 0, i16 1, i32/f32 2, i64/f64/ref 3, v128 4.
enum ArrayLayout {
    static func elementShift(_ storage: StorageType) -> UInt64 {
        switch storage {
        case .packed(.i8): return 0
        case .packed(.i16): return 1
        case .val(.i32), .val(.f32): return 2
        case .val(.v128): return 4
        default: return 3
        }
    }
}

/// What the collector and the casts need to know about a canonical type.
struct ObjectLayout {
    enum Kind: UInt8 { case function, `struct`, array }
    var kind: Kind
    /// Slots that hold references: struct fields, or an exception's payload when this is the
    /// function type of a tag.
    var refSlots: [Int32] = []
    /// Struct: field slot count.
    var slotCount = 0
    /// Array: log2 of the element size, and whether elements are references.
    var elementShift: UInt64 = 0
    var elementsAreRefs = false
    var hasDescriptor = false

    init(_ t: SubType) {
        hasDescriptor = t.descriptor != nil
        switch t.composite {
        case .func(let f):
            kind = .function
            var s: Int32 = 0
            for p in f.params {
                if p.isRef { refSlots.append(s) }
                s += p == .v128 ? 2 : 1
            }
        case .struct(let fields):
            kind = .struct
            let (index, count) = StructLayout.slots(fields)
            slotCount = count
            for (k, f) in fields.enumerated() where f.storage.unpacked.isRef { refSlots.append(Int32(index[k])) }
        case .array(let f):
            kind = .array
            elementShift = ArrayLayout.elementShift(f.storage)
            elementsAreRefs = f.storage.unpacked.isRef
        }
    }
}

/// The target of a cast (`ref.test`, `ref.cast`, `br_on_cast*`) as one 32-bit code: a canonical
/// type id, or one of the abstract heap types at the top of the range. Whether null passes and
/// whether the type is exact ride beside it (`CastTarget.nullableFlag`, `exactFlag`).
enum CastTarget {
    static let any: UInt32 = 0xFFFF_FFF0
    static let eq: UInt32 = 0xFFFF_FFF1
    static let i31: UInt32 = 0xFFFF_FFF2
    static let `struct`: UInt32 = 0xFFFF_FFF3
    static let array: UInt32 = 0xFFFF_FFF4
    static let none: UInt32 = 0xFFFF_FFF5
    static let `func`: UInt32 = 0xFFFF_FFF6
    static let nofunc: UInt32 = 0xFFFF_FFF7
    static let extern: UInt32 = 0xFFFF_FFF8
    static let noextern: UInt32 = 0xFFFF_FFF9
    static let exn: UInt32 = 0xFFFF_FFFA
    static let noexn: UInt32 = 0xFFFF_FFFB
    /// Codes below this are canonical type ids.
    static let firstAbstract: UInt32 = 0xFFFF_FF00
    /// Flags of a cast instruction beside the code: null passes; only the type itself passes
    /// (an exact heap type), not its subtypes.
    static let nullableFlag: UInt32 = 1
    static let exactFlag: UInt32 = 2

    /// The code of a heap type whose concrete indices are canonical ids.
    static func code(_ h: HeapType) -> UInt32 {
        switch h {
        case .any: return any
        case .eq: return eq
        case .i31: return i31
        case .struct: return `struct`
        case .array: return array
        case .none: return none
        case .func: return `func`
        case .nofunc: return nofunc
        case .extern: return extern
        case .noextern: return noextern
        case .exn: return exn
        case .noexn: return noexn
        case .concrete(let id), .exact(let id): return min(id, firstAbstract - 1)
        }
    }
}
