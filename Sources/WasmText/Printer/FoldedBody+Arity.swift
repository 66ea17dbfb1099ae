// How many operands an instruction takes and how many results it leaves, for folding. Most
// come from the opcode table's signature class; the rest depend on the instruction's immediate
// (a call's type, a branch's label) or are fixed per instruction. Nil where the module does not
// say (an invalid index); the folder then treats the instruction as taking and giving nothing,
// as wasm-tools does.

import WasmCore

extension FoldedBody {
    /// The arity of a block type: its parameter and result counts.
    func blockArity(_ t: BlockType) -> (UInt32, UInt32)? {
        switch t {
        case .empty: return (0, 0)
        case .value: return (0, 1)
        case .typeIndex(let i): return typeArity(i)
        }
    }

    /// A function type's parameter and result counts; a struct's field count twice.
    func typeArity(_ index: UInt32) -> (UInt32, UInt32)? {
        guard let t = context.subType(index) else { return nil }
        switch t.composite {
        case .func(let f): return (UInt32(f.params.count), UInt32(f.results.count))
        case .struct(let fields): return (UInt32(fields.count), UInt32(fields.count))
        case .array: return nil
        }
    }

    /// The block `depth` labels out: its type and whether it is a loop.
    func labelBlock(_ depth: UInt32) -> (BlockType, Bool)? {
        guard frames.count == labels.depth + 1, Int(depth) < frames.count else { return nil }
        let f = frames[frames.count - 1 - Int(depth)]
        return (f.type, f.kind == .loop)
    }

    /// The operand count of a branch to label `depth`.
    func branchArity(_ depth: UInt32) -> UInt32? {
        guard let (t, isLoop) = labelBlock(depth), let (p, r) = blockArity(t) else { return nil }
        return isLoop ? p : r
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    func arity(_ inst: Instruction, _ e: Expression) -> (UInt32, UInt32)? {
        let op = inst.opcode
        switch context.opcodes.signatures[Int(op.rawValue)] {
        case .unary, .test, .convert: return (1, 1)
        case .binary, .compare, .replaceLane, .shift: return (2, 1)
        case .ternary: return (3, 1)
        case .const: return (0, 1)
        case .load: return (1, 1)
        case .store: return (2, 0)
        case .loadLane: return (2, 1)
        case .storeLane: return (2, 0)
        case .atomicRMW, .atomicNotify: return (2, 1)
        case .atomicCmpxchg, .atomicWait: return (3, 1)
        case .wide(let n): return (UInt32(n), 2)
        case .special: break
        }
        let imm = inst.immediate
        switch op {
        case .unreachable, .nop, .rethrow, .dataDrop, .elemDrop, .atomicFence: return (0, 0)
        case .block, .loop, .tryTable:
            var t = BlockType.empty
            if case .blockType(let b) = imm { t = b }
            if case .tryTable(let b, _) = imm { t = b }
            guard let (p, _) = blockArity(t) else { return nil }
            return (p, p)
        case .if:
            guard case .blockType(let t) = imm, let (p, _) = blockArity(t) else { return nil }
            return (p + 1, p)
        case .else:
            guard let (t, _) = labelBlock(0), let (p, r) = blockArity(t) else { return nil }
            return (r, p)
        case .end:
            guard let (t, _) = labelBlock(0), let (_, r) = blockArity(t) else { return nil }
            return (r, r)
        case .br:
            guard case .index(let d) = imm, let n = branchArity(d) else { return nil }
            return (n, 0)
        case .brIf:
            guard case .index(let d) = imm, let n = branchArity(d) else { return nil }
            return (n + 1, n)
        case .brTable:
            guard case .brTable(let r) = imm, let d = e.labels(r).last, let n = branchArity(d) else { return nil }
            return (n + 1, 0)
        case .brOnNull:
            guard case .index(let d) = imm, let n = branchArity(d) else { return nil }
            return (n + 1, n + 1)
        case .brOnNonNull:
            guard case .index(let d) = imm, let n = branchArity(d), n > 0 else { return nil }
            return (n, n - 1)
        case .brOnCast, .brOnCastFail:
            guard case .brOnCast(let d, _, _) = imm, let n = branchArity(d) else { return nil }
            return (n, n)
        case .return:
            guard let (t, _) = labelBlock(UInt32(frames.count - 1)), let (_, r) = blockArity(t) else { return nil }
            return (r, 0)
        case .call, .returnCall:
            guard case .index(let f) = imm, f < context.functionTypes.count,
                  let (p, r) = typeArity(context.functionTypes[Int(f)]) else { return nil }
            return op == .call ? (p, r) : (p, 0)
        case .callIndirect, .returnCallIndirect:
            guard case .indices(let t, _) = imm, let (p, r) = typeArity(t) else { return nil }
            return op == .callIndirect ? (p + 1, r) : (p + 1, 0)
        case .callRef, .returnCallRef:
            guard case .index(let t) = imm, let (p, r) = typeArity(t) else { return nil }
            return op == .callRef ? (p + 1, r) : (p + 1, 0)
        case .throw:
            guard case .index(let tag) = imm, tag < context.tagTypes.count,
                  let (p, _) = typeArity(context.tagTypes[Int(tag)]) else { return nil }
            return (p, 0)
        case .throwRef: return (1, 0)
        case .drop: return (1, 0)
        case .select: return (3, 1)
        case .selectTyped:
            guard case .selectTypes(let r) = imm else { return nil }
            return (1 + 2 * r.count, r.count)
        case .localGet, .globalGet, .memorySize, .refNull, .refFunc, .tableSize, .structNewDefault: return (0, 1)
        case .localSet, .globalSet: return (1, 0)
        case .localTee, .tableGet, .memoryGrow, .refIsNull, .refAsNonNull, .structGet, .structGetS, .structGetU,
             .arrayNewDefault, .arrayLen, .refTest, .refCast, .anyConvertExtern, .externConvertAny, .refI31,
             .i31GetS, .i31GetU:
            return (1, 1)
        case .tableSet, .structSet: return (2, 0)
        case .tableGrow, .refEq, .arrayNew, .arrayNewData, .arrayNewElem, .arrayGet, .arrayGetS, .arrayGetU: return (2, 1)
        case .arraySet: return (3, 0)
        case .arrayFill, .arrayInitData, .arrayInitElem: return (4, 0)
        case .arrayCopy: return (5, 0)
        case .memoryInit, .memoryCopy, .memoryFill, .tableInit, .tableCopy, .tableFill: return (3, 0)
        case .structNew:
            guard case .index(let t) = imm, let (p, _) = typeArity(t) else { return nil }
            return (p, 1)
        case .structNewDesc:
            guard case .index(let t) = imm, let (p, _) = typeArity(t) else { return nil }
            return (p + 1, 1)
        case .structNewDefaultDesc, .refGetDesc: return (1, 1)
        case .refCastDescEq: return (2, 1)
        case .brOnCastDescEq, .brOnCastDescEqFail:
            guard case .brOnCast(let d, _, _) = imm, let n = branchArity(d) else { return nil }
            return (n + 1, n)
        case .arrayNewFixed:
            guard case .indices(_, let n) = imm else { return nil }
            return (n, 1)
        default:
            return nil
        }
    }
}
