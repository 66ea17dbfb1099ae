// swift-tools-version:6.2
import PackageDescription

// The command-line tools link the Swift runtime statically on Linux: loading and relocating
// libswiftCore.so and its companions was over half of their start-up (BENCHMARKS.md, goal 4).
// Executable targets only: how the tools link is no business of a package using the libraries.
let staticStdlib: [LinkerSetting] = [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux]))]

// The interpreter's handlers end in tail calls, which a frame pointer (SwiftPM passes
// -fno-omit-frame-pointer by default) turns into push/mov/pop around every instruction:
// 6 % of run() time over the bench programs (BENCHMARKS.md). Release builds on Linux only:
// debug builds keep full backtraces, and Apple's platforms expect frame pointers. A target's
// -fomit-frame-pointer comes before SwiftPM's own flag and loses to it; the -cc1 option wins.
// Since tools version 6.2 a package with unsafe flags can still be depended on by version.
// -fno-math-errno: `squareRoot()` reaches C's sqrt through a shim compiled with this target's
// flags; with errno semantics every f32/f64.sqrt handler saved six registers around a libm
// call kept for negative operands (glibc sets errno there; Apple's libm never does).
// -align-all-functions=6: every handler starts on a 64-byte boundary, the unit the front end
// fetches and caches decoded instructions in, so a short handler spans as few of them as it
// can, and its place within them no longer depends on the code before it: 3-11 % off run() on
// seven of the sixteen bench programs, none slower beyond noise, 60 KB more code
// (BENCHMARKS.md). SwiftPM 6.3 was seen to leave a release build's objects as they were when
// only such a flag changed: after editing one, remove .build/*/release/WasmInterpreter.build.
let interpreterSettings: [SwiftSetting] = [
    .unsafeFlags(["-Xcc", "-Xclang", "-Xcc", "-mframe-pointer=none", "-Xcc", "-fno-math-errno",
                  "-Xllvm", "-align-all-functions=6"],
                 .when(platforms: [.linux], configuration: .release)),
]

let package = Package(
    name: "SwiftWAT",
    products: [
        .library(name: "WasmCore", targets: ["WasmCore"]),
        .library(name: "WasmText", targets: ["WasmText"]),
        .library(name: "WasmBinary", targets: ["WasmBinary"]),
        .library(name: "WasmValidation", targets: ["WasmValidation"]),
        .library(name: "WasmInterpreter", targets: ["WasmInterpreter"]),
        .library(name: "WasmScript", targets: ["WasmScript"]),
        .library(name: "WasmTesting", targets: ["WasmTesting"]),
        .library(name: "WasmWASI", targets: ["WasmWASI"]),
        .executable(name: "wasm-run", targets: ["wasm-run"]),
        .executable(name: "wat2wasm", targets: ["wat2wasm"]),
        .library(name: "WasmPortability", targets: ["WasmPortability"]),
        .executable(name: "wastrun", targets: ["wastrun"]),
        .executable(name: "wasm-portability", targets: ["wasm-portability"]),
        .executable(name: "wasm-validate", targets: ["wasm-validate"]),
        .executable(name: "wasm2wat", targets: ["wasm2wat"]),
    ],
    targets: [
        .target(name: "WasmCore"),
        .target(name: "WasmText", dependencies: ["WasmCore"]),
        .target(name: "WasmBinary", dependencies: ["WasmCore"]),
        .target(name: "WasmValidation", dependencies: ["WasmCore"]),
        .target(name: "WasmInterpreter", dependencies: ["WasmCore", "WasmValidation"],
                swiftSettings: interpreterSettings),
        .target(name: "WasmScript", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter"]),
        .target(name: "WasmWASI", dependencies: ["WasmCore", "WasmValidation", "WasmInterpreter"]),
        .target(name: "WasmTesting", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter", "WasmScript", "WasmWASI"]),
        .executableTarget(name: "wasm-run", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter", "WasmWASI"],
                          linkerSettings: staticStdlib),
        .executableTarget(name: "wat2wasm", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation"],
                          linkerSettings: staticStdlib),
        .target(name: "WasmPortability", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation"]),
        .executableTarget(name: "wastrun", dependencies: ["WasmScript"], linkerSettings: staticStdlib),
        .executableTarget(name: "wasm-portability", dependencies: ["WasmPortability"], linkerSettings: staticStdlib),
        .executableTarget(name: "wasm-validate", dependencies: ["WasmCore", "WasmBinary", "WasmValidation"],
                          linkerSettings: staticStdlib),
        .executableTarget(name: "wasm2wat", dependencies: ["WasmCore", "WasmBinary", "WasmText", "WasmValidation"],
                          linkerSettings: staticStdlib),
        .executableTarget(name: "swiftwat-bench", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter", "WasmScript"]),
        .testTarget(name: "WasmCoreTests", dependencies: ["WasmCore"]),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmText", "WasmBinary", "WasmScript"], exclude: ["Fixtures"]),
        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary", "WasmText"]),
        .testTarget(name: "WasmValidationTests", dependencies: ["WasmValidation", "WasmText", "WasmBinary", "WasmScript"]),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmInterpreter", "WasmValidation", "WasmText"]),
        // The ratchet is read from the source tree (and rewritten there), not bundled.
        .testTarget(name: "WasmScriptTests", dependencies: ["WasmScript", "WasmTesting"],
                    exclude: ["Conformance/ratchet.txt", "Conformance/proposals-ratchet.txt"]),
        .testTarget(name: "WasmPortabilityTests", dependencies: ["WasmPortability", "WasmText"]),
        .testTarget(name: "WasmWASITests", dependencies: ["WasmWASI", "WasmInterpreter", "WasmValidation", "WasmText", "WasmBinary", "WasmTesting", "WasmPortability"]),
    ],
    swiftLanguageModes: [.v6]
)
