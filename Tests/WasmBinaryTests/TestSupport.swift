import WasmBinary
import WasmCore

let preamble: [UInt8] = [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]

/// A module from raw sections: id and contents (the size is added).
func wasm(_ sections: (UInt8, [UInt8])...) -> [UInt8] {
    var out = preamble
    for (id, body) in sections {
        out.append(id)
        out += ByteWriter.uleb(UInt64(body.count))
        out += body
    }
    return out
}

/// The contents of the one section with this id in an encoded module.
func section(_ id: UInt8, of bytes: [UInt8]) -> [UInt8]? {
    guard let list = try? BinaryDecoder.sections(bytes) else { return nil }
    for s in list where s.id == id {
        var r = ByteReader(bytes, position: s.offset + 1)
        _ = try? r.u32()
        return Array(bytes[r.position..<(r.position + s.size)])
    }
    return nil
}

/// The decoder's error for some bytes, or nil when they decode.
func decodeError(_ bytes: [UInt8], features: Features = .default) -> Diagnostic? {
    var o = DecodeOptions()
    o.features = features
    do {
        _ = try BinaryDecoder.decode(bytes, options: o)
        return nil
    } catch {
        return error
    }
}

func expr(_ instructions: Instruction...) -> Expression {
    Expression(instructions + [Instruction(.end)])
}

func funcType(_ params: [ValType] = [], _ results: [ValType] = []) -> SubType {
    SubType(composite: .func(FuncType(params: params, results: results)))
}

/// A module with one type `[] -> []` and one function with the given body and locals.
func moduleWithBody(_ body: Expression, locals: [ValType] = [], types: [SubType] = [funcType()]) -> Module {
    var m = Module()
    m.types = types
    m.functions = [Function(typeIndex: 0, locals: locals, body: body)]
    return m
}

/// The code of the first function body (after the locals) of an encoded module.
func encodedBody(_ m: Module) -> [UInt8] {
    let bytes = BinaryEncoder.encode(m)
    guard let code = section(10, of: bytes) else { return [] }
    var r = ByteReader(code)
    _ = try? r.u32()          // function count
    let size = (try? r.u32()) ?? 0
    let start = r.position
    let groups = (try? r.u32()) ?? 0
    for _ in 0..<groups {
        _ = try? r.u32()
        _ = try? r.u8()
    }
    return Array(code[r.position..<(start + Int(size))])
}
