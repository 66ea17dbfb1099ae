// Decoding of types (spec section "Binary Format / Types"), gated by the enabled features.

import WasmCore

extension ModuleDecoder {
    mutating func require(_ feature: Feature, _ message: String, at offset: Int) throws(Diagnostic) {
        guard features.contains(feature) else { throw r.error(message, at: offset) }
    }

    mutating func heapType() throws(Diagnostic) -> HeapType {
        let start = r.position
        let v = try r.s33()
        if v >= 0 {
            try require(.functionReferences, "malformed heap type", at: start)
            return .concrete(UInt32(truncatingIfNeeded: v))
        }
        if v == Int64(Int8(bitPattern: TypeCode.exact | 0x80)) {
            try require(.customDescriptors, "malformed heap type", at: start)
            // The index is a u32 (as wasm-tools and the reference encoder write it), so `62 62`
            // is exact type 98, unless no such type can exist: then it is the repeated prefix
            // the proposal's tests call malformed.
            if r.peek() == TypeCode.exact {
                if typeCountBound == .max {
                    // Inside the type section the count is known only at its end: decided there.
                    if repeatedExactPrefix == nil { repeatedExactPrefix = (r.position, "malformed heap type") }
                } else if Int(TypeCode.exact) >= typeCountBound {
                    throw r.error("malformed heap type", at: r.position)
                }
            }
            return .exact(try r.u32())
        }
        guard v >= -64, let h = TypeCode.abstractHeapType(UInt8(truncatingIfNeeded: v & 0x7F)) else {
            throw r.error("malformed heap type", at: start)
        }
        try checkFeature(of: h, at: start, "malformed heap type")
        return h
    }

    mutating func checkFeature(of h: HeapType, at offset: Int, _ message: String) throws(Diagnostic) {
        switch h {
        case .func, .extern: try require(.referenceTypes, message, at: offset)
        case .any, .eq, .i31, .struct, .array, .none, .nofunc, .noextern: try require(.gc, message, at: offset)
        case .exn, .noexn: try require(.exceptions, message, at: offset)
        case .concrete: try require(.functionReferences, message, at: offset)
        case .exact: try require(.customDescriptors, message, at: offset)
        }
    }

    mutating func refType() throws(Diagnostic) -> RefType {
        let start = r.position
        let b = try r.u8()
        switch b {
        case TypeCode.refNull, TypeCode.ref:
            try require(.functionReferences, "malformed reference type", at: start)
            return RefType(nullable: b == TypeCode.refNull, try heapType())
        default:
            guard let h = TypeCode.abstractHeapType(b) else {
                throw r.error("malformed reference type", at: start)
            }
            try checkFeature(of: h, at: start, "malformed reference type")
            return RefType(nullable: true, h)
        }
    }

    mutating func valType() throws(Diagnostic) -> ValType {
        let start = r.position
        guard let b = r.peek() else { throw r.unexpectedEnd() }
        switch b {
        case TypeCode.i32: r.position += 1; return .i32
        case TypeCode.i64: r.position += 1; return .i64
        case TypeCode.f32: r.position += 1; return .f32
        case TypeCode.f64: r.position += 1; return .f64
        case TypeCode.v128:
            r.position += 1
            try require(.simd, "malformed value type", at: start)
            return .v128
        default:
            guard b == TypeCode.ref || b == TypeCode.refNull || TypeCode.abstractHeapType(b) != nil else {
                // Type codes are one-byte s7 values: a continuation bit makes them too long.
                if b & 0x80 != 0 { throw r.error("integer representation too long", at: start + 1) }
                throw r.error("malformed value type", at: start)
            }
            return .ref(try refType())
        }
    }

    mutating func resultType() throws(Diagnostic) -> [ValType] {
        let n = try r.length()
        var ts: [ValType] = []
        ts.reserveCapacity(n)
        for _ in 0..<n { ts.append(try valType()) }
        return ts
    }

    mutating func blockType() throws(Diagnostic) -> BlockType {
        let start = r.position
        guard let b = r.peek() else { throw r.unexpectedEnd() }
        if b == TypeCode.emptyBlock {
            r.position += 1
            return .empty
        }
        if b & 0xC0 == 0x40 { return .value(try valType()) }
        let v = try r.s33()
        guard v >= 0 else { throw r.error("malformed block type", at: start) }
        try require(.multiValue, "malformed block type", at: start)
        return .typeIndex(UInt32(truncatingIfNeeded: v))
    }

    mutating func mutability() throws(Diagnostic) -> Bool {
        let start = r.position
        switch try r.u8() {
        case 0: return false
        case 1: return true
        default: throw r.error("malformed mutability", at: start)
        }
    }

    mutating func fieldType() throws(Diagnostic) -> FieldType {
        let storage: StorageType
        let start = r.position
        switch r.peek() {
        case TypeCode.i8: r.position += 1; storage = .packed(.i8)
        case TypeCode.i16: r.position += 1; storage = .packed(.i16)
        default:
            // As the reference decoder, which tries a value type and then a packed type, a
            // storage type that is neither is "malformed storage type".
            let pending = repeatedExactPrefix == nil
            do { storage = .val(try valType()) } catch {
                if error.message.hasPrefix("malformed") { throw r.error("malformed storage type", at: start) }
                throw error
            }
            if pending, let p = repeatedExactPrefix { repeatedExactPrefix = (p.offset, "malformed storage type") }
        }
        return FieldType(storage, mutable: try mutability())
    }

    mutating func compositeType() throws(Diagnostic) -> CompositeType {
        let start = r.position
        switch try r.u8() {
        case TypeCode.funcType:
            let params = try resultType()
            let results = try resultType()
            if results.count > 1 { try require(.multiValue, "malformed function type", at: start) }
            return .func(FuncType(params: params, results: results))
        case TypeCode.structType:
            try require(.gc, "malformed composite type", at: start)
            let n = try r.length()
            var fields: [FieldType] = []
            fields.reserveCapacity(n)
            for _ in 0..<n { fields.append(try fieldType()) }
            return .struct(fields)
        case TypeCode.arrayType:
            try require(.gc, "malformed composite type", at: start)
            return .array(try fieldType())
        case let b where b & 0x80 != 0:
            throw r.error("integer representation too long", at: start + 1)
        default:
            throw r.error("malformed definition type", at: start)
        }
    }

    mutating func subType() throws(Diagnostic) -> SubType {
        let start = r.position
        guard let b = r.peek() else { throw r.unexpectedEnd() }
        guard b == TypeCode.subType || b == TypeCode.subFinalType else {
            var st = SubType(composite: .struct([]))
            try descriptorClauses(&st)
            st.composite = try compositeType()
            return st
        }
        r.position += 1
        try require(.gc, "malformed sub type", at: start)
        let n = try r.length()
        var supers: [UInt32] = []
        supers.reserveCapacity(n)
        for _ in 0..<n { supers.append(try r.u32()) }
        var st = SubType(isFinal: b == TypeCode.subFinalType, supertypes: supers, composite: .struct([]), explicitSub: true)
        try descriptorClauses(&st)
        st.composite = try compositeType()
        return st
    }

    /// Custom descriptors: `0x4C x` (describes x), then `0x4D y` (descriptor y), before the
    /// composite type. A clause out of order or repeated is left for `compositeType` to refuse.
    mutating func descriptorClauses(_ st: inout SubType) throws(Diagnostic) {
        if r.peek() == TypeCode.describes {
            try require(.customDescriptors, "malformed definition type", at: r.position)
            r.position += 1
            st.describes = try r.u32()
        }
        if r.peek() == TypeCode.descriptor {
            try require(.customDescriptors, "malformed definition type", at: r.position)
            r.position += 1
            st.descriptor = try r.u32()
        }
    }

    /// A memory type: limits, then (custom page sizes, flag 0x08) the page size as log2.
    mutating func memoryType() throws(Diagnostic) -> MemoryType {
        let flags = r.peek() ?? 0
        let limits = try limits(table: false)
        guard flags & 0x08 != 0 else { return MemoryType(limits: limits) }
        let at = r.position
        let log2 = try r.u32()
        // wasm-tools: a shift that no u64 holds is malformed; 1 and 64 KiB are the valid sizes
        // (the validator's rule).
        guard log2 <= 64 else { throw r.error("invalid custom page size", at: at) }
        return MemoryType(limits: limits, pageSizeLog2: UInt8(log2))
    }

    mutating func limits(table: Bool) throws(Diagnostic) -> Limits {
        let start = r.position
        let flags = try r.u8()
        // Memories: bit 3 announces a custom page size (when that proposal is enabled).
        let allowed: UInt8 = table ? 0x05 : (features.contains(.customPageSizes) ? 0x0F : 0x07)
        guard flags & ~allowed == 0 else { throw r.error("malformed limits flags", at: start) }
        let is64 = flags & 0x04 != 0
        let shared = flags & 0x02 != 0
        if is64 { try require(.memory64, "malformed limits flags", at: start) }
        if shared { try require(.threads, "malformed limits flags", at: start) }
        // WebAssembly 3.0 encodes both address types' limits as u64; validation bounds them.
        let min = try r.u64()
        var max: UInt64?
        if flags & 0x01 != 0 { max = try r.u64() }
        return Limits(min: min, max: max, addressType: is64 ? .i64 : .i32, shared: shared)
    }

    mutating func tableType() throws(Diagnostic) -> TableType {
        let t = try refType()
        return TableType(elementType: t, limits: try limits(table: true))
    }

    mutating func globalType() throws(Diagnostic) -> GlobalType {
        let t = try valType()
        return GlobalType(t, mutable: try mutability())
    }

    mutating func tagType() throws(Diagnostic) -> TagType {
        let start = r.position
        guard try r.u8() == 0 else { throw r.error("malformed tag attribute", at: start) }
        return TagType(typeIndex: try r.u32())
    }
}
