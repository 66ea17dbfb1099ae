// Types: value, reference and heap types, type definitions (`type`, `rec`, `sub`, `struct`,
// `array`, `func`) and type uses with the spec's abbreviation rules.
import WasmCore

/// A parsed `typeuse`: an explicit `(type x)` and/or inline params and results.
struct TypeUse {
    var index: UInt32?
    var indexToken: Int = 0
    /// Whether any `(param …)` or `(result …)` was written.
    var hasInline = false
    var params: [ValType] = []
    var paramNames: [String?] = []
    var paramTokens: [Int] = []
    var results: [ValType] = []
}

extension ModuleParser {

    // MARK: - Value types

    /// A reference type abbreviation keyword (`funcref` …) at the current token.
    mutating func abbreviatedRefType() -> RefType? {
        guard kind == .keyword else { return nil }
        let t = s.slice(pos)
        guard t.count >= 5, t.last == UInt8(ascii: "f") || t.last == UInt8(ascii: "c") else { return nil }
        let r: RefType
        switch s.text(pos) {
        case "funcref": r = .funcref
        case "externref": r = .externref
        case "anyref": r = .anyref
        case "eqref": r = .eqref
        case "i31ref": r = .i31ref
        case "structref": r = .structref
        case "arrayref": r = .arrayref
        case "nullref": r = .nullref
        case "nullfuncref": r = .nullfuncref
        case "nullexternref": r = .nullexternref
        case "exnref": r = .exnref
        case "nullexnref": r = .nullexnref
        case "anyfunc":
            guard legacy(pos, current: "funcref") else { return nil }
            r = .funcref
        default: return nil
        }
        pos += 1
        return r
    }

    /// Accepts a legacy spelling in legacy mode with a warning; refuses it in strict mode.
    mutating func legacy(_ i: Int, current: String) -> Bool {
        if options.strict { return false }
        report(Diagnostic(.parse, "'\(s.text(i))' is the legacy name of '\(current)'", at: location(i), severity: .warning))
        return true
    }

    /// Whether a reference type starts at the current token.
    var atRefType: Bool {
        if isOpen("ref") { return true }
        guard kind == .keyword else { return false }
        let t = s.slice(pos)
        return t.count >= 5 && (t.last == UInt8(ascii: "f") || t.last == UInt8(ascii: "c"))
    }

    /// Whether a value type starts at the current token.
    var atValType: Bool {
        switch kind {
        case .keyword:
            let t = s.slice(pos)
            if t.count == 3, t.first == UInt8(ascii: "i") || t.first == UInt8(ascii: "f") { return true }
            if t.count == 4, s.isKeyword(pos, "v128") { return true }
            return t.count >= 5 && (t.last == UInt8(ascii: "f") || t.last == UInt8(ascii: "c"))
        case .lparen: return isOpen("ref")
        default: return false
        }
    }

    /// `valtype` ::= 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | reftype
    mutating func parseValType() throws(Diagnostic) -> ValType {
        if kind == .keyword {
            let t = s.slice(pos)
            if t.count == 3 {
                let v: ValType?
                switch (t[t.startIndex], t[t.startIndex + 1], t[t.startIndex + 2]) {
                case (0x69, 0x33, 0x32): v = .i32
                case (0x69, 0x36, 0x34): v = .i64
                case (0x66, 0x33, 0x32): v = .f32
                case (0x66, 0x36, 0x34): v = .f64
                default: v = nil
                }
                if let v {
                    pos += 1
                    return v
                }
            }
            if isKeyword("v128") {
                pos += 1
                return .v128
            }
        }
        return .ref(try parseRefType())
    }

    /// `reftype` ::= '(' 'ref' 'null'? heaptype ')' | abbreviation
    mutating func parseRefType() throws(Diagnostic) -> RefType {
        if let r = abbreviatedRefType() { return r }
        if isOpen("ref") {
            pos += 2
            let nullable = acceptKeyword("null")
            let h = try parseHeapType()
            try expectRParen()
            return RefType(nullable: nullable, h)
        }
        if kind == .keyword, options.strict, Opcode.legacyTypeAliases.contains(where: { $0.name == s.text(pos) }) {
            throw error("unknown operator \(s.text(pos))", at: pos)
        }
        throw unexpected("a type")
    }

    /// `heaptype` ::= absheaptype | typeidx | '(' 'exact' typeidx ')'
    mutating func parseHeapType() throws(Diagnostic) -> HeapType {
        if isOpen("exact") {
            try requireFeature(.customDescriptors, "exact reference types", at: pos + 1)
            pos += 2
            guard atIndex else { throw unexpected("a type index") }
            let i = try parseIndex(.type)
            try expectRParen()
            return .exact(i)
        }
        if kind == .keyword {
            guard let h = HeapType(keyword: s.text(pos)) else { throw unexpected("a heap type") }
            pos += 1
            return h
        }
        if atIndex { return .concrete(try parseIndex(.type)) }
        throw unexpected("a heap type")
    }

    /// `storagetype` ::= valtype | 'i8' | 'i16'
    mutating func parseStorageType() throws(Diagnostic) -> StorageType {
        if acceptKeyword("i8") { return .packed(.i8) }
        if acceptKeyword("i16") { return .packed(.i16) }
        return .val(try parseValType())
    }

    /// `fieldtype` ::= storagetype | '(' 'mut' storagetype ')'
    mutating func parseFieldType() throws(Diagnostic) -> FieldType {
        if acceptOpen("mut") {
            let t = try parseStorageType()
            try expectRParen()
            return FieldType(t, mutable: true)
        }
        return FieldType(try parseStorageType(), mutable: false)
    }

    // MARK: - Type definitions

    /// `type` ::= '(' 'type' id? subtype ')'
    mutating func parseTypeField(_ f: Field) throws(Diagnostic) {
        let index = UInt32(module.types.count)
        _ = try parseOptionalId()
        let st = try parseSubType(typeIndex: index)
        module.recGroups.append(RecGroup(start: index, count: 1, explicit: false))
        module.types.append(st)
        if case .func(let ft) = st.composite, funcTypeIndex[ft] == nil { funcTypeIndex[ft] = index }
    }

    /// `rec` ::= '(' 'rec' type* ')'
    mutating func parseRecField(_ f: Field) throws(Diagnostic) {
        let start = UInt32(module.types.count)
        var count: UInt32 = 0
        while acceptOpen("type") {
            _ = try parseOptionalId()
            // Keep indices aligned with the name pass even if a type fails.
            let st = try parseSubType(typeIndex: start + count)
            try expectRParen()
            module.types.append(st)
            count += 1
        }
        module.recGroups.append(RecGroup(start: start, count: count, explicit: true))
    }

    /// `subtype` ::= '(' 'sub' 'final'? typeidx* desctype ')' | desctype
    mutating func parseSubType(typeIndex: UInt32) throws(Diagnostic) -> SubType {
        if acceptOpen("sub") {
            let isFinal = acceptKeyword("final")
            var supers: [UInt32] = []
            while atIndex { supers.append(try parseIndex(.type)) }
            var st = SubType(isFinal: isFinal, supertypes: supers, composite: .struct([]), explicitSub: true)
            try parseDescriptorClauses(&st)
            st.composite = try parseCompType(typeIndex: typeIndex)
            try expectRParen()
            return st
        }
        var st = SubType(composite: .struct([]))
        try parseDescriptorClauses(&st)
        st.composite = try parseCompType(typeIndex: typeIndex)
        return st
    }

    /// `desctype` ::= ('(' 'describes' typeidx ')')? ('(' 'descriptor' typeidx ')')? comptype
    /// (custom descriptors; the clauses in this order, each at most once).
    mutating func parseDescriptorClauses(_ st: inout SubType) throws(Diagnostic) {
        if isOpen("describes") {
            try requireFeature(.customDescriptors, "describes clauses", at: pos + 1)
            pos += 2
            st.describes = try parseIndex(.type)
            try expectRParen()
        }
        if isOpen("descriptor") {
            try requireFeature(.customDescriptors, "descriptor clauses", at: pos + 1)
            pos += 2
            st.descriptor = try parseIndex(.type)
            try expectRParen()
        }
    }

    /// Refuses syntax of a feature that is not enabled, naming the flag that enables it.
    func requireFeature(_ feature: Feature, _ what: String, at i: Int) throws(Diagnostic) {
        guard !options.features.contains(feature) else { return }
        throw error("\(what) require the \(feature.displayName) feature (--enable-\(feature.flagName))", at: i)
    }

    /// `comptype` ::= '(' 'func' param* result* ')' | '(' 'struct' field* ')' | '(' 'array' fieldtype ')'
    mutating func parseCompType(typeIndex: UInt32) throws(Diagnostic) -> CompositeType {
        if acceptOpen("func") {
            var ft = FuncType()
            var names: [String?] = []
            var toks: [Int] = []
            try parseParams(&ft.params, names: &names, tokens: &toks)
            try parseResults(&ft.results)
            try expectRParen()
            return .func(ft)
        }
        if acceptOpen("struct") {
            var fields: [FieldType] = []
            var names: [String: UInt32] = [:]
            while acceptOpen("field") {
                if kind == .id {
                    let at = pos
                    let name = try parseOptionalId()
                    if let name {
                        if names[name] != nil { throw error("duplicate field $\(name)", at: at, phase: .resolve) }
                        names[name] = UInt32(fields.count)
                        module.names.fields[typeIndex, default: [:]][UInt32(fields.count)] = takeNameAnnotation(after: name) ?? name
                    }
                    fields.append(try parseFieldType())
                } else {
                    while kind != .rparen { fields.append(try parseFieldType()) }
                }
                try expectRParen()
            }
            try expectRParen()
            if !names.isEmpty { resolver.fields[typeIndex] = names }
            return .struct(fields)
        }
        if acceptOpen("array") {
            let ft = try parseFieldType()
            try expectRParen()
            return .array(ft)
        }
        throw unexpected("'(func', '(struct' or '(array'")
    }

    /// `param*` ::= ('(' 'param' id valtype ')' | '(' 'param' valtype* ')')*
    mutating func parseParams(_ params: inout [ValType], names: inout [String?], tokens toks: inout [Int]) throws(Diagnostic) {
        while acceptOpen("param") {
            if kind == .id {
                toks.append(pos)
                names.append(try parseOptionalId())
                params.append(try parseValType())
            } else {
                while kind != .rparen {
                    toks.append(pos)
                    names.append(nil)
                    params.append(try parseValType())
                }
            }
            try expectRParen()
        }
    }

    /// `result*` ::= ('(' 'result' valtype* ')')*
    mutating func parseResults(_ results: inout [ValType]) throws(Diagnostic) {
        while acceptOpen("result") {
            while kind != .rparen { results.append(try parseValType()) }
            try expectRParen()
        }
    }

    // MARK: - Type uses

    /// `typeuse` ::= '(' 'type' typeidx ')' param* result* | param* result*
    /// `allowNames: false` for block types and call_indirect, whose params bind no locals.
    mutating func parseTypeUse(allowNames: Bool = true) throws(Diagnostic) -> TypeUse {
        var tu = TypeUse()
        if acceptOpen("type") {
            tu.indexToken = pos
            tu.index = try parseIndex(.type)
            try expectRParen()
        }
        tu.hasInline = isOpen("param") || isOpen("result")
        try parseParams(&tu.params, names: &tu.paramNames, tokens: &tu.paramTokens)
        if !allowNames, let k = tu.paramNames.firstIndex(where: { $0 != nil }) {
            pos = tu.paramTokens[k]
            throw unexpected()
        }
        try parseResults(&tu.results)
        if isOpen("param") { throw unexpected() }
        return tu
    }

    /// The function type a type use denotes, if known (an explicit index may be out of range;
    /// the validator reports that).
    func funcType(of tu: TypeUse) -> FuncType? {
        guard let i = tu.index else { return FuncType(params: tu.params, results: tu.results) }
        return funcType(at: i)
    }

    func funcType(at i: UInt32) -> FuncType? {
        if Int(i) < module.types.count { return module.types[Int(i)].funcType }
        let k = Int(i) - Int(explicitTypeCount)
        if k >= 0, k < appendedTypes.count { return appendedTypes[k] }
        return nil
    }

    /// The type index of a type use: the explicit one (checked against inline params and
    /// results), else the first identical explicit function type, else a type appended after the
    /// explicit ones (shared by later identical uses).
    mutating func resolveTypeUse(_ tu: TypeUse) throws(Diagnostic) -> UInt32 {
        if let i = tu.index {
            if tu.hasInline {
                guard Int(i) < module.types.count + appendedTypes.count else {
                    throw error("unknown type", at: tu.indexToken, phase: .resolve)
                }
                if funcType(at: i) != FuncType(params: tu.params, results: tu.results) {
                    throw error("inline function type", at: tu.indexToken)
                }
            }
            return i
        }
        let ft = FuncType(params: tu.params, results: tu.results)
        if let i = funcTypeIndex[ft] { return i }
        let i = explicitTypeCount + UInt32(appendedTypes.count)
        appendedTypes.append(ft)
        funcTypeIndex[ft] = i
        return i
    }
}
