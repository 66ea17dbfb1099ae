// Whole-file reads and writes and standard streams, over the C library rather than Foundation,
// so the command-line tools start fast (DESIGN: no Foundation on the start-up path).
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public enum FileIO {
    /// Reads a whole file, or standard input for "-". Returns nil with `errno` text on failure.
    public static func read(_ path: String) -> Result<[UInt8], Diagnostic> {
        if path == "-" { return readDescriptor(0, name: "standard input") }
        guard let fp = fopen(path, "rb") else {
            return .failure(Diagnostic(.script, "cannot open \(path): \(String(cString: strerror(errno)))"))
        }
        defer { fclose(fp) }
        var out: [UInt8] = []
        // A regular file is read in one call into an array of its size: no chunk copies and
        // no growth (which would briefly hold two copies of a big file).
        if fseek(fp, 0, SEEK_END) == 0 {
            let size = ftell(fp)
            let rewound = fseek(fp, 0, SEEK_SET) == 0
            if !rewound { clearerr(fp) }
            if rewound, size > 0, size < Int(Int32.max) {
                let count = Int(size)
                out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                    initialized = fread(buffer.baseAddress, 1, count, fp)
                }
            }
        } else {
            clearerr(fp)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, fp) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count {
                if ferror(fp) != 0 {
                    return .failure(Diagnostic(.script, "cannot read \(path): \(String(cString: strerror(errno)))"))
                }
                break
            }
        }
        return .success(out)
    }

    /// Writes bytes to a file, or standard output for "-".
    public static func write(_ bytes: [UInt8], to path: String) -> Diagnostic? {
        if path == "-" { return writeDescriptor(1, bytes) ? nil : Diagnostic(.script, "cannot write standard output") }
        guard let fp = fopen(path, "wb") else { return Diagnostic(.script, "cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        defer { fclose(fp) }
        let n = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, fp) }
        if n != bytes.count { return Diagnostic(.script, "cannot write \(path): \(String(cString: strerror(errno)))") }
        return nil
    }

    /// Writes text to standard error.
    public static func printError(_ text: String) {
        var t = text
        if !t.hasSuffix("\n") { t += "\n" }
        _ = writeDescriptor(2, Array(t.utf8))
    }

    /// Writes text to standard output, unbuffered.
    public static func printOutput(_ text: String) {
        _ = writeDescriptor(1, Array(text.utf8))
    }

    static func readDescriptor(_ fd: Int32, name: String) -> Result<[UInt8], Diagnostic> {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Diagnostic(.script, "cannot read \(name): \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
        }
        return .success(out)
    }

    static func writeDescriptor(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress.map { $0 + done }, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }

    /// Whether a file descriptor is a terminal (for progress lines).
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    /// The value of an environment variable.
    public static func environment(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// Whether a path exists.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
}

@inline(__always) private func systemRead(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int { read(fd, p, n) }
@inline(__always) private func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer?, _ n: Int) -> Int { write(fd, p, n) }
