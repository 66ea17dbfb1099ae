import WasmCore

/// One wasm frame of a trap's backtrace.
public struct BacktraceFrame: Sendable, Hashable, CustomStringConvertible {
    /// The function's store address.
    public var function: FunctionAddress
    /// The index of the instance that defines it (`Instance.index`).
    public var instanceIndex: Int
    /// The function's index in its module.
    public var functionIndex: Int
    /// Its name from the module's name section, if any.
    public var name: String?

    /// `name` or `func[N]`, as wasm-tools prints an unnamed function.
    public var description: String { name ?? "func[\(functionIndex)]" }
}

/// The wasm stack of the last trap, innermost frame first.
public struct Backtrace: Sendable, Hashable {
    public var frames: [BacktraceFrame]
    /// Frames beyond `Store.maxBacktraceFrames` (deep recursion), not listed.
    public var omitted: Int

    public init(frames: [BacktraceFrame] = [], omitted: Int = 0) {
        self.frames = frames
        self.omitted = omitted
    }

    /// One line per frame, `  0: name`, as `wasmtime` prints its backtrace.
    public var rendered: String {
        var out = ""
        for (k, f) in frames.enumerated() { out += "  \(k): \(f)\n" }
        if omitted > 0 { out += "  … \(omitted) more frames\n" }
        return out
    }
}

extension Store {
    /// Frames a backtrace keeps (the innermost ones); a runaway recursion has 20,000.
    public static let maxBacktraceFrames = 100

    /// The wasm frames the last trap (or host error) unwound, innermost first: empty when the
    /// last call did not trap. Names come from the modules' name sections.
    public var lastBacktrace: Backtrace {
        var frames: [BacktraceFrame] = []
        for site in trapSites {
            guard let f = functionIndex(containing: site) else { continue }
            let inst = funcs[f].instance
            var index = -1
            var name: String?
            if inst >= 0 && inst < instances.count {
                index = instances[inst].funcs.firstIndex(of: f) ?? -1
                if index >= 0 { name = instances[inst].functionNames[UInt32(index)] }
            }
            frames.append(BacktraceFrame(function: FunctionAddress(index: f), instanceIndex: inst, functionIndex: index, name: name))
        }
        return Backtrace(frames: frames, omitted: omittedTrapFrames)
    }

    func clearTrapSites() {
        if !trapSites.isEmpty { trapSites.removeAll(keepingCapacity: true) }
        omittedTrapFrames = 0
    }

    /// Called by `execute` when a run traps: the trapping instruction, then each frame
    /// record's return point, innermost first. A host error keeps what a nested run recorded
    /// (the frames inside the host call) and adds the frames around it.
    func recordTrapSites(_ state: ExecState, _ trap: TrapCode, entry: UnsafeMutablePointer<Inst>) {
        if trap != .hostError { clearTrapSites() }
        var frame = state.frame
        if let pc = state.trapPC {
            trapSites.append(pc)
        } else if frame == state.frameStart {
            trapSites.append(UnsafePointer(entry))
        }
        while frame > state.frameStart {
            frame -= 1
            guard trapSites.count < Self.maxBacktraceFrames else {
                omittedTrapFrames += frame - state.frameStart + 1
                break
            }
            trapSites.append(UnsafePointer(frame.pointee.returnPC))
        }
    }
}
