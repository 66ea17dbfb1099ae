import Foundation
import Testing
import WasmCore
import WasmText
import WasmValidation
import WasmInterpreter
@testable import WasmWASI

/// The imports of `wasi_snapshot_preview1` the test modules use, with their witx types.
let wasiImports = """
  (import "wasi_snapshot_preview1" "path_open" (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_symlink" (func $path_symlink (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_readlink" (func $path_readlink (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_get" (func $path_filestat_get (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_create_directory" (func $path_create_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_remove_directory" (func $path_remove_directory (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_unlink_file" (func $path_unlink_file (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_rename" (func $path_rename (param i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_link" (func $path_link (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_filestat_set_times" (func $path_filestat_set_times (param i32 i32 i32 i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_size" (func $fd_filestat_set_size (param i32 i64) (result i32)))
  (import "wasi_snapshot_preview1" "fd_filestat_set_times" (func $fd_filestat_set_times (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_allocate" (func $fd_allocate (param i32 i64 i64) (result i32)))
"""

/// A module that exposes WASI path functions to the test: paths are written at 1024 (and a
/// second one at 2048) by the test, results land at 16.
let pathModule = """
(module
\(wasiImports)
  (memory (export "memory") 1)
  ;; open(dirfd, lookup, len, oflags, rights) -> errno; the new fd at 16 (closed when opened)
  (func (export "open") (param $dir i32) (param $lookup i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
    (local $e i32)
    (local.set $e (call $path_open (local.get $dir) (local.get $lookup) (i32.const 1024) (local.get $len)
      (local.get $oflags) (local.get $rights) (local.get $rights) (i32.const 0) (i32.const 16)))
    (if (i32.eqz (local.get $e)) (then (drop (call $fd_close (i32.load (i32.const 16))))))
    (local.get $e))
  ;; keep(dirfd, lookup, len, oflags, rights) -> errno; the new fd stays open at 16
  (func (export "keep") (param $dir i32) (param $lookup i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
    (call $path_open (local.get $dir) (local.get $lookup) (i32.const 1024) (local.get $len)
      (local.get $oflags) (local.get $rights) (local.get $rights) (i32.const 0) (i32.const 16)))
  (func (export "fd") (result i32) (i32.load (i32.const 16)))
  ;; write(fd, len): writes the bytes at 1024; returns errno
  (func (export "write") (param $fd i32) (param $len i32) (result i32)
    (i32.store (i32.const 32) (i32.const 1024)) (i32.store (i32.const 36) (local.get $len))
    (call $fd_write (local.get $fd) (i32.const 32) (i32.const 1) (i32.const 40)))
  (func (export "symlink") (param $len1 i32) (param $len2 i32) (result i32)
    (call $path_symlink (i32.const 1024) (local.get $len1) (i32.const 3) (i32.const 2048) (local.get $len2)))
  (func (export "readlink") (param $len i32) (result i32)
    (call $path_readlink (i32.const 3) (i32.const 1024) (local.get $len) (i32.const 4096) (i32.const 256) (i32.const 16)))
  (func (export "stat") (param $lookup i32) (param $len i32) (result i32)
    (call $path_filestat_get (i32.const 3) (local.get $lookup) (i32.const 1024) (local.get $len) (i32.const 4096)))
  (func (export "mkdir") (param $len i32) (result i32) (call $path_create_directory (i32.const 3) (i32.const 1024) (local.get $len)))
  (func (export "rmdir") (param $len i32) (result i32) (call $path_remove_directory (i32.const 3) (i32.const 1024) (local.get $len)))
  (func (export "unlink") (param $len i32) (result i32) (call $path_unlink_file (i32.const 3) (i32.const 1024) (local.get $len)))
  (func (export "rename") (param $len1 i32) (param $len2 i32) (result i32)
    (call $path_rename (i32.const 3) (i32.const 1024) (local.get $len1) (i32.const 3) (i32.const 2048) (local.get $len2)))
  ;; The same with the directories given: (dir, len) and (from dir, to dir, len1, len2).
  (func (export "mkdirIn") (param $dir i32) (param $len i32) (result i32)
    (call $path_create_directory (local.get $dir) (i32.const 1024) (local.get $len)))
  (func (export "renameAcross") (param $from i32) (param $to i32) (param $len1 i32) (param $len2 i32) (result i32)
    (call $path_rename (local.get $from) (i32.const 1024) (local.get $len1) (local.get $to) (i32.const 2048) (local.get $len2)))
  (func (export "linkAcross") (param $from i32) (param $to i32) (param $len1 i32) (param $len2 i32) (result i32)
    (call $path_link (local.get $from) (i32.const 0) (i32.const 1024) (local.get $len1) (local.get $to) (i32.const 2048) (local.get $len2)))
  ;; Times set to "now" (fst_atim_now | fst_mtim_now), on a path and on a descriptor.
  (func (export "touch") (param $dir i32) (param $len i32) (result i32)
    (call $path_filestat_set_times (local.get $dir) (i32.const 0) (i32.const 1024) (local.get $len) (i64.const 0) (i64.const 0) (i32.const 10)))
  (func (export "touchFD") (param $fd i32) (result i32)
    (call $fd_filestat_set_times (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 10)))
  (func (export "truncate") (param $fd i32) (result i32) (call $fd_filestat_set_size (local.get $fd) (i64.const 0)))
  (func (export "allocate") (param $fd i32) (result i32) (call $fd_allocate (local.get $fd) (i64.const 0) (i64.const 4096)))
  (func (export "link") (param $lookup i32) (param $len1 i32) (param $len2 i32) (result i32)
    (call $path_link (i32.const 3) (local.get $lookup) (i32.const 1024) (local.get $len1) (i32.const 3) (i32.const 2048) (local.get $len2)))
)
"""

/// The WASI errno values the tests expect, by name.
enum E {
    static let success: UInt32 = 0, badf: UInt32 = 8, exist: UInt32 = 20, fault: UInt32 = 21, inval: UInt32 = 28
    static let isdir: UInt32 = 31, loop: UInt32 = 32, noent: UInt32 = 44, nosys: UInt32 = 52, notdir: UInt32 = 54
    static let perm: UInt32 = 63, spipe: UInt32 = 70
}

/// Rights for reading and for writing a file.
let readRights: Int64 = 1 << 1 | 1 << 2
let writeRights: Int64 = 1 << 6 | 1 << 2

/// A module instantiated with a WASI in a fresh store, and a way to call it with paths.
final class WASIHarness {
    let store: Store
    let wasi: WASI
    let instance: Instance
    let memory: MemoryAddress

    init(_ wat: String, configuration: WASI.Configuration) throws {
        store = Store()
        wasi = try WASI(configuration: configuration)
        wasi.define(in: store)
        instance = try store.instantiate(try Validator.validate(try WatParser.parse(wat).module))
        guard case .memory(let m)? = instance.export("memory") else { throw Diagnostic(.link, "no memory") }
        memory = m
    }

    /// Writes `path` at 1024 (and `second` at 2048), then calls `name` with `args`, where a
    /// `-1` argument stands for the first path's length and `-2` for the second's.
    func call(_ name: String, _ path: String, _ second: String = "", _ args: [Value]) throws -> UInt32 {
        let a = Array(path.utf8), b = Array(second.utf8)
        try store.writeMemory(memory, at: 1024, bytes: a)
        try store.writeMemory(memory, at: 2048, bytes: b)
        let values = args.map { v -> Value in
            if case .i32(let x) = v, Int32(bitPattern: x) == -1 { return .i32(UInt32(a.count)) }
            if case .i32(let x) = v, Int32(bitPattern: x) == -2 { return .i32(UInt32(b.count)) }
            return v
        }
        guard case .i32(let e)? = try store.invoke(instance, name, values).first else { return UInt32.max }
        return e
    }

    func open(_ path: String, follow: Bool = true, oflags: Int32 = 0, rights: Int64 = readRights, dir: Int32 = 3) throws -> UInt32 {
        try call("open", path, "", [.i32(dir), .i32(Int32(follow ? 1 : 0)), len1, .i32(oflags), .i64(rights)])
    }

    func read(_ address: UInt64, _ count: Int) throws -> [UInt8] { try store.readMemory(memory, at: address, count: count) }
}

/// A fresh directory under the system's temporary one, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "wasi-test.XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else { throw Diagnostic(.script, "mkdtemp failed") }
        path = String(cString: p)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws {
        try text.write(toFile: path + "/" + relative, atomically: false, encoding: .utf8)
    }

    func mkdir(_ relative: String) throws {
        try FileManager.default.createDirectory(atPath: path + "/" + relative, withIntermediateDirectories: true)
    }

    func symlink(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }

    /// Every entry below the directory, relative, sorted (symlinks not followed).
    func tree() -> [String] {
        guard let e = FileManager.default.enumerator(atPath: path) else { return [] }
        return e.compactMap { $0 as? String }.sorted()
    }

    func contents(_ relative: String) -> String? { try? String(contentsOfFile: path + "/" + relative, encoding: .utf8) }
}

/// Stand-ins for the lengths of the paths `WASIHarness.call` writes.
let len1 = Value.i32(Int32(-1)), len2 = Value.i32(Int32(-2))

func validatedWat(_ wat: String) throws -> ValidatedModule {
    try Validator.validate(try WatParser.parse(wat).module)
}
