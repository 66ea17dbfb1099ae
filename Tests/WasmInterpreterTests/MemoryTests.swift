#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
import WasmCore
@testable import WasmInterpreter

@Suite struct MemoryTests {
    let wat = """
    (module
      (memory (export "mem") 1 3)
      (data (i32.const 16) "\\01\\02\\03\\04\\05\\06\\07\\08\\ff")
      (data $passive "hello")
      (func (export "load8_s") (param i32) (result i32) (i32.load8_s (local.get 0)))
      (func (export "load8_u") (param i32) (result i32) (i32.load8_u (local.get 0)))
      (func (export "load16_s") (param i32) (result i32) (i32.load16_s offset=1 (local.get 0)))
      (func (export "i64.load32_s") (param i32) (result i64) (i64.load32_s (local.get 0)))
      (func (export "i64.load") (param i32) (result i64) (i64.load (local.get 0)))
      (func (export "i32.load") (param i32) (result i32) (i32.load (local.get 0)))
      (func (export "f64.load") (param i32) (result f64) (f64.load (local.get 0)))
      (func (export "i32.store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
      (func (export "i64.store16") (param i32 i64) (i64.store16 (local.get 0) (local.get 1)))
      (func (export "f32.store") (param i32 f32) (f32.store (local.get 0) (local.get 1)))
      (func (export "load_offset_max") (param i32) (result i32) (i32.load offset=0xFFFFFFFF (local.get 0)))
      (func (export "size") (result i32) (memory.size))
      (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
      (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
      (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
      (func (export "init") (param i32 i32 i32) (memory.init $passive (local.get 0) (local.get 1) (local.get 2)))
      (func (export "drop") (data.drop $passive))
    )
    """

    @Test func loadsOfEveryWidth() throws {
        let m = try instance(wat)
        #expect(try m.call("load8_s", i32(24)) == [i32(-1)])
        #expect(try m.call("load8_u", i32(24)) == [i32(255)])
        #expect(try m.call("load16_s", i32(15)) == [i32(0x0201)])
        #expect(try m.call("i64.load32_s", i32(21)) == [i64(Int64(bitPattern: 0xFFFF_FFFF_FF08_0706))])
        #expect(try m.call("i64.load", i32(16)) == [i64(0x0807_0605_0403_0201)])
        // Alignment hints are ignored: unaligned accesses work.
        #expect(try m.call("i32.load", i32(17)) == [i32(0x0504_0302)])
        try m.call("i64.store16", i32(100), i64(0x1234_5678))
        #expect(try m.call("i32.load", i32(100)) == [i32(0x5678)])
        try m.call("f32.store", i32(200), f32(1.0))
        #expect(try m.call("i32.load", i32(200)) == [i32(0x3F80_0000)])
    }

    @Test func addressArithmeticFoldedIntoLoadsWraps() throws {
        let m = try instance("""
            (module (memory 1)
              (data (i32.const 4) "\\2a")
              (func (export "at") (param i32 i32) (result i32) (i32.load8_u (i32.add (local.get 0) (local.get 1))))
              (func (export "at_off") (param i32 i32) (result i64) (i64.load8_u offset=3 (i32.add (local.get 0) (local.get 1)))))
            """)
        // i32.add wraps before the zero extension: -4 + 8 is address 4, not 2^32 + 4.
        #expect(try m.call("at", i32(-4), i32(8)) == [i32(42)])
        #expect(try m.call("at_off", i32(-4), i32(5)) == [i64(42)])
        #expect(m.trap("at", i32(65535), i32(1))?.message == "out of bounds memory access")
    }

    @Test func boundsAtZeroAndAtTheEnd() throws {
        let m = try instance(wat)
        #expect(try m.call("i32.load", i32(0)) == [i32(0)])
        #expect(try m.call("i32.load", i32(65532)) == [i32(0)])
        #expect(m.trap("i32.load", i32(65533))?.message == "out of bounds memory access")
        #expect(m.trap("i64.load", i32(65529))?.message == "out of bounds memory access")
        #expect(m.trap("load8_u", i32(65536))?.message == "out of bounds memory access")
        #expect(m.trap("i32.load", i32(-1))?.message == "out of bounds memory access")
        #expect(m.trap("load_offset_max", i32(1))?.message == "out of bounds memory access")
        #expect(m.trap("i32.store", i32(65535), i32(1))?.message == "out of bounds memory access")
        #expect(try m.call("load8_u", i32(65535)) == [i32(0)])
    }

    @Test func growHonoursTheMaximum() throws {
        let m = try instance(wat)
        #expect(try m.call("size") == [i32(1)])
        #expect(try m.call("grow", i32(1)) == [i32(1)])
        #expect(try m.call("size") == [i32(2)])
        // The new page is zeroed and addressable; the old contents stay.
        #expect(try m.call("i32.load", i32(131068)) == [i32(0)])
        #expect(try m.call("load8_u", i32(16)) == [i32(1)])
        #expect(try m.call("grow", i32(2)) == [i32(-1)])
        #expect(try m.call("grow", i32(1)) == [i32(2)])
        #expect(try m.call("grow", i32(0)) == [i32(3)])
        #expect(try m.call("grow", i32(-1)) == [i32(-1)])
    }

    @Test func growAtThe32BitCapAndTheHostCap() throws {
        var config = Store.Configuration()
        config.maxMemoryBytes = 4 * 65_536
        let store = Store(configuration: config)
        let m = try instance("""
            (module (memory 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """, store: store)
        #expect(try m.call("grow", i32(0x10000)) == [i32(-1)])
        #expect(try m.call("grow", i32(3)) == [i32(1)])
        #expect(try m.call("grow", i32(1)) == [i32(-1)])
        // A declared initial size the host refuses fails instantiation, not the host.
        #expect(throws: Diagnostic.self) { try instance("(module (memory 100))", store: store) }
        #expect(throws: Diagnostic.self) { try instance("(module (memory i64 0x1000000000))") }
    }

    @Test func bulkMemoryOperations() throws {
        let m = try instance(wat)
        try m.call("fill", i32(1000), i32(0xAB), i32(4))
        #expect(try m.call("i32.load", i32(1000)) == [.i32(UInt32(0xABAB_ABAB))])
        try m.call("copy", i32(1001), i32(16), i32(4))
        #expect(try m.call("i32.load", i32(1000)) == [.i32(UInt32(0x0302_01AB))])
        // Overlapping copy behaves like memmove.
        try m.call("copy", i32(17), i32(16), i32(4))
        #expect(try m.call("i32.load", i32(16)) == [i32(0x0302_0101)])
        try m.call("init", i32(2000), i32(1), i32(4))
        #expect(try m.call("i32.load", i32(2000)) == [i32(0x6F6C_6C65)])
        #expect(m.trap("init", i32(2000), i32(2), i32(4))?.message == "out of bounds memory access")
        #expect(m.trap("fill", i32(65535), i32(0), i32(2))?.message == "out of bounds memory access")
        #expect(m.trap("copy", i32(0), i32(65535), i32(2))?.message == "out of bounds memory access")
        // Zero-length operations at the end are fine, past the end they trap.
        try m.call("fill", i32(65536), i32(0), i32(0))
        #expect(m.trap("fill", i32(65537), i32(0), i32(0))?.message == "out of bounds memory access")
        try m.call("drop")
        try m.call("init", i32(0), i32(0), i32(0))
        #expect(m.trap("init", i32(0), i32(0), i32(1))?.message == "out of bounds memory access")
    }

    @Test func memory64AndMultipleMemories() throws {
        let m = try instance("""
            (module
              (memory $a 1)
              (memory $b i64 1 2)
              (func (export "store_b") (param i64 i32) (i32.store $b (local.get 0) (local.get 1)))
              (func (export "load_b") (param i64) (result i32) (i32.load $b (local.get 0)))
              (func (export "load_a") (param i32) (result i32) (i32.load $a (local.get 0)))
              (func (export "grow_b") (param i64) (result i64) (memory.grow $b (local.get 0)))
              (func (export "copy_ab") (param i32 i64 i32) (memory.copy $a $b (local.get 0) (local.get 1) (local.get 2)))
              (func (export "load_b_off") (param i64) (result i32) (i32.load $b offset=0xFFFFFFFFFFFFFFFF (local.get 0))))
            """)
        try m.call("store_b", i64(65532), i32(42))
        #expect(try m.call("load_b", i64(65532)) == [i32(42)])
        #expect(try m.call("load_a", i32(65532)) == [i32(0)])
        #expect(m.trap("load_b", i64(0x1_0000_0000))?.message == "out of bounds memory access")
        #expect(m.trap("load_b", i64(-1))?.message == "out of bounds memory access")
        #expect(m.trap("load_b_off", i64(1))?.message == "out of bounds memory access")
        try m.call("copy_ab", i32(8), i64(65532), i32(4))
        #expect(try m.call("load_a", i32(8)) == [i32(42)])
        #expect(try m.call("grow_b", i64(1)) == [i64(1)])
        #expect(try m.call("grow_b", i64(1)) == [i64(-1)])
    }

    @Test func activeDataOutOfBoundsFailsInstantiationButKeepsEarlierWrites() throws {
        let store = Store()
        let exporter = try instance("(module (memory (export \"m\") 1))", store: store)
        store.register(exporter, as: "host")
        let wat = """
            (module
              (import "host" "m" (memory 1))
              (data (i32.const 0) "ab")
              (data (i32.const 65535) "cd"))
            """
        #expect {
            try instance(wat, store: store)
        } throws: { ($0 as? Diagnostic)?.message == "out of bounds memory access" && ($0 as? Diagnostic)?.phase == .trap }
        guard case .memory(let mem)? = exporter.export("m") else { Issue.record("no memory"); return }
        #expect(try store.readMemory(mem, at: 0, count: 2) == [0x61, 0x62])
    }

    @Test func hostReadsAndWritesMemory() throws {
        let m = try instance(wat)
        guard case .memory(let mem)? = m.export("mem") else { Issue.record("no memory"); return }
        try m.store.writeMemory(mem, at: 300, bytes: [1, 0, 0, 0])
        #expect(try m.call("i32.load", i32(300)) == [i32(1)])
        #expect(m.store.pages(of: mem) == 1)
        #expect(throws: Diagnostic.self) { try m.store.readMemory(mem, at: 65535, count: 2) }
    }
}

/// Linear memory is reserved, not committed: growing a memory by 3 GiB neither moves it nor
/// costs host memory until the pages are touched (calloc/realloc with a memset of the new part
/// cost 3 GiB of RSS and 15 s; see `RawAlloc`).
@Suite struct MemoryReservationTests {
    static func residentBytes() -> Int? {
        #if os(Linux)
        guard let f = fopen("/proc/self/statm", "r") else { return nil }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, 256, f) != nil else { return nil }
        let fields = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
        guard fields.count > 1, let resident = Int(fields[1]) else { return nil }
        return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
        #else
        return nil
        #endif
    }

    @Test func growingThreeGiBCommitsNothing() throws {
        let store = Store()
        let m = try instance("""
            (module (memory (export "memory") 1)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0)))
              (func (export "store") (param i32 i32) (i32.store8 (local.get 0) (local.get 1))))
            """, store: store)
        guard case .memory(let mem)? = m.export("memory") else { Issue.record("memory"); return }
        let base = store.memories[mem.index].pointee.base
        let before = Self.residentBytes()
        #expect(try m.call("grow", i32(49_152)) == [i32(1)])
        let after = Self.residentBytes()
        if let before, let after { #expect(after - before < 256 << 20, "RSS grew by \(after - before) bytes") }
        #expect(store.memories[mem.index].pointee.base == base)
        #expect(store.pages(of: mem) == 49_153)
        let last = Int32(bitPattern: UInt32(49_153 * 65_536 - 1))
        #expect(try m.call("load", i32(last)) == [i32(0)])
        try m.call("store", i32(last), i32(7))
        #expect(try m.call("load", i32(last)) == [i32(7)])
        #expect(m.trap("load", i32(last &+ 1))?.message == "out of bounds memory access")
        // Past the host limit (4 GiB): -1, the memory unchanged.
        #expect(try m.call("grow", i32(20_000)) == [i32(-1)])
    }

    /// With a host limit above 4 GiB, a 64-bit memory reserves up to it and grows past 4 GiB
    /// in place, contents kept.
    @Test func memory64GrowsPastFourGiB() throws {
        var c = Store.Configuration()
        c.maxMemoryBytes = 16 << 30
        let store = Store(configuration: c)
        let m = try instance("""
            (module (memory (export "memory") i64 1)
              (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
              (func (export "load") (param i64) (result i32) (i32.load8_u (local.get 0)))
              (func (export "store") (param i64 i32) (i32.store8 (local.get 0) (local.get 1))))
            """, store: store)
        try m.call("store", i64(100), i32(42))
        #expect(try m.call("grow", i64(100_000)) == [i64(1)])
        #expect(try m.call("load", i64(100)) == [i32(42)])
        #expect(try m.call("load", i64(100_000 * 65_536)) == [i32(0)])
    }
}
