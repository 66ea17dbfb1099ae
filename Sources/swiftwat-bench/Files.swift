// Directory listing and small file helpers (Glibc, no Foundation).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmCore

enum Files {
    /// Names in `directory` ending in `suffix`, sorted.
    static func list(_ directory: String, suffix: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name.hasSuffix(suffix) { names.append(name) }
        }
        return names.sorted()
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// Every file ending in `suffix` under `directory`, recursively, sorted by path.
    static func walk(_ directory: String, suffix: String) -> [String] {
        var out: [String] = []
        var pending = [directory]
        while let dir = pending.popLast() {
            for name in list(dir, suffix: "") where name != "." && name != ".." {
                let path = dir + "/" + name
                if isDirectory(path) { pending.append(path) } else if name.hasSuffix(suffix) { out.append(path) }
            }
        }
        return out.sorted()
    }

    static func write(_ text: String, to path: String) -> Bool {
        FileIO.write(Array(text.utf8), to: path) == nil
    }

    static func baseName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    /// The directory of the running executable (via /proc/self/exe), to find sibling tools.
    static func executableDirectory() -> String? {
        var buf = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buf, buf.count - 1)
        guard n > 0 else { return nil }
        let path = String(decoding: buf.prefix(n).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = path.lastIndex(of: "/") else { return nil }
        return String(path[..<slash])
    }
}
