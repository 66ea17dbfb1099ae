// Where the official WebAssembly test suite is, found the same way by every test target and
// the benchmarks.
import WasmCore

public enum OfficialTestSuite {
    /// `$WASM_TESTSUITE` when set, else `../shared/testsuite` beside `packageRoot`; nil unless
    /// that is a directory (callers then skip, saying so).
    public static func directory(packageRoot: String) -> String? {
        let candidate = FileIO.environment("WASM_TESTSUITE") ?? packageRoot + "/../shared/testsuite"
        return ScriptFile.isDirectory(candidate) ? candidate : nil
    }

    /// The proposal scripts past WebAssembly 3.0 (threads, wide arithmetic, custom page sizes,
    /// custom descriptors): `$WASM_PROPOSALS` when set, else `../shared/proposals` beside
    /// `packageRoot`; nil unless that is a directory. They are kept apart from the suite so the
    /// suite's ratchet does not move when they arrive.
    public static func proposalsDirectory(packageRoot: String) -> String? {
        let candidate = FileIO.environment("WASM_PROPOSALS") ?? packageRoot + "/../shared/proposals"
        return ScriptFile.isDirectory(candidate) ? candidate : nil
    }

    /// The package root of a source file `depth` directories below it: for
    /// `Tests/<Target>/File.swift`, `packageRoot(ofFile: #filePath, depth: 2)`.
    public static func packageRoot(ofFile path: String, depth: Int) -> String {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(min(depth + 1, parts.count))
        return parts.joined(separator: "/")
    }

    /// The `.wast` files under `directory`, as paths relative to it, sorted.
    public static func wastFiles(in directory: String) -> [String] {
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        return ScriptFile.wastFiles(under: base, depth: 0).map { String($0.dropFirst(base.count + 1)) }.sorted()
    }
}
