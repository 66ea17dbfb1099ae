// The code section: function bodies. A large section is decoded on several threads: the local
// declarations are read in order (they are a few bytes each, and the module-wide cap on
// locals depends on all the ones before), then the bodies' instructions, which depend on
// nothing but the sections before, in contiguous runs on the cores. The module is the same,
// and so is the error: the first in byte order, as one pass over the bytes finds it.

import WasmCore

extension BinaryDecoder {
    /// With `DecodeOptions.threads == 0`, a code section gets a thread per this many bytes, up
    /// to the cores (a smaller one is decoded on the caller's thread).
    public static let parallelCodeSize = 64 << 10
}

/// Where a function body sits, and its locals, read before its instructions.
struct CodeEntry: Sendable {
    let start: Int
    let size: Int
    let locals: [ValType]
    /// Where the instructions begin, after the local declarations.
    let instructions: Int
}

extension ModuleDecoder {
    mutating func codeSection() throws(Diagnostic) -> [Function] {
        // By size, a thread per `parallelCodeSize` bytes at most: starting one costs tens of
        // microseconds, decoding that much about a millisecond.
        let n = threads == 0 ? min(Parallel.processorCount, sectionSize / BinaryDecoder.parallelCodeSize) : threads
        guard n > 1, layout == nil else {
            return try vector { (d: inout ModuleDecoder) throws(Diagnostic) in try d.code() }
        }
        return try codeSection(threads: n)
    }

    mutating func code() throws(Diagnostic) -> Function {
        let entry = try codeEntry()
        let body = try codeBody(entry)
        return Function(typeIndex: 0, locals: entry.locals, body: body, sourceOffset: UInt32(truncatingIfNeeded: entry.start))
    }

    /// A body's size and local declarations; the reader is left at its first instruction.
    mutating func codeEntry() throws(Diagnostic) -> CodeEntry {
        let size = try r.length()
        let start = r.position
        let localsPos = r.position
        let groups = try r.length()
        // wasm-tools places `(local …)` at the first declaration of at least one local.
        var firstLocal: Int?
        var locals: [ValType] = []
        var total: UInt64 = 0
        for _ in 0..<groups {
            let declaration = r.position
            let n = try r.u32()
            if n > 0, firstLocal == nil { firstLocal = declaration }
            let t = try valType()
            total += UInt64(n)
            guard total < 0x1_0000_0000 else { throw r.error("too many locals", at: localsPos) }
            guard total <= UInt64(Self.maxLocalsPerFunction),
                  totalLocals + Int(total) <= Self.maxLocalsPerModule else {
                throw r.error("too many locals", at: localsPos)
            }
            locals.append(contentsOf: repeatElement(t, count: Int(n)))
        }
        totalLocals += locals.count
        if layout != nil { layout?.locals.append(firstLocal ?? r.position) }
        return CodeEntry(start: start, size: size, locals: locals, instructions: r.position)
    }

    /// A body's instructions, from `entry.instructions` to its end.
    mutating func codeBody(_ entry: CodeEntry) throws(Diagnostic) -> Expression {
        let end = entry.start + entry.size
        let body = try expression(sizeHint: end - r.position)
        guard r.position == end else { throw r.error("section size mismatch", at: entry.start) }
        if !usesDataIndex {
            for i in body.instructions {
                switch i.opcode {
                case .memoryInit, .dataDrop, .arrayNewData, .arrayInitData: usesDataIndex = true
                default: continue
                }
            }
        }
        return body
    }

    /// The code section on `threads` threads.
    mutating func codeSection(threads: Int) throws(Diagnostic) -> [Function] {
        let count = try r.length()
        var entries: [CodeEntry] = []
        entries.reserveCapacity(count)
        // An error in the declarations of entry k comes after any in the bodies before it.
        var declarationError: Diagnostic?
        for _ in 0..<count {
            do throws(Diagnostic) {
                let entry = try codeEntry()
                entries.append(entry)
                guard entry.start + entry.size <= r.bytes.count else {
                    // Its body cannot end where it says, so decoding it fails first.
                    declarationError = r.unexpectedEnd()
                    break
                }
                r.position = entry.start + entry.size
            } catch {
                declarationError = error
                break
            }
        }

        let shared = ReadOnly((decoder: self, entries: entries))
        let results = Parallel.mapRuns(count: entries.count, threads: threads) { range -> RunResult in
            var d = shared.value.decoder
            d.usesDataIndex = false
            var bodies: [Expression] = []
            bodies.reserveCapacity(range.count)
            for i in range {
                let entry = shared.value.entries[i]
                d.r.position = entry.instructions
                do throws(Diagnostic) {
                    bodies.append(try d.codeBody(entry))
                } catch {
                    return RunResult(bodies: bodies, usesDataIndex: d.usesDataIndex, error: error)
                }
            }
            return RunResult(bodies: bodies, usesDataIndex: d.usesDataIndex, error: nil)
        }

        var functions: [Function] = []
        functions.reserveCapacity(entries.count)
        for result in results {
            usesDataIndex = usesDataIndex || result.usesDataIndex
            for body in result.bodies {
                let entry = entries[functions.count]
                functions.append(Function(typeIndex: 0, locals: entry.locals, body: body,
                                          sourceOffset: UInt32(truncatingIfNeeded: entry.start)))
            }
            if let error = result.error { throw error }
        }
        if let declarationError { throw declarationError }
        return functions
    }
}

/// A run of bodies decoded, up to the first error in it.
struct RunResult: Sendable {
    var bodies: [Expression]
    var usesDataIndex: Bool
    var error: Diagnostic?
}
