// One instruction's text: its name from the opcode table and its immediates by the table's
// immediate shape. Block labels and branch targets follow wasm-tools: a named label prints its
// name, an unnamed block gets `;; label = @N` and a branch to it `N (;@D;)`.

import WasmCore

/// The labels in scope while a function body (or constant expression) prints.
struct LabelState {
    /// The function index (imports first); nil in a constant expression.
    let function: UInt32?
    let labelNames: [UInt32: Naming]
    let localNames: [UInt32: Naming]
    /// Open blocks.
    var depth = 0
    /// The index of the next label of the function (blocks counted in order).
    var next: UInt32 = 0
    /// The label index of each open block, outermost first.
    var stack: [UInt32] = []

    init(function: UInt32?, names: NameTables) {
        self.function = function
        labelNames = function.flatMap { names.labels[$0] } ?? [:]
        localNames = function.flatMap { names.locals[$0] } ?? [:]
    }
}

/// How a block's `label = @N` comment is written: a line comment where a newline follows, a
/// block comment inside a line of instructions.
enum LabelCommentStyle {
    case line, inline
}

/// The printer's view of the opcode table, read from `Opcode.info` once: each opcode's name in
/// one buffer, its immediate shape, natural alignment and signature class (`info` itself is a
/// struct holding a `String`, which costs a retain and release on every look-up).
// Immutable once built, so it can be shared.
final class OpcodeTable: @unchecked Sendable {
    static let shared = OpcodeTable()
    let text: TextBuffer
    let names: [Range<Int>]
    let shapes: [ImmediateShape]
    /// log2 of the bytes a memory instruction accesses; nil for the others.
    let naturalAlignment: [UInt8?]
    let signatures: [Signature]

    private init() {
        let t = TextBuffer(capacity: 8192)
        var r: [Range<Int>] = []
        for op in Opcode.allCases {
            let start = t.count
            t.write(string: op.info.name)
            r.append(start..<t.count)
        }
        text = t
        names = r
        shapes = Opcode.allCases.map { $0.info.immediates }
        naturalAlignment = Opcode.allCases.map { $0.info.signature.accessBytes.map { UInt8($0.trailingZeroBitCount) } }
        signatures = Opcode.allCases.map { $0.info.signature }
    }
}

extension PrintContext {
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func writeInstruction(_ inst: Instruction, in e: Expression, labels s: inout LabelState,
                          style: LabelCommentStyle, into b: TextBuffer) {
        let op = inst.opcode
        let k = Int(op.rawValue)
        b.write(from: opcodes.text, opcodes.names[k])
        switch (opcodes.shapes[k], inst.immediate) {
        case (.none, _), (.fence, _):
            break
        case (.local, .index(let i)):
            b.write(" ")
            writeIndex(s.localNames, i, into: b)
        case (.global, .index(let i)):
            b.write(" ")
            writeIndex(names.globals, i, into: b)
        case (.function, .index(let i)):
            b.write(" ")
            writeIndex(names.funcs, i, into: b)
        case (.table, .index(let i)):
            b.write(" ")
            writeIndex(names.tables, i, into: b)
        case (.memory, .index(let i)):
            if i != 0 {
                b.write(" ")
                writeIndex(names.memories, i, into: b)
            }
        case (.type, .index(let i)):
            b.write(" ")
            writeIndex(names.types, i, into: b)
        case (.label, .index(let i)):
            writeLabel(i, s, into: b)
        case (.elem, .index(let i)):
            b.write(" ")
            writeIndex(names.elems, i, into: b)
        case (.data, .index(let i)):
            b.write(" ")
            writeIndex(names.datas, i, into: b)
        case (.tag, .index(let i)):
            b.write(" ")
            writeIndex(names.tags, i, into: b)
        case (.callIndirect, .indices(let type, let table)):
            if table != 0 {
                b.write(" ")
                writeIndex(names.tables, table, into: b)
            }
            b.write(" (type ")
            writeIndex(names.types, type, into: b)
            b.write(")")
        case (.tableCopy, .indices(let dst, let src)):
            if dst != 0 || src != 0 {
                b.write(" ")
                writeIndex(names.tables, dst, into: b)
                b.write(" ")
                writeIndex(names.tables, src, into: b)
            }
        case (.tableInit, .indices(let elem, let table)):
            if table != 0 {
                b.write(" ")
                writeIndex(names.tables, table, into: b)
            }
            b.write(" ")
            writeIndex(names.elems, elem, into: b)
        case (.memoryCopy, .indices(let dst, let src)):
            if dst != 0 || src != 0 {
                b.write(" ")
                writeIndex(names.memories, dst, into: b)
                b.write(" ")
                writeIndex(names.memories, src, into: b)
            }
        case (.memoryInit, .indices(let data, let memory)):
            if memory != 0 {
                b.write(" ")
                writeIndex(names.memories, memory, into: b)
            }
            b.write(" ")
            writeIndex(names.datas, data, into: b)
        case (.i32, .i32(let v)):
            b.write(" ")
            b.writeSigned(Int64(v))
        case (.i64, .i64(let v)):
            b.write(" ")
            b.writeSigned(v)
        case (.f32, .f32(let bits)):
            b.write(" ")
            b.writeF32(bits)
        case (.f64, .f64(let bits)):
            b.write(" ")
            b.writeF64(bits)
        case (.v128, .v128(let v)):
            b.writeV128(v)
        case (.shuffle, .v128(let v)):
            for lane in v.bytes {
                b.write(" ")
                b.writeDecimal(UInt64(lane))
            }
        case (.memArg, .memArg(let m)):
            writeMemArg(m, op, into: b)
        case (.memArgLane, .memArgLane(let m, let lane)):
            writeMemArg(m, op, into: b)
            b.write(" ")
            b.writeDecimal(UInt64(lane))
        case (.lane, .lane(let lane)):
            b.write(" ")
            b.writeDecimal(UInt64(lane))
        case (.blockType, .blockType(let t)):
            let named = writeBlockLabel(t, &s, into: b)
            writeLabelComment(named, &s, style: style, into: b)
        case (.heapType, .heapType(let h)):
            b.write(" ")
            writeHeapType(h, into: b)
        case (.castRefType, .refType(let r)):
            b.write(" ")
            writeRefType(r, into: b)
        case (.brOnCast, .brOnCast(let label, let from, let to)):
            writeLabel(label, s, into: b)
            b.write(" ")
            writeRefType(from, into: b)
            b.write(" ")
            writeRefType(to, into: b)
        case (.brTable, .brTable(let r)):
            for l in e.labels(r) { writeLabel(l, s, into: b) }
        case (.selectTypes, .selectTypes(let r)):
            b.write(" (result")
            for t in e.types(r) {
                b.write(" ")
                writeValType(t, into: b)
            }
            b.write(")")
        case (.tryTable, .tryTable(let t, let r)):
            let named = writeBlockLabel(t, &s, into: b)
            // The catch clauses' labels are counted from outside the try_table.
            s.depth -= 1
            let own = s.stack.popLast()
            for c in e.catches(r) {
                switch c.kind {
                case .catch: b.write(" (catch ")
                case .catchRef: b.write(" (catch_ref ")
                case .catchAll: b.write(" (catch_all")
                case .catchAllRef: b.write(" (catch_all_ref")
                }
                if c.kind == .catch || c.kind == .catchRef { writeIndex(names.tags, c.tag, into: b) }
                writeLabel(c.label, s, into: b)
                b.write(")")
            }
            if let own { s.stack.append(own) }
            s.depth += 1
            writeLabelComment(named, &s, style: style, into: b)
        case (.structField, .indices(let type, let field)):
            b.write(" ")
            writeIndex(names.types, type, into: b)
            b.write(" ")
            writeIndex(names.fields[type] ?? [:], field, into: b)
        case (.arrayNewFixed, .indices(let type, let count)):
            b.write(" ")
            writeIndex(names.types, type, into: b)
            b.write(" ")
            b.writeDecimal(count)
        case (.arrayCopy, .indices(let dst, let src)):
            b.write(" ")
            writeIndex(names.types, dst, into: b)
            b.write(" ")
            writeIndex(names.types, src, into: b)
        case (.arrayData, .indices(let type, let data)):
            b.write(" ")
            writeIndex(names.types, type, into: b)
            b.write(" ")
            writeIndex(names.datas, data, into: b)
        case (.arrayElem, .indices(let type, let elem)):
            b.write(" ")
            writeIndex(names.types, type, into: b)
            b.write(" ")
            writeIndex(names.elems, elem, into: b)
        default:
            // An immediate that does not fit its opcode's shape (a hand-built module).
            b.write(" (; malformed immediate ;)")
        }
    }

    func writeMemArg(_ m: MemArg, _ op: Opcode, into b: TextBuffer) {
        if m.memory != 0 {
            b.write(" ")
            writeIndex(names.memories, m.memory, into: b)
        }
        if m.offset != 0 {
            b.write(" offset=")
            b.writeDecimal(m.offset)
        }
        let natural = opcodes.naturalAlignment[Int(op.rawValue)]
        if natural != m.align {
            b.write(" align=")
            b.writeDecimal(m.align < 64 ? UInt64(1) << UInt64(m.align) : 0)
        }
    }

    /// A block's name and type; true when it has a name (so no label comment).
    func writeBlockLabel(_ t: BlockType, _ s: inout LabelState, into b: TextBuffer) -> Bool {
        var named = false
        if !s.labelNames.isEmpty, let n = s.labelNames[s.next] {
            b.write(" ")
            n.writeDefinition(into: b)
            named = true
        }
        switch t {
        case .empty:
            break
        case .value(let v):
            b.write(" (result ")
            writeValType(v, into: b)
            b.write(")")
        case .typeIndex(let x):
            b.write(" ")
            writeTypeUse(x, namesFor: nil, into: b)
        }
        return named
    }

    func writeLabelComment(_ named: Bool, _ s: inout LabelState, style: LabelCommentStyle, into b: TextBuffer) {
        if !named {
            switch style {
            case .line: b.write(" ;; label = @")
            case .inline: b.write("  (; label = @")
            }
            b.writeDecimal(UInt64(max(0, s.depth)))
            if style == .inline { b.write(" ;)") }
        }
        s.next &+= 1
    }

    /// A branch target: the label's name when it has one that no inner label shadows, else
    /// the relative depth with the block it reaches as `(;@D;)`.
    func writeLabel(_ depth: UInt32, _ s: LabelState, into b: TextBuffer) {
        b.write(" ")
        guard Int(depth) <= s.depth else {
            b.writeDecimal(depth)
            b.write(" (; INVALID ;)")
            return
        }
        let i = s.depth - Int(depth)
        var name: Naming?
        if i >= 1, i - 1 < s.stack.count, !s.labelNames.isEmpty { name = s.labelNames[s.stack[i - 1]] }
        var conflict = false
        if let name {
            for other in s.stack[min(i, s.stack.count)...] where s.labelNames[other]?.name == name.name {
                conflict = true
                break
            }
        }
        if let name, !conflict {
            name.writeDefinition(into: b)
            return
        }
        b.writeDecimal(depth)
        if !conflict && i > 0 {
            b.write(" (;@")
            b.writeDecimal(UInt64(i))
            b.write(";)")
        }
    }
}
