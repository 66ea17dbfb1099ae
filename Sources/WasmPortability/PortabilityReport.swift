// The result of the portability analysis: plain data, so a report can be compared in tests,
// sent across concurrency domains and rendered for people (`text`) or tools (`json`).
import WasmCore

/// What a module needs from its host and what it does on its own.
public struct PortabilityReport: Sendable, Hashable {
    public var host: HostInterface
    public var memory: MemoryModel
    public var features: FeatureUsage
    public var entryPoints: EntryPoints
    public var toolchain: Toolchain
    public var verdict: Verdict

    public init(host: HostInterface, memory: MemoryModel, features: FeatureUsage,
                entryPoints: EntryPoints, toolchain: Toolchain, verdict: Verdict) {
        self.host = host
        self.memory = memory
        self.features = features
        self.entryPoints = entryPoints
        self.toolchain = toolchain
        self.verdict = verdict
    }
}

/// The one-line answer to "will this run anywhere?".
public struct Verdict: Sendable, Hashable {
    /// True when the module imports nothing: any conforming engine can instantiate it.
    public var portable: Bool
    /// For example `portable: no imports, grows its own memory, MVP + bulk memory`.
    public var summary: String
}

// MARK: Host interface

/// A host interface convention recognised from import module and field names.
public enum HostABI: String, Sendable, Hashable, CaseIterable {
    case wasiPreview1 = "wasi-preview1"
    case emscripten
    case muslSyscalls = "musl-syscalls"
    case wasmBindgen = "wasm-bindgen"
    case go
    case assemblyScript = "assemblyscript"
    case spectest
    /// `env.memory`, `env.__indirect_function_table`, `env.__stack_pointer`, `env.__memory_base`,
    /// `env.__table_base`: what wasm-ld imports under `--import-memory`, `--import-table` or for
    /// position-independent code, without any function ABI behind it.
    case linker
    case unknown

    /// How reports name the ABI.
    public var displayName: String {
        switch self {
        case .wasiPreview1: return "WASI preview 1"
        case .emscripten: return "emscripten env"
        case .muslSyscalls: return "musl syscalls"
        case .wasmBindgen: return "wasm-bindgen"
        case .go: return "Go syscall/js"
        case .assemblyScript: return "AssemblyScript env"
        case .spectest: return "spectest host"
        case .linker: return "linker-provided"
        case .unknown: return "unknown"
        }
    }
}

/// One import, classified.
public struct ImportedItem: Sendable, Hashable {
    public var module: String
    public var name: String
    public var kind: ExternKind
    /// The import's type in text format, e.g. `func (param i32) (result i32)` or `memory 256 256`.
    public var type: String
    public var abi: HostABI
}

/// The imports that share one module name, in import order.
public struct ImportGroup: Sendable, Hashable {
    public var module: String
    public var items: [ImportedItem]
    /// The distinct ABIs of the items, in order of first appearance.
    public var abis: [HostABI]
}

/// How many imports a recognised ABI accounts for, and under which module names.
public struct ABIUse: Sendable, Hashable {
    public var abi: HostABI
    public var modules: [String]
    public var count: Int
}

public struct HostInterface: Sendable, Hashable {
    public var groups: [ImportGroup]
    /// ABIs in the order their first import appears.
    public var abis: [ABIUse]
    /// Which WASI preview 1 functions and capabilities the imports need (nil without WASI).
    public var wasi: WASIUsage? = nil

    public var importCount: Int { groups.reduce(0) { $0 + $1.items.count } }
    /// No imports: the module needs nothing from its host.
    public var isSelfContained: Bool { groups.isEmpty }
}

// MARK: Memory model

public struct MemoryInfo: Sendable, Hashable {
    public var index: UInt32
    /// `module.name` when the memory is imported.
    public var importedFrom: String?
    public var exportNames: [String]
    public var addressType: AddressType
    public var shared: Bool
    public var minPages: UInt64
    public var maxPages: UInt64?
    /// Bytes per page: 65536, or 1 with the custom page sizes proposal's `(pagesize 1)`.
    public var pageSize: UInt64 = MemoryType.pageSize

    public var minBytes: UInt64 { bytes(minPages) }
    public var maxBytes: UInt64? { maxPages.map(bytes) }

    func bytes(_ pages: UInt64) -> UInt64 {
        let (r, overflow) = pages.multipliedReportingOverflow(by: pageSize)
        return overflow ? UInt64.max : r
    }
}

/// Who can make memory bigger.
public enum MemoryGrowth: String, Sendable, Hashable {
    /// The module has no memory at all.
    case noMemory = "no-memory"
    /// The code contains `memory.grow`: it grows memory itself (the article's wee_alloc case).
    case code
    /// The memory is imported and the code never grows it: the host must size it (and grow it
    /// through imported functions such as `env.enlargeMemory`).
    case host
    /// The memory is defined here and the code never grows it: it stays at its initial size.
    case fixed
}

/// How a well-known linker global was found.
public enum SymbolSource: String, Sendable, Hashable {
    case export
    case nameSection = "name"
    /// Imported from the host (`env.__stack_pointer` in position-independent code).
    case imported = "import"
    /// No export and no name: the first mutable i32 global, which is where wasm-ld puts
    /// `__stack_pointer`. A guess, and reports say so.
    case heuristic
}

/// A linker global such as `__heap_base`, `__data_end` or the stack pointer.
public struct SymbolGlobal: Sendable, Hashable {
    public var name: String
    public var globalIndex: UInt32
    /// The initial value when the global is defined with a constant initialiser.
    public var value: UInt64?
    public var mutable: Bool
    public var source: SymbolSource
}

/// Where data segments put bytes.
public struct DataSpan: Sendable, Hashable {
    public var activeSegments: Int
    public var passiveSegments: Int
    /// Active segments whose offset is not a constant (e.g. `global.get $__memory_base`).
    public var relocatableSegments: Int
    public var totalBytes: UInt64
    /// The lowest start and highest end of the active segments with constant offsets.
    public var start: UInt64?
    public var end: UInt64?
}

public struct MemoryModel: Sendable, Hashable {
    public var memories: [MemoryInfo]
    public var growth: MemoryGrowth
    /// Number of `memory.grow` instructions in the code.
    public var growSites: Int
    /// Imported functions through which the module asks its host for memory
    /// (`env.enlargeMemory`, `env.emscripten_resize_heap`, …), as `module.name`.
    public var hostGrowthImports: [String]
    public var heapBase: SymbolGlobal?
    public var dataEnd: SymbolGlobal?
    public var stackPointer: SymbolGlobal?
    public var data: DataSpan
}

// MARK: Features

/// One feature the module uses, with the first place that needs it.
public struct FeatureUse: Sendable, Hashable {
    public var feature: Feature
    /// The first evidence found, e.g. `memory.copy in function 3 $memcpy`.
    public var evidence: String
    /// How many pieces of evidence were found (instructions, types, sections).
    public var count: Int
}

public struct FeatureUsage: Sendable, Hashable {
    /// Sorted in `Feature` order; `mvp` is always first.
    public var used: [FeatureUse]

    public var set: Features {
        var f = Features()
        for u in used { f.insert(u.feature) }
        return f
    }

    /// `MVP + bulk memory + sign extension`.
    public var summary: String { used.map(\.feature.displayName).joined(separator: " + ") }
}

// MARK: Entry points

public struct ExportedItem: Sendable, Hashable {
    public var name: String
    public var kind: ExternKind
    public var index: UInt32
}

/// An export with a conventional meaning.
public struct EntryPoint: Sendable, Hashable {
    public var name: String
    public var functionIndex: UInt32
    /// e.g. `WASI command entry`, `C main`.
    public var role: String
}

/// What kind of program the module is, judged by its entry points.
public enum ModuleKind: String, Sendable, Hashable {
    /// Exports `_start`: run once, like a process (WASI command).
    case command
    /// Exports `_initialize`: initialise, then call exports (WASI reactor).
    case reactor
    /// Exports a `main` but no `_start`: the host calls main.
    case program
    /// Only a start function, or nothing conventional: a library of exports.
    case library
}

public struct EntryPoints: Sendable, Hashable {
    public var start: UInt32?
    /// The start function's name, from the exports or the name section.
    public var startName: String?
    public var conventional: [EntryPoint]
    public var kind: ModuleKind
    public var exports: [ExportedItem]
}

// MARK: Toolchain

/// What the custom sections say about how the module was built.
public struct Toolchain: Sendable, Hashable {
    /// `producers` section fields (`language`, `processed-by`, `sdk`), each with its
    /// `name version` values.
    public var producers: [ProducerField]
    /// `target_features` section: features the linker recorded, with their prefix
    /// (`+` used, `-` disallowed, `=` required).
    public var targetFeatures: [String]
    /// Names of all custom sections, in order.
    public var customSections: [String]

    public struct ProducerField: Sendable, Hashable {
        public var field: String
        public var values: [String]
    }
}
