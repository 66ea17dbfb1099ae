// Types and index references as the printer writes them: value, reference and heap types with
// their shorthands, function types with named parameters, `(type N)` uses.

import WasmCore

extension PrintContext {
    /// A reference to item `index`: its name, or the number.
    @inline(__always)
    func writeIndex(_ table: [UInt32: Naming], _ index: UInt32, into b: TextBuffer) {
        if !table.isEmpty, let n = table[index] {
            n.writeIdentifier(into: b)
        } else {
            b.writeDecimal(index)
        }
    }

    func writeValType(_ t: ValType, into b: TextBuffer) {
        switch t {
        case .i32: b.write("i32")
        case .i64: b.write("i64")
        case .f32: b.write("f32")
        case .f64: b.write("f64")
        case .v128: b.write("v128")
        case .ref(let r): writeRefType(r, into: b)
        }
    }

    func writeRefType(_ r: RefType, into b: TextBuffer) {
        if r.nullable {
            switch r.heapType {
            case .func: b.write("funcref"); return
            case .extern: b.write("externref"); return
            case .i31: b.write("i31ref"); return
            case .any: b.write("anyref"); return
            case .none: b.write("nullref"); return
            case .noextern: b.write("nullexternref"); return
            case .nofunc: b.write("nullfuncref"); return
            case .eq: b.write("eqref"); return
            case .struct: b.write("structref"); return
            case .array: b.write("arrayref"); return
            case .exn: b.write("exnref"); return
            case .noexn: b.write("nullexnref"); return
            case .concrete, .exact: break
            }
            b.write("(ref null ")
        } else {
            b.write("(ref ")
        }
        writeHeapType(r.heapType, into: b)
        b.write(")")
    }

    func writeHeapType(_ h: HeapType, into b: TextBuffer) {
        switch h {
        case .concrete(let i): writeIndex(names.types, i, into: b)
        case .exact(let i):
            b.write("(exact ")
            writeIndex(names.types, i, into: b)
            b.write(")")
        case .func: b.write("func")
        case .nofunc: b.write("nofunc")
        case .extern: b.write("extern")
        case .noextern: b.write("noextern")
        case .any: b.write("any")
        case .eq: b.write("eq")
        case .i31: b.write("i31")
        case .struct: b.write("struct")
        case .array: b.write("array")
        case .none: b.write("none")
        case .exn: b.write("exn")
        case .noexn: b.write("noexn")
        }
    }

    func writeFieldType(_ f: FieldType, into b: TextBuffer) {
        if f.mutable { b.write("(mut ") }
        switch f.storage {
        case .packed(.i8): b.write("i8")
        case .packed(.i16): b.write("i16")
        case .val(let t): writeValType(t, into: b)
        }
        if f.mutable { b.write(")") }
    }

    /// ` (param …) (result …)`; parameters named from the locals of function `namesFor`.
    /// A named parameter gets a `(param …)` of its own.
    func writeFuncType(_ f: FuncType, namesFor function: UInt32?, into b: TextBuffer) {
        if !f.params.isEmpty {
            b.write(" ")
            let localNames = function.flatMap { names.locals[$0] } ?? [:]
            var group = NamedGroupWriter(keyword: "param")
            for (k, t) in f.params.enumerated() {
                group.start(localNames.isEmpty ? nil : localNames[UInt32(k)], into: b)
                writeValType(t, into: b)
                group.end(into: b)
            }
            group.finish(into: b)
        }
        if !f.results.isEmpty {
            b.write(" (result")
            for t in f.results {
                b.write(" ")
                writeValType(t, into: b)
            }
            b.write(")")
        }
    }

    /// `(type N)`, then the function type's parameters and results when N is a function type.
    /// Returns the number of parameters written.
    @discardableResult
    func writeTypeUse(_ index: UInt32, namesFor function: UInt32?, into b: TextBuffer) -> Int {
        b.write("(type ")
        writeIndex(names.types, index, into: b)
        b.write(")")
        guard let f = funcType(index) else { return 0 }
        writeFuncType(f, namesFor: function, into: b)
        return f.params.count
    }
}

/// Writes `(param a b) (param $x c)`-style groups: unnamed items share a group, a named one has
/// its own (the text format allows a name only on a single-item group).
struct NamedGroupWriter {
    let keyword: StaticString
    var inGroup = false
    var closeAfterItem = false
    var first = true

    init(keyword: StaticString) { self.keyword = keyword }

    mutating func start(_ name: Naming?, into b: TextBuffer) {
        if name != nil, inGroup {
            b.write(")")
            inGroup = false
        }
        if first { first = false } else { b.write(" ") }
        if !inGroup {
            b.write("(")
            b.write(keyword)
            b.write(" ")
            inGroup = true
        }
        if let name {
            name.writeDefinition(into: b)
            b.write(" ")
            closeAfterItem = true
        } else {
            closeAfterItem = false
        }
    }

    mutating func end(into b: TextBuffer) {
        if closeAfterItem {
            b.write(")")
            closeAfterItem = false
            inGroup = false
        }
    }

    mutating func finish(into b: TextBuffer) {
        if inGroup { b.write(")") }
    }
}
