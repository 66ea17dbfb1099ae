import Foundation
import Testing
import WasmCore
import WasmInterpreter
@testable import WasmWASI

/// Every escape from a preopened directory we know of, each with the errno WASI (and wasmtime,
/// checked by scripts/diff_wasi.py on examples/c/sandbox.c) gives it; afterwards the host file
/// system outside the preopen must be exactly as it was.
@Suite struct SandboxTests {
    /// tmp/secret.txt and tmp/outside/file.txt beside the preopen tmp/sandbox, which holds
    /// inside.txt, sub/ and symlinks leading in and out.
    static func layout() throws -> TemporaryDirectory {
        let t = try TemporaryDirectory()
        try t.write("secret.txt", "top secret\n")
        try t.mkdir("outside")
        try t.write("outside/file.txt", "outside\n")
        try t.mkdir("sandbox/sub")
        try t.write("sandbox/inside.txt", "inside the sandbox\n")
        try t.symlink("sandbox/host_escape", to: "../secret.txt")
        try t.symlink("sandbox/host_abs", to: t.path + "/secret.txt")
        try t.symlink("sandbox/sub/up", to: "../../secret.txt")
        try t.symlink("sandbox/sublink", to: "sub")
        try t.symlink("sandbox/inlink", to: "inside.txt")
        try t.symlink("sandbox/dirlink", to: "../outside")
        try t.symlink("sandbox/loop1", to: "loop2")
        try t.symlink("sandbox/loop2", to: "loop1")
        return t
    }

    static func harness(_ t: TemporaryDirectory, readOnly: Bool = false) throws -> WASIHarness {
        try WASIHarness(pathModule, configuration: WASI.Configuration(
            preopens: [WASI.Preopen(hostPath: t.path + "/sandbox", guestPath: "sandbox", readOnly: readOnly)],
            stdout: .capture, stderr: .capture))
    }

    @Test func openingOutsideFails() throws {
        let t = try Self.layout()
        defer { t.remove() }
        let h = try Self.harness(t)
        let escapes: [(String, Bool, UInt32)] = [
            ("../secret.txt", true, E.perm),
            ("/etc/passwd", true, E.perm),
            (t.path + "/secret.txt", true, E.perm),
            ("sub/../../secret.txt", true, E.perm),
            ("sub/../sub/../../secret.txt", true, E.perm),
            ("./../secret.txt", true, E.perm),
            ("sub//..//../secret.txt", true, E.perm),
            ("host_escape", true, E.perm),
            ("host_escape", false, E.loop),
            ("host_abs", true, E.perm),
            ("sub/up", true, E.perm),
            ("sublink/../../secret.txt", true, E.perm),
            ("dirlink/file.txt", true, E.perm),
            ("dirlink/file.txt", false, E.perm),
            ("loop1", true, E.loop),
            ("..", true, E.perm),
            ("", true, E.noent),
        ]
        for (path, follow, errno) in escapes {
            #expect(try h.open(path, follow: follow) == errno, "open \(path) follow \(follow)")
        }
        let inside: [String] = ["inside.txt", "sub/../inside.txt", "sublink/../inside.txt", "inlink", "./inside.txt", "sub/./../inside.txt", "."]
        for path in inside {
            #expect(try h.open(path) == E.success, "open \(path)")
        }
        #expect(try h.open("inside.txt/", follow: true) == E.notdir)
        #expect(try h.open("missing.txt") == E.noent)
    }

    @Test func changingOutsideFails() throws {
        let t = try Self.layout()
        defer { t.remove() }
        let before = t.tree()
        let h = try Self.harness(t)
        // Creating, through a path or a symlink.
        #expect(try h.open("../created.txt", oflags: 1, rights: writeRights) == E.perm)
        #expect(try h.open("host_escape", oflags: 1 | 8, rights: writeRights) == E.perm)
        #expect(try h.open("dirlink/new.txt", oflags: 1, rights: writeRights) == E.perm)
        #expect(try h.call("mkdir", "../newdir", "", [len1]) == E.perm)
        #expect(try h.call("mkdir", "sublink/../../newdir", "", [len1]) == E.perm)
        #expect(try h.call("mkdir", "dirlink/newdir", "", [len1]) == E.perm)
        // Removing and renaming.
        #expect(try h.call("unlink", "../secret.txt", "", [len1]) == E.perm)
        #expect(try h.call("unlink", "sub/up/../secret.txt", "", [len1]) == E.perm)
        #expect(try h.call("unlink", "dirlink/file.txt", "", [len1]) == E.perm)
        #expect(try h.call("rmdir", "..", "", [len1]) == E.perm)
        #expect(try h.call("rmdir", "dirlink/..", "", [len1]) == E.perm)
        #expect(try h.call("rename", "inside.txt", "../moved.txt", [len1, len2]) == E.perm)
        #expect(try h.call("rename", "../secret.txt", "stolen.txt", [len1, len2]) == E.perm)
        #expect(try h.call("link", "../secret.txt", "hard.txt", [.i32(Int32(0)), len1, len2]) == E.perm)
        #expect(try h.call("link", "host_escape", "hard.txt", [.i32(Int32(1)), len1, len2]) == E.inval)
        #expect(try h.call("link", "inside.txt", "../hard.txt", [.i32(Int32(0)), len1, len2]) == E.perm)
        // Times of a file outside, by a path climbing out and through a link to a directory.
        #expect(try h.call("touch", "../secret.txt", "", [.i32(Int32(3)), len1]) == E.perm)
        #expect(try h.call("touch", "dirlink/file.txt", "", [.i32(Int32(3)), len1]) == E.perm)
        // Symlinks the program makes: one leading out may exist, but never be followed out.
        #expect(try h.call("symlink", "../secret.txt", "made_escape", [len1, len2]) == E.success)
        #expect(try h.open("made_escape") == E.perm)
        #expect(try h.open("made_escape", oflags: 1 | 8, rights: writeRights) == E.perm)
        #expect(try h.call("symlink", t.path + "/secret.txt", "made_abs", [len1, len2]) == E.perm)
        #expect(try h.call("symlink", "inside.txt", "../made_outside", [len1, len2]) == E.perm)
        #expect(try h.call("symlink", "sub", "made_dir", [len1, len2]) == E.success)
        #expect(try h.open("made_dir/../inside.txt") == E.success)
        #expect(try h.open("made_dir/../../secret.txt") == E.perm)
        // Looking, without following, is allowed; following out is not.
        #expect(try h.call("stat", "host_escape", "", [.i32(Int32(0)), len1]) == E.success)
        #expect(try h.call("stat", "host_escape", "", [.i32(Int32(1)), len1]) == E.perm)
        #expect(try h.call("stat", "../secret.txt", "", [.i32(Int32(1)), len1]) == E.perm)
        #expect(try h.call("readlink", "host_escape", "", [len1]) == E.success)
        #expect(String(decoding: try h.read(4096, 13), as: UTF8.self) == "../secret.txt")

        // The host file system outside the sandbox is as it was; inside, only the two links.
        #expect(t.contents("secret.txt") == "top secret\n")
        #expect(t.contents("outside/file.txt") == "outside\n")
        #expect(t.tree() == (before + ["sandbox/made_dir", "sandbox/made_escape"]).sorted())
    }

    @Test func aFileIsNoDirectory() throws {
        let t = try Self.layout()
        defer { t.remove() }
        let h = try Self.harness(t)
        #expect(try h.call("keep", "inside.txt", "", [.i32(Int32(3)), .i32(Int32(0)), len1, .i32(Int32(0)), .i64(readRights)]) == E.success)
        let file = try h.call("fd", "", "", [])
        #expect(try h.open("../inside.txt", dir: Int32(file)) == E.notdir)
        #expect(try h.open("x", dir: 99) == E.badf)
    }

    @Test func readOnlyPreopensRefuseChanges() throws {
        let t = try Self.layout()
        defer { t.remove() }
        let before = t.tree()
        let h = try Self.harness(t, readOnly: true)
        #expect(try h.open("inside.txt") == E.success)
        #expect(try h.open("inside.txt", rights: writeRights) == E.perm)
        #expect(try h.open("new.txt", oflags: 1, rights: writeRights) == E.perm)
        #expect(try h.open("inside.txt", oflags: 8, rights: readRights) == E.perm)
        #expect(try h.call("mkdir", "newdir", "", [len1]) == E.perm)
        #expect(try h.call("unlink", "inside.txt", "", [len1]) == E.perm)
        #expect(try h.call("rmdir", "sub", "", [len1]) == E.perm)
        #expect(try h.call("rename", "inside.txt", "renamed.txt", [len1, len2]) == E.perm)
        #expect(try h.call("symlink", "inside.txt", "newlink", [len1, len2]) == E.perm)
        // A descriptor opened for reading cannot write.
        #expect(try h.call("keep", "inside.txt", "", [.i32(Int32(3)), .i32(Int32(0)), len1, .i32(Int32(0)), .i64(readRights)]) == E.success)
        let fd = try h.call("fd", "", "", [])
        #expect(try h.call("write", "x", "", [.i32(Int32(fd)), .i32(Int32(1))]) == E.badf)
        #expect(t.tree() == before)
        #expect(t.contents("sandbox/inside.txt") == "inside the sandbox\n")
    }

    /// Read-only reaches every descriptor below the preopen (a subdirectory the program opens
    /// is as read-only as its preopen), every way of changing a file (times, size, space), and
    /// both ends of a rename or link between a read-only and a writable preopen: a hard link
    /// from the read-only tree into the writable one would make its file writable.
    @Test func readOnlyHoldsBelowThePreopenAndAcrossPreopens() throws {
        let t = try Self.layout()
        defer { t.remove() }
        try t.mkdir("writable")
        let before = t.tree()
        let stamp = try FileManager.default.attributesOfItem(atPath: t.path + "/sandbox/inside.txt")[.modificationDate] as? Date
        let h = try WASIHarness(pathModule, configuration: WASI.Configuration(
            preopens: [WASI.Preopen(hostPath: t.path + "/sandbox", guestPath: "ro", readOnly: true),
                       WASI.Preopen(hostPath: t.path + "/writable", guestPath: "rw")],
            stdout: .capture, stderr: .capture))
        let ro: Int32 = 3, rw: Int32 = 4
        // A subdirectory opened below the read-only preopen.
        #expect(try h.call("keep", "sub", "", [.i32(ro), .i32(Int32(0)), len1, .i32(Int32(2)), .i64(readRights)]) == E.success)
        let sub = Int32(try h.call("fd", "", "", []))
        #expect(try h.call("mkdirIn", "newdir", "", [.i32(sub), len1]) == E.perm)
        #expect(try h.open("new.txt", oflags: 1, rights: writeRights, dir: sub) == E.perm)
        #expect(try h.open("../inside.txt", dir: sub) == E.perm)
        // Times and size, by path and through a descriptor opened for reading.
        #expect(try h.call("touch", "inside.txt", "", [.i32(ro), len1]) == E.perm)
        #expect(try h.call("keep", "inside.txt", "", [.i32(ro), .i32(Int32(0)), len1, .i32(Int32(0)), .i64(readRights)]) == E.success)
        let file = Int32(try h.call("fd", "", "", []))
        #expect(try h.call("touchFD", "", "", [.i32(file)]) == E.perm)
        #expect(try h.call("truncate", "", "", [.i32(file)]) == E.perm)
        #expect(try h.call("allocate", "", "", [.i32(file)]) == E.perm)
        // Between the two preopens: nothing leaves or enters the read-only one.
        #expect(try h.call("linkAcross", "inside.txt", "linked.txt", [.i32(ro), .i32(rw), len1, len2]) == E.perm)
        #expect(try h.call("renameAcross", "inside.txt", "moved.txt", [.i32(ro), .i32(rw), len1, len2]) == E.perm)
        #expect(try h.call("keep", "made.txt", "", [.i32(rw), .i32(Int32(0)), len1, .i32(Int32(1)), .i64(writeRights)]) == E.success)
        #expect(try h.call("renameAcross", "made.txt", "made.txt", [.i32(rw), .i32(ro), len1, len2]) == E.perm)
        #expect(try h.call("linkAcross", "made.txt", "made.txt", [.i32(rw), .i32(ro), len1, len2]) == E.perm)
        // The writable preopen is writable; neither is a way out of the other.
        #expect(try h.call("mkdirIn", "ok", "", [.i32(rw), len1]) == E.success)
        #expect(try h.call("linkAcross", "../sandbox/inside.txt", "stolen.txt", [.i32(rw), .i32(rw), len1, len2]) == E.perm)
        #expect(t.tree() == (before + ["writable/made.txt", "writable/ok"]).sorted())
        #expect(t.contents("sandbox/inside.txt") == "inside the sandbox\n")
        let after = try FileManager.default.attributesOfItem(atPath: t.path + "/sandbox/inside.txt")[.modificationDate] as? Date
        #expect(stamp == after)
    }

    /// The resolver on its own: what each path resolves to, relative to the root.
    @Test func resolverSplitsAndBoundsPaths() throws {
        let t = try Self.layout()
        defer { t.remove() }
        let root = open(t.path + "/sandbox", O_RDONLY | O_DIRECTORY)
        defer { close(root) }
        func name(_ p: String, follow: Bool = false) -> String {
            switch Sandbox.resolve(Array(p.utf8), beneath: root, followFinal: follow) {
            case .failure(let e): return e.name
            case .success(let r):
                defer { r.close() }
                return String(cString: r.name) + (r.mustBeDirectory ? "/" : "") + (r.ownsDirectory ? " in sub" : "")
            }
        }
        #expect(name("inside.txt") == "inside.txt")
        #expect(name("sub/x") == "x in sub")
        #expect(name("sub/") == "sub/")
        #expect(name("sub/..") == ".")
        #expect(name("sublink") == "sublink")
        #expect(name("sublink", follow: true) == "sub")
        #expect(name("sublink/", follow: false) == "sub/")
        #expect(name("inlink", follow: true) == "inside.txt")
        #expect(name("loop1", follow: true) == "ELOOP")
        #expect(name("../x") == "EPERM")
        #expect(name("a\u{0}b") == "EINVAL")
    }
}
