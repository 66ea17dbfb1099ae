import WasmCore

/// The internal instruction set of the run loop. Numeric cases carry the name of the wasm
/// instruction they implement (`Op.numeric(for:)`, generated with their handlers by
/// scripts/gen-numeric.py, maps the opcodes to them); the rest are the
/// register-machine forms the compiler emits (copies, resolved branches, fast memory access).
enum Op: UInt16, CaseIterable {
    // Control and data movement.
    case unreachable, br, brIf, brIfNot, brTable, copy, copy2, ret
    // Does nothing but count the dispatch budget (see `Handlers.continuesUnchecked`).
    case checkpoint
    case call, callIndirect, callRef, returnCall, returnCallIndirect, returnCallRef, fuel
    case select, select2, brOnNull, brOnNonNull, refAsNonNull, refIsNull
    case globalGet, globalSet, globalGet2, globalSet2
    case tableGet, tableSet, tableSize, tableGrow, tableFill, tableCopy, tableInit, elemDrop
    case memorySize, memoryGrow, memoryFill, memoryCopy, memoryInit, dataDrop
    // Memory 0 with 32-bit addresses: the fast path.
    case load8S, load8U, load16S, load16U, load32S, load32U, load64
    case store8, store16, store32, store64
    // Memory 0 loads whose address is `i32.add b c` (the add folded in).
    case load8SAdd, load8UAdd, load16SAdd, load16UAdd, load32SAdd, load32UAdd, load64Add
    // memory.fill and memory.copy within memory 0 with 32-bit addresses.
    case memoryFill0, memoryCopy0
    // Memory 0 stores whose address is `i32.add b a` (the add folded in; `c` the value).
    case store8Add, store16Add, store32Add, store64Add
    // Any memory (memory64, memories other than 0): `c` = kind | memory address << 8.
    case loadG, storeG
    // Every SIMD instruction (wasm opcode in `imm`; see Executor+SIMD.swift).
    case simd
    // The threads proposal's instructions and wide arithmetic, two words each (see
    // Compiler+Atomics.swift).
    case atomic, wideArith
    // Exception handling (see Executor+Exceptions.swift): `throw` (tag address in `imm`,
    // payload at `b`, `c` slots) and `throw_ref` (exnref at `b`).
    case exnThrow, exnThrowRef
    // GC (Handlers+GC.swift, Executor+GC.swift). Allocations write the reference to `a` and
    // read their operands from consecutive slots from `b`; `imm` holds the object header
    // (type id, kind) in bits 0-35. struct.new[_default]: `c` field slots, size class in
    // `imm` bits 40-47, cell size in 48-63. Arrays: element size log2 in `imm` bits 40-42;
    // `c` the count of array.new_fixed, the data or element segment of new_data / new_elem.
    case structNew, structNewDefault
    case arrayNew, arrayNewDefault, arrayNewFixed, arrayNewData, arrayNewElem
    // Field and element access: `a` the destination (get) or the value (set), `b` the
    // reference, `c` the field's byte offset (struct) or the index's slot (array).
    case structGet, structGetS8, structGetU8, structGetS16, structGetU16, structGet2
    case structSet, structSet2
    case arrayGet8S, arrayGet8U, arrayGet16S, arrayGet16U, arrayGet32, arrayGet64, arrayGet128
    case arraySet8, arraySet16, arraySet32, arraySet64, arraySet128
    case arrayLen
    // Bulk array instructions: operands from slot `b` on, element size log2 in `imm`, `c` the
    // data or element segment of init_data / init_elem.
    case arrayFill, arrayCopy, arrayInitData, arrayInitElem
    case refI31, i31GetS, i31GetU
    // Casts of the reference at `b` to `imm` (a `CastTarget` code); `c` its flags (`CastTarget`).
    // ref.test writes 0 or 1 to `a`; ref.cast traps or goes on (the value stays in its slot).
    case refTest, refCast
    // Jumps by `imm` when the cast of `b` to `a` (`c`: flags) succeeds / fails.
    case brOnCast, brOnCastFail
    // Custom descriptors (Handlers+Descriptors.swift). struct.new[_default]_desc: as
    // struct.new[_default], the descriptor in the slot after the fields. ref.get_desc: `a` <- the
    // descriptor of the struct at `b`. ref.cast_desc_eq: the reference at `b` (it stays) against
    // the descriptor at `c`, `a` its flags. br_on_cast_desc_eq[_fail]: jumps by `imm` when the
    // descriptor of `b` is / is not the one at `a` (`c`: flags).
    case structNewDesc, structNewDefaultDesc, refGetDesc, refCastDescEq, brOnCastDescEq, brOnCastDescEqFail
    // Fused forms.
    case ret1
    case brIfEqz, brIfNez
    // `local.tee x (i32.add|sub …)` feeding `br_if`: compute, store, test.
    case i32AddBrNez, i32AddBrEqz, i32SubBrNez, i32SubBrEqz
    case brIfI32LtS, brIfI32LtU, brIfI32GtS, brIfI32GtU, brIfI32LeS, brIfI32LeU, brIfI32GeS, brIfI32GeU
    case brIfI32Eq, brIfI32Ne
    // Forms whose second operand is an i32 constant held in `c` itself (not a frame slot), so
    // a function whose constants all fold this way copies none into its frame on a call.
    case i32AddImm, i32MulImm, i32AndImm, i32OrImm, i32XorImm, i32ShlImm, i32ShrSImm, i32ShrUImm
    case i32AddImmBrNez, i32AddImmBrEqz
    case brIfI32EqImm, brIfI32NeImm, brIfI32LtSImm, brIfI32LtUImm, brIfI32GtSImm, brIfI32GtUImm
    case brIfI32LeSImm, brIfI32LeUImm, brIfI32GeSImm, brIfI32GeUImm
    // A loop's `i += step; br_if (i <u limit)` in one dispatch: step in a slot (`c`) or in `c`
    // itself (Imm), the limit in a slot or a constant (`imm` bits 32-63), the jump offset in
    // `imm` bits 0-31. The original branch stays after it (for jumps that land there) and is
    // skipped.
    case i32AddBrLtU, i32AddImmBrLtU, i32AddBrLtUImm, i32AddImmBrLtUImm
    // `f64.mul` feeding `f64.add`: a = other + product (L) or product + other (R); `imm` holds
    // the other operand's slot (bits 0-31) and the product's slot (32-63), still written. The
    // original add stays after it and is skipped.
    case f64MulAddL, f64MulAddR
    // `i32.add` whose sum is the function's only result (`ret1` of it follows; kept, skipped).
    case i32AddRet1
    // `i32.shl k s` feeding a folded load's address: `b` k, `c` the other address operand, `imm`
    // offset (bits 0-31) and s (32-36). The original load stays after it and is skipped.
    case load32UAddShl, load64AddShl
    // The same with `i32.mul k K` (K in bits 32-63 of `imm`).
    case load32UAddMul, load64AddMul
    // `i32.add` with a constant (`a` <- `b` + `c`) then `call`: `imm` = argument base << 32 |
    // function (the call stays after it; the callee returns past it).
    case i32AddImmCall
    // `i32.load` (memory 0) whose value is tested by the `br_if` after it: `imm` = the jump
    // offset from this instruction << 32 | the memory offset (the branch stays, skipped).
    case load32UBrEqz, load32UBrNez
    // `i32.add K` whose sum is the right operand of an unsigned `<` branch: packed like
    // `i32AddImmBrLtU`, the branch taken when the sum is greater than the other operand.
    case i32AddImmBrGtU
    // An i64 shift or multiply of `b` by `c` whose result only the next `i64.xor`/`i64.add`
    // reads; `imm` = that instruction's other operand slot (it stays, skipped).
    case i64ShlXor, i64ShrUXor, i64MulAdd
    // `i32.mul K1` then `i32.add K2` of the product: `c` = K1, `imm` = K2 (the add stays, skipped).
    case i32MulImmAddImm
    // `(b >> c) & imm` (the and stays, skipped).
    case i32ShrUImmAndImm
    // Memory 0 load at `b` + `imm` added to `c` (the add stays, skipped).
    case i32AddLoad8U, i32AddLoad32U
    // Memory 0 copy of a byte or word from `a` + `c` + (`imm` bits 0-31) to `b` + `c` + (bits
    // 32-63), each sum wrapping at 32 bits (the store stays, skipped).
    case copy8Add, copy32Add
    // Two adjacent copies, in order: `a` <- `b`, then `c` <- `imm` (the second stays, skipped).
    case copyPair
    // f32/f64 arithmetic with one operand loaded from memory 0 (Handlers+FloatMemory.swift):
    // `a` <- mem[fp[c] + imm] op fp[b] (L) or fp[b] op mem[fp[c] + imm] (R); LStore:
    // mem[fp[c] + imm] <- mem[fp[c] + imm] op fp[b].
    case f32AddLoadL, f32AddLoadR, f32SubLoadL, f32SubLoadR, f32MulLoadL, f32MulLoadR, f32DivLoadL, f32DivLoadR
    case f64AddLoadL, f64AddLoadR, f64SubLoadL, f64SubLoadR, f64MulLoadL, f64MulLoadR, f64DivLoadL, f64DivLoadR
    case f32AddLoadLStore, f32SubLoadLStore, f32MulLoadLStore, f32DivLoadLStore
    case f64AddLoadLStore, f64SubLoadLStore, f64MulLoadLStore, f64DivLoadLStore
    // Numeric instructions, named as the wasm opcodes.
    case i32Eqz, i32Eq, i32Ne, i32LtS, i32LtU, i32GtS, i32GtU, i32LeS, i32LeU, i32GeS, i32GeU
    case i64Eqz, i64Eq, i64Ne, i64LtS, i64LtU, i64GtS, i64GtU, i64LeS, i64LeU, i64GeS, i64GeU
    case f32Eq, f32Ne, f32Lt, f32Gt, f32Le, f32Ge, f64Eq, f64Ne, f64Lt, f64Gt, f64Le, f64Ge
    case i32Clz, i32Ctz, i32Popcnt, i32Add, i32Sub, i32Mul, i32DivS, i32DivU, i32RemS, i32RemU
    case i32And, i32Or, i32Xor, i32Shl, i32ShrS, i32ShrU, i32Rotl, i32Rotr
    case i64Clz, i64Ctz, i64Popcnt, i64Add, i64Sub, i64Mul, i64DivS, i64DivU, i64RemS, i64RemU
    case i64And, i64Or, i64Xor, i64Shl, i64ShrS, i64ShrU, i64Rotl, i64Rotr
    case f32Abs, f32Neg, f32Ceil, f32Floor, f32Trunc, f32Nearest, f32Sqrt
    case f32Add, f32Sub, f32Mul, f32Div, f32Min, f32Max, f32Copysign
    case f64Abs, f64Neg, f64Ceil, f64Floor, f64Trunc, f64Nearest, f64Sqrt
    case f64Add, f64Sub, f64Mul, f64Div, f64Min, f64Max, f64Copysign
    case i32WrapI64, i32TruncF32S, i32TruncF32U, i32TruncF64S, i32TruncF64U
    case i64ExtendI32S, i64ExtendI32U, i64TruncF32S, i64TruncF32U, i64TruncF64S, i64TruncF64U
    case f32ConvertI32S, f32ConvertI32U, f32ConvertI64S, f32ConvertI64U, f32DemoteF64
    case f64ConvertI32S, f64ConvertI32U, f64ConvertI64S, f64ConvertI64U, f64PromoteF32
    case i32Extend8S, i32Extend16S, i64Extend8S, i64Extend16S, i64Extend32S
    case i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U
    case i64TruncSatF32S, i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U
}

/// Memory access kinds of the generic load/store ops (and the width of the fast ones).
enum AccessKind: UInt32 {
    case l8s, l8u, l16s, l16u, l32s, l32u, l64, s8, s16, s32, s64

    var bytes: UInt64 {
        switch self {
        case .l8s, .l8u, .s8: return 1
        case .l16s, .l16u, .s16: return 2
        case .l32s, .l32u, .s32: return 4
        case .l64, .s64: return 8
        }
    }

    static func of(_ opcode: Opcode) -> AccessKind? {
        switch opcode {
        case .i32Load, .f32Load, .i64Load32U: return .l32u
        case .i64Load32S: return .l32s
        case .i64Load, .f64Load: return .l64
        case .i32Load8S, .i64Load8S: return .l8s
        case .i32Load8U, .i64Load8U: return .l8u
        case .i32Load16S, .i64Load16S: return .l16s
        case .i32Load16U, .i64Load16U: return .l16u
        case .i32Store8, .i64Store8: return .s8
        case .i32Store16, .i64Store16: return .s16
        case .i32Store, .f32Store, .i64Store32: return .s32
        case .i64Store, .f64Store: return .s64
        default: return nil
        }
    }

    var fastOp: Op {
        switch self {
        case .l8s: return .load8S
        case .l8u: return .load8U
        case .l16s: return .load16S
        case .l16u: return .load16U
        case .l32s: return .load32S
        case .l32u: return .load32U
        case .l64: return .load64
        case .s8: return .store8
        case .s16: return .store16
        case .s32: return .store32
        case .s64: return .store64
        }
    }

    var isStore: Bool { rawValue >= AccessKind.s8.rawValue }

    /// The fast store that also adds two address operands.
    var fastStoreAddOp: Op? {
        switch self {
        case .s8: return .store8Add
        case .s16: return .store16Add
        case .s32: return .store32Add
        case .s64: return .store64Add
        default: return nil
        }
    }

    /// The fast load that also adds two address operands.
    var fastAddOp: Op? {
        switch self {
        case .l8s: return .load8SAdd
        case .l8u: return .load8UAdd
        case .l16s: return .load16SAdd
        case .l16u: return .load16UAdd
        case .l32s: return .load32SAdd
        case .l32u: return .load32UAdd
        case .l64: return .load64Add
        default: return nil
        }
    }
}
