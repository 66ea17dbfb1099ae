// The printer: `Module` → text, in the layout of `wasm-tools print` (its `wasmprinter` is the
// model): one field per line, two spaces of indentation per level, flat instructions by default
// and folded ones on request, indices as `(;N;)` comments, names from the name section.
// The instruction printer reads `Opcode.info` for names and immediate shapes; only structured
// control is special. Text goes to a `TextSink` line by line.

import WasmCore

/// What to print and how.
public struct PrintOptions: Sendable, Hashable {
    /// Folded (s-expression) instructions instead of the flat sequence.
    public var foldInstructions: Bool
    /// Each line starts at a binary offset (the sink prints them); the closing `)` of a
    /// function or module then always gets its own line, as in wasm-tools.
    public var printOffsets: Bool
    /// Use the names of the name section (`Module.names`).
    public var debugNames: Bool
    /// Give unnamed items wabt-style names (`$f0`, `$p0`, `$l1`, `$t0`, `$g0`, …).
    public var generateNames: Bool

    public init(foldInstructions: Bool = false, printOffsets: Bool = false, debugNames: Bool = true,
                generateNames: Bool = false) {
        self.foldInstructions = foldInstructions
        self.printOffsets = printOffsets
        self.debugNames = debugNames
        self.generateNames = generateNames
    }
}

/// Prints a module as text.
public struct ModulePrinter: Sendable {
    public var module: Module
    public var options: PrintOptions
    /// Where the module's entries sat in its binary (`BinaryDecoder.decodeWithLayout`): with
    /// `printOffsets`, the lines of types, imports, segments, custom sections… carry them too
    /// (instructions and function bodies do without it).
    public var layout: BinaryLayout?

    public init(_ module: Module, options: PrintOptions = PrintOptions(), layout: BinaryLayout? = nil) {
        self.module = module
        self.options = options
        self.layout = layout
    }

    /// The module's text.
    public func text() -> String {
        var sink = ByteSink()
        print(to: &sink)
        return sink.string
    }

    /// The module's text as UTF-8 bytes.
    public func bytes() -> [UInt8] {
        var sink = ByteSink()
        print(to: &sink)
        return sink.bytes
    }

    /// Prints to a file descriptor (buffered); false when a write failed.
    public func write(toDescriptor fd: Int32) -> Bool {
        var sink = FileSink(descriptor: fd)
        if options.printOffsets {
            var prefixed = OffsetPrefixSink(sink)
            print(to: &prefixed)
            sink = prefixed.base
        } else {
            print(to: &sink)
        }
        sink.flush()
        return !sink.failed
    }

    /// Prints to any sink.
    public func print<S: TextSink>(to sink: inout S) {
        let context = PrintContext(module, options: options, layout: options.printOffsets ? layout : nil)
        var w = ModuleWriter(context: context, sink: sink)
        w.printModule()
        sink = w.out.sink
    }
}

/// A line being built, its indentation, and the groups (`(…`) open on it.
struct LineWriter<S: TextSink> {
    var sink: S
    let line = TextBuffer()
    var nesting = 0
    var lineCount = 0
    var groupLines: [Int] = []
    let printOffsets: Bool
    /// Deeper nesting is printed at this depth: deep code would otherwise be mostly spaces.
    static var maxIndent: Int { 50 }

    init(sink: S, printOffsets: Bool) {
        self.sink = sink
        self.printOffsets = printOffsets
    }

    mutating func flush() {
        line.withUnsafeBytes { sink.write($0) }
        line.removeAll()
    }

    /// Ends the line and starts the next at the current nesting.
    mutating func newline(_ offset: Int?) {
        flush()
        sink.newline()
        sink.startLine(binaryOffset: offset)
        lineCount += 1
        if nesting > 0 {
            let spaces: StaticString = "                                                                                                    "
            line.write(UnsafeRawBufferPointer(start: spaces.utf8Start, count: 2 * min(nesting, Self.maxIndent)))
        }
    }

    mutating func startGroup(_ keyword: StaticString) {
        line.write("(")
        line.write(keyword)
        nesting += 1
        groupLines.append(lineCount)
    }

    /// `)`, on a line of its own when the group spans lines.
    mutating func endGroup() {
        nesting -= 1
        if let start = groupLines.popLast(), start != lineCount { newline(nil) }
        line.write(")")
    }

    mutating func endGroup(at offset: Int) {
        nesting -= 1
        let start = groupLines.popLast()
        if printOffsets || start != lineCount { newline(offset) }
        line.write(")")
    }
}

/// What the whole module's printing needs to know: names, the types of functions and tags.
struct PrintContext {
    let module: Module
    let options: PrintOptions
    let names: NameTables
    /// Type index of each function, imports first.
    let functionTypes: [UInt32]
    /// Type index of each tag, imports first.
    let tagTypes: [UInt32]
    let opcodes = OpcodeTable.shared
    let layout: BinaryLayout?

    init(_ module: Module, options: PrintOptions, layout: BinaryLayout? = nil) {
        self.module = module
        self.options = options
        self.layout = layout
        var names = options.debugNames ? NameTables(module.names) : NameTables()
        if options.generateNames { names.generate(for: module) }
        self.names = names
        var ft: [UInt32] = []
        var tt: [UInt32] = []
        for i in module.imports {
            switch i.desc {
            case .func(let t, _): ft.append(t)
            case .tag(let t): tt.append(t.typeIndex)
            default: break
            }
        }
        ft.reserveCapacity(ft.count + module.functions.count)
        for f in module.functions { ft.append(f.typeIndex) }
        for t in module.tags { tt.append(t.type.typeIndex) }
        functionTypes = ft
        tagTypes = tt
    }

    /// The binary offset of entry `index` of one of the layout's lists, when known.
    func offset(_ list: KeyPath<BinaryLayout, [Int]>, _ index: Int) -> Int? {
        guard let layout else { return nil }
        let l = layout[keyPath: list]
        return index < l.count ? l[index] : nil
    }

    func subType(_ index: UInt32) -> SubType? {
        index < module.types.count ? module.types[Int(index)] : nil
    }

    func funcType(_ index: UInt32) -> FuncType? {
        subType(index)?.funcType
    }
}

/// Prints the module's fields in binary order, custom sections where they were.
struct ModuleWriter<S: TextSink> {
    let context: PrintContext
    var out: LineWriter<S>
    var module: Module { context.module }
    var names: NameTables { context.names }

    init(context: PrintContext, sink: S) {
        self.context = context
        out = LineWriter(sink: sink, printOffsets: context.options.printOffsets)
    }

    mutating func printModule() {
        // As in wasm-tools, the first line has no offset column.
        out.startGroup("module")
        if let n = names.module {
            out.line.write(" ")
            n.writeDefinition(into: out.line)
        }
        var customs = CustomSectionPlacer(module)
        printCustoms(&customs, before: 0)
        for id in BinarySectionOrder.ids {
            printCustoms(&customs, before: id)
            switch id {
            case 1: printTypes()
            case 2: printImports()
            case 4: printTables()
            case 5: printMemories()
            case 13: printTags()
            case 6: printGlobals()
            case 7: printExports()
            case 8: printStart()
            case 9: printElements()
            case 10: printCode()
            case 11: printData()
            default: break
            }
            printCustoms(&customs, after: id)
        }
        printCustoms(&customs, after: 0xFF)
        out.endGroup(at: context.layout?.end ?? 0)
        out.flush()
        out.sink.newline()
    }
}

/// The binary order of sections; the tag section sits between memory and global.
enum BinarySectionOrder {
    static let ids: [UInt8] = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]
}
