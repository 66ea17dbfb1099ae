import Glibc
import Testing
import WasmCore
@testable import WasmInterpreter

@Suite struct ZZDisasm {
    @Test func dump() throws {
        guard let path = getenvString("DISASM") else { return }
        guard case .success(let bytes) = FileIO.read(path) else { return }
        let text = String(decoding: bytes, as: UTF8.self)
        let store = Store()
        let m = try instance(text, store: store)
        for (name, v) in m.exports { if case .function(let f) = v { print("== \(name)"); print(store.disassemble(f)) } }
        for k in 0..<store.funcCount { print("== func \(k)"); print(store.disassemble(FunctionAddress(index: k))) }
    }
}
func getenvString(_ n: String) -> String? { getenv(n).map { String(cString: $0) } }
