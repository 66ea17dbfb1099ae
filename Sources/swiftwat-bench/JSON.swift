// The benchmark's --json report, written with WasmCore's JSON writer.
import WasmCore

extension Stats {
    var json: JSON {
        .object([
            ("median", .number(median)), ("min", .number(min)), ("max", .number(max)),
            ("samples", .array(samples.map { .number($0) })),
        ])
    }
}
