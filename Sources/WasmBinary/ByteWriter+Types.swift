// Binary encodings of types (spec section "Binary Format / Types"), written in the canonical
// form wasm-tools writes: nullable abstract reference types use their one-byte shorthand.

import WasmCore

/// Binary codes shared by the encoder and the decoder.
enum TypeCode {
    static let i32: UInt8 = 0x7F
    static let i64: UInt8 = 0x7E
    static let f32: UInt8 = 0x7D
    static let f64: UInt8 = 0x7C
    static let v128: UInt8 = 0x7B
    static let i8: UInt8 = 0x78
    static let i16: UInt8 = 0x77
    static let refNull: UInt8 = 0x63
    static let ref: UInt8 = 0x64
    static let emptyBlock: UInt8 = 0x40
    static let funcType: UInt8 = 0x60
    static let structType: UInt8 = 0x5F
    static let arrayType: UInt8 = 0x5E
    static let subType: UInt8 = 0x50
    static let subFinalType: UInt8 = 0x4F
    static let recGroup: UInt8 = 0x4E
    static let descriptor: UInt8 = 0x4D
    static let describes: UInt8 = 0x4C
    /// The prefix of an exact heap type, `0x62 u32`.
    static let exact: UInt8 = 0x62
    /// Import kind of an exactly typed function.
    static let exactFuncImport: UInt8 = 0x20

    /// The one-byte code of an abstract heap type (also its s33 encoding).
    static func code(of h: HeapType) -> UInt8? {
        switch h {
        case .func: return 0x70
        case .extern: return 0x6F
        case .any: return 0x6E
        case .eq: return 0x6D
        case .i31: return 0x6C
        case .struct: return 0x6B
        case .array: return 0x6A
        case .exn: return 0x69
        case .none: return 0x71
        case .noextern: return 0x72
        case .nofunc: return 0x73
        case .noexn: return 0x74
        case .concrete, .exact: return nil
        }
    }

    /// The abstract heap type of a one-byte code.
    static func abstractHeapType(_ b: UInt8) -> HeapType? {
        switch b {
        case 0x70: return .func
        case 0x6F: return .extern
        case 0x6E: return .any
        case 0x6D: return .eq
        case 0x6C: return .i31
        case 0x6B: return .struct
        case 0x6A: return .array
        case 0x69: return .exn
        case 0x71: return HeapType.none
        case 0x72: return .noextern
        case 0x73: return .nofunc
        case 0x74: return .noexn
        default: return nil
        }
    }
}

extension ByteWriter {
    mutating func heapType(_ h: HeapType) {
        if case .concrete(let i) = h {
            s64(Int64(i))
        } else if case .exact(let i) = h {
            byte(TypeCode.exact)
            u32(i)
        } else if let c = TypeCode.code(of: h) {
            byte(c)
        }
    }

    mutating func refType(_ r: RefType) {
        if r.nullable, let c = TypeCode.code(of: r.heapType) {
            byte(c)
            return
        }
        byte(r.nullable ? TypeCode.refNull : TypeCode.ref)
        heapType(r.heapType)
    }

    mutating func valType(_ t: ValType) {
        switch t {
        case .i32: byte(TypeCode.i32)
        case .i64: byte(TypeCode.i64)
        case .f32: byte(TypeCode.f32)
        case .f64: byte(TypeCode.f64)
        case .v128: byte(TypeCode.v128)
        case .ref(let r): refType(r)
        }
    }

    mutating func resultType(_ ts: [ValType]) {
        u32(UInt32(truncatingIfNeeded: ts.count))
        for t in ts { valType(t) }
    }

    mutating func blockType(_ b: BlockType) {
        switch b {
        case .empty: byte(TypeCode.emptyBlock)
        case .value(let t): valType(t)
        case .typeIndex(let i): s64(Int64(i))
        }
    }

    mutating func fieldType(_ f: FieldType) {
        switch f.storage {
        case .val(let t): valType(t)
        case .packed(.i8): byte(TypeCode.i8)
        case .packed(.i16): byte(TypeCode.i16)
        }
        byte(f.mutable ? 1 : 0)
    }

    mutating func compositeType(_ c: CompositeType) {
        switch c {
        case .func(let f):
            byte(TypeCode.funcType)
            resultType(f.params)
            resultType(f.results)
        case .struct(let fields):
            byte(TypeCode.structType)
            u32(UInt32(truncatingIfNeeded: fields.count))
            for f in fields { fieldType(f) }
        case .array(let f):
            byte(TypeCode.arrayType)
            fieldType(f)
        }
    }

    /// A final sub type without supertypes is written as its bare composite type, whether or not
    /// the source spelled out `sub final` (wasm-tools does the same).
    mutating func subType(_ s: SubType) {
        if !(s.isFinal && s.supertypes.isEmpty) {
            byte(s.isFinal ? TypeCode.subFinalType : TypeCode.subType)
            u32(UInt32(truncatingIfNeeded: s.supertypes.count))
            for t in s.supertypes { u32(t) }
        }
        if let x = s.describes {
            byte(TypeCode.describes)
            u32(x)
        }
        if let y = s.descriptor {
            byte(TypeCode.descriptor)
            u32(y)
        }
        compositeType(s.composite)
    }

    mutating func limits(_ l: Limits, pageSizeLog2: UInt8? = nil) {
        var flags: UInt8 = 0
        if l.max != nil { flags |= 0x01 }
        if l.shared { flags |= 0x02 }
        if l.addressType == .i64 { flags |= 0x04 }
        if pageSizeLog2 != nil { flags |= 0x08 }
        byte(flags)
        u64(l.min)
        if let m = l.max { u64(m) }
        if let p = pageSizeLog2 { u32(UInt32(p)) }
    }

    mutating func memoryType(_ m: MemoryType) {
        limits(m.limits, pageSizeLog2: m.pageSizeLog2)
    }

    mutating func externType(_ d: ImportDesc) {
        switch d {
        case .func(let t, let exact):
            byte(exact ? TypeCode.exactFuncImport : 0x00)
            u32(t)
        case .table(let t):
            byte(0x01)
            tableType(t)
        case .memory(let t):
            byte(0x02)
            memoryType(t)
        case .global(let t):
            byte(0x03)
            globalType(t)
        case .tag(let t):
            byte(0x04)
            tagType(t)
        }
    }

    /// The import section: each group of `Module.importGroups` as one entry (the compact
    /// forms: module name, an empty name, 0x7F and the items with their types, or 0x7E, the
    /// one type and the names), every import on its own when there are no groups or they do
    /// not cover `imports` exactly.
    mutating func importSection(_ m: Module) {
        let groups = m.importGroups
        guard !groups.isEmpty, m.importGroupsDescribeImports else {
            u32(UInt32(truncatingIfNeeded: m.imports.count))
            for imp in m.imports {
                name(imp.module)
                name(imp.name)
                externType(imp.desc)
            }
            return
        }
        u32(UInt32(truncatingIfNeeded: groups.count))
        var i = 0
        for g in groups {
            let run = m.imports[i..<(i + g.count)]
            i += g.count
            switch g.form {
            case .single:
                guard let imp = run.first else { continue }
                name(imp.module)
                name(imp.name)
                externType(imp.desc)
            case .items:
                name(g.module)
                name("")
                byte(0x7F)
                u32(UInt32(truncatingIfNeeded: run.count))
                for imp in run {
                    name(imp.name)
                    externType(imp.desc)
                }
            case .sharedType:
                guard let first = run.first else { continue }
                name(g.module)
                name("")
                byte(0x7E)
                externType(first.desc)
                u32(UInt32(truncatingIfNeeded: run.count))
                for imp in run { name(imp.name) }
            }
        }
    }

    mutating func tableType(_ t: TableType) {
        refType(t.elementType)
        limits(t.limits)
    }

    mutating func globalType(_ g: GlobalType) {
        valType(g.valType)
        byte(g.mutable ? 1 : 0)
    }

    mutating func tagType(_ t: TagType) {
        byte(0x00)
        u32(t.typeIndex)
    }
}
