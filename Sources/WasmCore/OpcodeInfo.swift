// The shape of an opcode table entry, and the lookups built from the table.

/// The prefix byte of an instruction's binary encoding.
public enum OpcodePrefix: UInt8, Sendable, Hashable {
    case none = 0x00
    case gc = 0xFB
    case misc = 0xFC
    case simd = 0xFD
    case atomic = 0xFE
}

/// An operand type of a fixed signature: a number type or v128.
public enum OperandType: UInt8, Sendable, Hashable {
    case i32, i64, f32, f64, v128

    public var valType: ValType {
        switch self {
        case .i32: return .i32
        case .i64: return .i64
        case .f32: return .f32
        case .f64: return .f64
        case .v128: return .v128
        }
    }
}

/// How an instruction's immediates are written (text) and encoded (binary), and which
/// `Immediate` case carries them.
public enum ImmediateShape: UInt8, Sendable, Hashable {
    /// `.none`
    case none
    /// `.index`: one index of the named index space.
    case local, global, function, table, memory, type, label, elem, data, tag
    /// `.indices(type, table)`; text: `call_indirect table? typeuse`.
    case callIndirect
    /// `.indices(destination, source)` tables.
    case tableCopy
    /// `.indices(elem, table)`; text: `table.init table? elem`.
    case tableInit
    /// `.indices(destination, source)` memories.
    case memoryCopy
    /// `.indices(data, memory)`; text: `memory.init memory? data`.
    case memoryInit
    /// `.i32`, `.i64`, `.f32`, `.f64`, `.v128` constants.
    case i32, i64, f32, f64, v128
    /// `.v128` holding 16 lane indices.
    case shuffle
    /// `.memArg`
    case memArg
    /// `.memArgLane`
    case memArgLane
    /// `.lane`
    case lane
    /// `.blockType`
    case blockType
    /// `.heapType` (ref.null).
    case heapType
    /// `.refType`; binary: the opcode's code plus 1 when the type is nullable, then a heap type.
    case castRefType
    /// `.brOnCast`
    case brOnCast
    /// `.brTable`
    case brTable
    /// `.selectTypes`
    case selectTypes
    /// `.tryTable`
    case tryTable
    /// `.indices(type, field)`
    case structField
    /// `.indices(type, count)`
    case arrayNewFixed
    /// `.indices(destination type, source type)`
    case arrayCopy
    /// `.indices(type, data)`
    case arrayData
    /// `.indices(type, elem)`
    case arrayElem
    /// `.none`; binary: one reserved zero byte (`atomic.fence`'s ordering, always 0).
    case fence
}

/// The typing rule class of an instruction. The validator has one generic rule per class;
/// `special` instructions have handwritten rules.
public enum Signature: Sendable, Hashable {
    case special
    /// [t] -> [t]
    case unary(OperandType)
    /// [t t] -> [t]
    case binary(OperandType)
    /// [t t t] -> [t]
    case ternary(OperandType)
    /// [t] -> [i32]
    case test(OperandType)
    /// [t t] -> [i32]
    case compare(OperandType)
    /// [a] -> [b]
    case convert(OperandType, OperandType)
    /// [v128 t] -> [v128]
    case replaceLane(OperandType)
    /// [v128 i32] -> [v128]
    case shift
    /// [] -> [t]
    case const(OperandType)
    /// [address] -> [t], accessing `bytes` bytes (the natural alignment).
    case load(OperandType, bytes: UInt8)
    /// [address t] -> []
    case store(OperandType, bytes: UInt8)
    /// [address v128] -> [v128]
    case loadLane(bytes: UInt8)
    /// [address v128] -> []
    case storeLane(bytes: UInt8)
    /// [address t] -> [t], an atomic read-modify-write of `bytes` bytes (alignment exactly natural).
    case atomicRMW(OperandType, bytes: UInt8)
    /// [address t t] -> [t], compare-and-exchange of `bytes` bytes.
    case atomicCmpxchg(OperandType, bytes: UInt8)
    /// [address t i64] -> [i32]: `memory.atomic.wait32` (t = i32) and `wait64` (t = i64).
    case atomicWait(OperandType)
    /// [address i32] -> [i32]: `memory.atomic.notify`.
    case atomicNotify
    /// [i64 × n] -> [i64 i64]: the wide-arithmetic instructions (n = 4 for add128/sub128,
    /// 2 for the 64×64→128 multiplications).
    case wide(UInt8)

    /// The number of bytes a memory instruction accesses, for the alignment rule.
    public var accessBytes: UInt8? {
        switch self {
        case .load(_, let b), .store(_, let b), .loadLane(let b), .storeLane(let b),
             .atomicRMW(_, let b), .atomicCmpxchg(_, let b): return b
        case .atomicWait(let t): return t == .i64 ? 8 : 4
        case .atomicNotify: return 4
        default: return nil
        }
    }
}

/// A WebAssembly feature (a merged proposal), as `--enable-FEATURE` names them.
public enum Feature: UInt8, Sendable, Hashable, CaseIterable {
    case mvp
    case signExtension
    case saturatingFloatToInt
    case multiValue
    case bulkMemory
    case referenceTypes
    case simd
    case relaxedSimd
    case tailCall
    case functionReferences
    case gc
    case exceptions
    case legacyExceptions
    case memory64
    case multiMemory
    case extendedConst
    case threads
    case wideArithmetic
    case customPageSizes
    case compactImports
    case customDescriptors

    /// The flag name, as in `--enable-bulk-memory` (wabt's spelling where it has one).
    public var flagName: String {
        switch self {
        case .mvp: return "mvp"
        case .signExtension: return "sign-extension"
        case .saturatingFloatToInt: return "saturating-float-to-int"
        case .multiValue: return "multi-value"
        case .bulkMemory: return "bulk-memory"
        case .referenceTypes: return "reference-types"
        case .simd: return "simd"
        case .relaxedSimd: return "relaxed-simd"
        case .tailCall: return "tail-call"
        case .functionReferences: return "function-references"
        case .gc: return "gc"
        case .exceptions: return "exceptions"
        case .legacyExceptions: return "legacy-exceptions"
        case .memory64: return "memory64"
        case .multiMemory: return "multi-memory"
        case .extendedConst: return "extended-const"
        case .threads: return "threads"
        case .wideArithmetic: return "wide-arithmetic"
        case .customPageSizes: return "custom-page-sizes"
        case .compactImports: return "compact-imports"
        case .customDescriptors: return "custom-descriptors"
        }
    }

    /// Whether the feature is a proposal past WebAssembly 3.0 (engines that implement exactly
    /// 3.0 refuse it), not part of the standard.
    public var isProposal: Bool { Features.proposals.contains(self) }

    /// A human name for reports.
    public var displayName: String {
        switch self {
        case .mvp: return "MVP"
        case .signExtension: return "sign extension"
        case .saturatingFloatToInt: return "saturating conversions"
        case .multiValue: return "multi-value"
        case .bulkMemory: return "bulk memory"
        case .referenceTypes: return "reference types"
        case .simd: return "SIMD"
        case .relaxedSimd: return "relaxed SIMD"
        case .tailCall: return "tail calls"
        case .functionReferences: return "typed function references"
        case .gc: return "GC"
        case .exceptions: return "exceptions"
        case .legacyExceptions: return "legacy exceptions"
        case .memory64: return "memory64"
        case .multiMemory: return "multi-memory"
        case .extendedConst: return "extended constants"
        case .threads: return "threads/atomics"
        case .wideArithmetic: return "wide arithmetic"
        case .customPageSizes: return "custom page sizes"
        case .compactImports: return "compact imports"
        case .customDescriptors: return "custom descriptors"
        }
    }
}

/// A set of features.
public struct Features: OptionSet, Sendable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public init(_ feature: Feature) { self.rawValue = 1 << UInt32(feature.rawValue) }

    public func contains(_ feature: Feature) -> Bool { rawValue & (1 << UInt32(feature.rawValue)) != 0 }
    public mutating func insert(_ feature: Feature) { rawValue |= 1 << UInt32(feature.rawValue) }
    public mutating func remove(_ feature: Feature) { rawValue &= ~(1 << UInt32(feature.rawValue)) }

    /// The proposals past WebAssembly 3.0.
    public static let proposals: [Feature] = [.threads, .wideArithmetic, .customPageSizes, .compactImports, .customDescriptors]

    /// Everything standardised in WebAssembly 3.0 (legacy exceptions are kept for
    /// compatibility with toolchains that still emit them), none of the proposals past it.
    public static var wasm3: Features {
        var f = Features()
        for x in Feature.allCases where !proposals.contains(x) { f.insert(x) }
        return f
    }

    public static var all: Features {
        var f = Features()
        for x in Feature.allCases { f.insert(x) }
        return f
    }

    /// What the tools accept unless told otherwise: WebAssembly 3.0 and the proposals
    /// wasm-tools 1.262 enables by default (threads, wide arithmetic, compact imports: what
    /// `wasm-tools smith` emits and `wasm-tools validate` accepts without flags). Custom page
    /// sizes and custom descriptors stay behind their flags, as they do in wasm-tools and
    /// wasmtime; the official 3.0 suite passes the same with either set.
    public static var `default`: Features {
        var f = wasm3
        f.insert(.threads)
        f.insert(.wideArithmetic)
        f.insert(.compactImports)
        return f
    }
}

/// One entry of the opcode table.
public struct OpcodeInfo: Sendable, Hashable {
    public let name: String
    public let prefix: OpcodePrefix
    /// The opcode byte (no prefix) or the LEB128-encoded u32 after the prefix.
    public let code: UInt32
    public let immediates: ImmediateShape
    public let signature: Signature
    public let feature: Feature

    init(_ name: String, _ prefix: OpcodePrefix, _ code: UInt32, _ immediates: ImmediateShape,
         _ signature: Signature, _ feature: Feature) {
        self.name = name
        self.prefix = prefix
        self.code = code
        self.immediates = immediates
        self.signature = signature
        self.feature = feature
    }
}

extension Opcode {
    /// Text name to opcode, for the parser. `select` maps to the untyped form; the parser
    /// switches to `selectTyped` when result types follow.
    public static let byName: [String: Opcode] = {
        var d: [String: Opcode] = [:]
        d.reserveCapacity(allCases.count)
        for op in allCases where d[op.info.name] == nil { d[op.info.name] = op }
        return d
    }()

    /// The pre-2019 spellings that older toolchains, books and articles print, each the alias of
    /// the instruction it was renamed to. The spec's grammar refuses them; the legacy mode of the
    /// parser accepts them with a warning.
    public static let legacyAliases: [(name: String, opcode: Opcode)] = [
        ("get_local", .localGet), ("set_local", .localSet), ("tee_local", .localTee),
        ("get_global", .globalGet), ("set_global", .globalSet),
        ("current_memory", .memorySize), ("grow_memory", .memoryGrow),
        ("i32.wrap/i64", .i32WrapI64),
        ("i32.trunc_s/f32", .i32TruncF32S), ("i32.trunc_u/f32", .i32TruncF32U),
        ("i32.trunc_s/f64", .i32TruncF64S), ("i32.trunc_u/f64", .i32TruncF64U),
        ("i64.extend_s/i32", .i64ExtendI32S), ("i64.extend_u/i32", .i64ExtendI32U),
        ("i64.trunc_s/f32", .i64TruncF32S), ("i64.trunc_u/f32", .i64TruncF32U),
        ("i64.trunc_s/f64", .i64TruncF64S), ("i64.trunc_u/f64", .i64TruncF64U),
        ("f32.convert_s/i32", .f32ConvertI32S), ("f32.convert_u/i32", .f32ConvertI32U),
        ("f32.convert_s/i64", .f32ConvertI64S), ("f32.convert_u/i64", .f32ConvertI64U),
        ("f32.demote/f64", .f32DemoteF64),
        ("f64.convert_s/i32", .f64ConvertI32S), ("f64.convert_u/i32", .f64ConvertI32U),
        ("f64.convert_s/i64", .f64ConvertI64S), ("f64.convert_u/i64", .f64ConvertI64U),
        ("f64.promote/f32", .f64PromoteF32),
        ("i32.reinterpret/f32", .i32ReinterpretF32), ("i64.reinterpret/f64", .i64ReinterpretF64),
        ("f32.reinterpret/i32", .f32ReinterpretI32), ("f64.reinterpret/i64", .f64ReinterpretI64),
        ("i32.trunc_s:sat/f32", .i32TruncSatF32S), ("i32.trunc_u:sat/f32", .i32TruncSatF32U),
        ("i32.trunc_s:sat/f64", .i32TruncSatF64S), ("i32.trunc_u:sat/f64", .i32TruncSatF64U),
        ("i64.trunc_s:sat/f32", .i64TruncSatF32S), ("i64.trunc_u:sat/f32", .i64TruncSatF32U),
        ("i64.trunc_s:sat/f64", .i64TruncSatF64S), ("i64.trunc_u:sat/f64", .i64TruncSatF64U),
        // Early SIMD spellings (renamed 2019-2021).
        ("f32x4.convert_s/i32x4", .f32x4ConvertI32x4S), ("f32x4.convert_u/i32x4", .f32x4ConvertI32x4U),
        ("i32x4.trunc_s/f32x4:sat", .i32x4TruncSatF32x4S), ("i32x4.trunc_u/f32x4:sat", .i32x4TruncSatF32x4U),
        ("v8x16.shuffle", .i8x16Shuffle), ("v8x16.swizzle", .i8x16Swizzle),
        ("v8x16.load_splat", .v128Load8Splat), ("v16x8.load_splat", .v128Load16Splat),
        ("v32x4.load_splat", .v128Load32Splat), ("v64x2.load_splat", .v128Load64Splat),
        ("i16x8.load8x8_s", .v128Load8x8S), ("i16x8.load8x8_u", .v128Load8x8U),
        ("i32x4.load16x4_s", .v128Load16x4S), ("i32x4.load16x4_u", .v128Load16x4U),
        ("i64x2.load32x2_s", .v128Load32x2S), ("i64x2.load32x2_u", .v128Load32x2U),
        ("i8x16.any_true", .v128AnyTrue), ("i16x8.any_true", .v128AnyTrue), ("i32x4.any_true", .v128AnyTrue),
        ("i8x16.add_saturate_s", .i8x16AddSatS), ("i8x16.add_saturate_u", .i8x16AddSatU),
        ("i8x16.sub_saturate_s", .i8x16SubSatS), ("i8x16.sub_saturate_u", .i8x16SubSatU),
        ("i16x8.add_saturate_s", .i16x8AddSatS), ("i16x8.add_saturate_u", .i16x8AddSatU),
        ("i16x8.sub_saturate_s", .i16x8SubSatS), ("i16x8.sub_saturate_u", .i16x8SubSatU),
        ("i16x8.widen_low_i8x16_s", .i16x8ExtendLowI8x16S), ("i16x8.widen_high_i8x16_s", .i16x8ExtendHighI8x16S),
        ("i16x8.widen_low_i8x16_u", .i16x8ExtendLowI8x16U), ("i16x8.widen_high_i8x16_u", .i16x8ExtendHighI8x16U),
        ("i32x4.widen_low_i16x8_s", .i32x4ExtendLowI16x8S), ("i32x4.widen_high_i16x8_s", .i32x4ExtendHighI16x8S),
        ("i32x4.widen_low_i16x8_u", .i32x4ExtendLowI16x8U), ("i32x4.widen_high_i16x8_u", .i32x4ExtendHighI16x8U),
        // The threads proposal's names before 2020 (wabt and emscripten printed them).
        ("atomic.notify", .memoryAtomicNotify), ("i32.atomic.wait", .memoryAtomicWait32),
        ("i64.atomic.wait", .memoryAtomicWait64),
    ]

    /// Legacy spelling to opcode.
    public static let byLegacyName: [String: Opcode] = {
        var d: [String: Opcode] = [:]
        for (n, op) in legacyAliases { d[n] = op }
        return d
    }()

    /// Legacy type keywords and the current spelling they stand for.
    public static let legacyTypeAliases: [(name: String, current: String)] = [("anyfunc", "funcref")]

    /// Decoder dispatch: opcode for a one-byte encoding.
    public static let byByte: [Opcode?] = {
        var t = [Opcode?](repeating: nil, count: 256)
        for op in allCases where op.info.prefix == .none { t[Int(op.info.code)] = op }
        return t
    }()

    /// Decoder dispatch: opcode for a prefixed encoding.
    public static func lookup(prefix: OpcodePrefix, code: UInt32) -> Opcode? {
        switch prefix {
        case .none: return code < 256 ? byByte[Int(code)] : nil
        case .gc: return code < UInt32(gcByCode.count) ? gcByCode[Int(code)] : nil
        case .misc: return code < UInt32(miscByCode.count) ? miscByCode[Int(code)] : nil
        case .simd: return code < UInt32(simdByCode.count) ? simdByCode[Int(code)] : nil
        case .atomic: return code < UInt32(atomicByCode.count) ? atomicByCode[Int(code)] : nil
        }
    }

    private static func dispatch(_ prefix: OpcodePrefix) -> [Opcode?] {
        var size = 0
        for op in allCases where op.info.prefix == prefix { size = Swift.max(size, Int(op.info.code) + 2) }
        var t = [Opcode?](repeating: nil, count: size)
        for op in allCases where op.info.prefix == prefix {
            t[Int(op.info.code)] = op
            // ref.test/ref.cast: the nullable form is the next code.
            if op.info.immediates == .castRefType { t[Int(op.info.code) + 1] = op }
        }
        return t
    }

    private static let gcByCode = dispatch(.gc)
    private static let miscByCode = dispatch(.misc)
    private static let simdByCode = dispatch(.simd)
    private static let atomicByCode = dispatch(.atomic)

    /// An instruction of the threads proposal's 0xFE space (its memory accesses need exactly
    /// natural alignment, and trap when unaligned). The cases are contiguous in `Opcode`.
    @inline(__always)
    public var isAtomic: Bool {
        rawValue >= Opcode.memoryAtomicNotify.rawValue && rawValue <= Opcode.i64AtomicRmw32CmpxchgU.rawValue
    }
}
