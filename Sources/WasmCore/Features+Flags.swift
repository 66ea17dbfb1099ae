// The command-line spelling of features, shared by every tool: `--enable-NAME`,
// `--disable-NAME`, `--enable-all`, and the help text that says which are on by default.

extension Features {
    /// What a feature flag did.
    public enum FlagResult: Equatable, Sendable {
        /// Not a feature flag: the caller handles it.
        case notAFlag
        case applied
        /// `--enable-NAME` / `--disable-NAME` with an unknown name (the message says which).
        case unknown(String)
    }

    /// Applies `--enable-NAME`, `--disable-NAME` or `--enable-all` to `self`.
    public mutating func apply(flag arg: String) -> FlagResult {
        if arg == "--enable-all" {
            self = .all
            return .applied
        }
        let enable = arg.hasPrefix("--enable-")
        guard enable || arg.hasPrefix("--disable-") else { return .notAFlag }
        let name = String(arg.dropFirst(enable ? 9 : 10))
        guard let f = Feature.allCases.first(where: { $0.flagName == name }) else {
            return .unknown("unknown feature '\(name)' (known: \(Feature.allCases.map(\.flagName).joined(separator: ", ")), all)")
        }
        if enable { insert(f) } else { remove(f) }
        return .applied
    }

    /// For `--help`: the features on and off in `defaults`, wrapped to 96 columns.
    public static func helpText(defaults: Features = .default) -> String {
        let named = Feature.allCases.filter { $0 != .mvp }
        let on = named.filter { defaults.contains($0) }.map(\.flagName)
        let off = named.filter { !defaults.contains($0) }.map(\.flagName)
        return wrap("features on by default: ", on) + "\n" + wrap("features off by default: ", off.isEmpty ? ["none"] : off)
    }

    private static func wrap(_ head: String, _ words: [String]) -> String {
        var lines: [String] = []
        var line = head
        for (i, w) in words.enumerated() {
            let item = w + (i < words.count - 1 ? "," : "")
            if line.count + item.count + 1 > 96, line != head {
                lines.append(line)
                line = "  " + item
            } else {
                line += (line == head ? "" : " ") + item
            }
        }
        lines.append(line)
        return lines.joined(separator: "\n")
    }
}
