// Every limit of Store.Configuration hit once, through the real validator, with its message:
// call depth, operand (value) stack, memory and table sizes, total instantiation memory, fuel.
import Testing
import WasmCore
import WasmText
import WasmValidation
import WasmInterpreter

@Suite struct StoreLimitsTests {
    func load(_ wat: String, _ store: Store) throws -> Instance {
        try store.instantiate(try Validator.validate(try WatParser.parse(wat).module))
    }

    func trapMessage(_ body: () throws -> [Value]) -> String? {
        do {
            _ = try body()
            return nil
        } catch let d as Diagnostic {
            return d.message
        } catch {
            return "\(error)"
        }
    }

    static let recursive = """
        (module (func $f (export "f") (param i32) (result i32)
          (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
            (else (i32.add (i32.const 1) (call $f (i32.sub (local.get 0) (i32.const 1))))))))
        """

    @Test func callDepth() throws {
        var config = Store.Configuration()
        config.maxCallDepth = 100
        let store = Store(configuration: config)
        let m = try load(Self.recursive, store)
        #expect(try store.invoke(m, "f", [.i32(Int32(90))]) == [.i32(Int32(90))])
        #expect(trapMessage { try store.invoke(m, "f", [.i32(Int32(200))]) } == "call stack exhausted")
        // The store is usable after the trap.
        #expect(try store.invoke(m, "f", [.i32(Int32(5))]) == [.i32(Int32(5))])
    }

    @Test func operandStackSize() throws {
        // Deep call depth allowed, but a value stack of only 4,096 slots.
        var config = Store.Configuration()
        config.maxCallDepth = 1_000_000
        config.valueStackSlots = 4_096
        let store = Store(configuration: config)
        let m = try load(Self.recursive, store)
        #expect(trapMessage { try store.invoke(m, "f", [.i32(Int32(100_000))]) } == "call stack exhausted")
        #expect(try store.invoke(m, "f", [.i32(Int32(10))]) == [.i32(Int32(10))])
    }

    @Test func memorySizeAndTotalInstantiationMemory() throws {
        var config = Store.Configuration()
        config.maxMemoryBytes = 10 * 65_536
        let store = Store(configuration: config)
        // One memory over the limit.
        #expect {
            try load("(module (memory 11))", store)
        } throws: { ($0 as? Diagnostic)?.message.hasPrefix("out of memory") == true }
        // Each memory fits, their total does not.
        #expect {
            try load("(module (memory 6) (memory 6))", store)
        } throws: { ($0 as? Diagnostic)?.message.hasPrefix("out of memory") == true }
        // (A failed instantiation keeps what it allocated in its store, as the spec's store does.)
        let fresh = Store(configuration: config)
        let m = try load("(module (memory 6) (memory 4) (func (export \"grow\") (result i32) (memory.grow (i32.const 1))))", fresh)
        // Growth past the total gives -1, not a host failure.
        #expect(try fresh.invoke(m, "grow", []) == [.i32(Int32(-1))])
    }

    @Test func tableSize() throws {
        var config = Store.Configuration()
        config.maxTableElements = 1_000
        let store = Store(configuration: config)
        #expect(throws: Diagnostic.self) { try load("(module (table 1001 funcref))", store) }
        let m = try load("(module (table 1000 funcref) (func (export \"grow\") (result i32) (table.grow (ref.null func) (i32.const 1))))", store)
        #expect(try store.invoke(m, "grow", []) == [.i32(Int32(-1))])
    }

    @Test func fuelEndsAnInfiniteLoop() throws {
        var config = Store.Configuration()
        config.fuel = 100_000
        let store = Store(configuration: config)
        let m = try load("(module (func (export \"spin\") (loop (br 0))))", store)
        #expect(trapMessage { try store.invoke(m, "spin", []) } == "out of fuel")
        // Refilled fuel runs again.
        store.fuel = 10
        #expect(trapMessage { try store.invoke(m, "spin", []) } == "out of fuel")
    }

    @Test func fuelEndsInfiniteRecursionByTailCalls() throws {
        var config = Store.Configuration()
        config.fuel = 100_000
        let store = Store(configuration: config)
        let m = try load("(module (func $f (export \"f\") (return_call $f)))", store)
        #expect(trapMessage { try store.invoke(m, "f", []) } == "out of fuel")
    }
}
