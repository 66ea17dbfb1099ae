// swift-tools-version:6.0
import PackageDescription

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
        .executable(name: "wat2wasm", targets: ["wat2wasm"]),
        .library(name: "WasmPortability", targets: ["WasmPortability"]),
        .executable(name: "wastrun", targets: ["wastrun"]),
        .executable(name: "wasm-portability", targets: ["wasm-portability"]),
        .executable(name: "wasm-validate", targets: ["wasm-validate"]),
    ],
    targets: [
        .target(name: "WasmCore"),
        .target(name: "WasmText", dependencies: ["WasmCore"]),
        .target(name: "WasmBinary", dependencies: ["WasmCore"]),
        .target(name: "WasmValidation", dependencies: ["WasmCore"]),
        .target(name: "WasmInterpreter", dependencies: ["WasmCore", "WasmValidation"]),
        .target(name: "WasmScript", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter"]),
        .target(name: "WasmTesting", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter", "WasmScript"]),
        .executableTarget(name: "wat2wasm", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation"]),
        .target(name: "WasmPortability", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation"]),
        .executableTarget(name: "wastrun", dependencies: ["WasmScript"]),
        .executableTarget(name: "wasm-portability", dependencies: ["WasmPortability"]),
        .executableTarget(name: "wasm-validate", dependencies: ["WasmCore", "WasmBinary", "WasmValidation"]),
        .executableTarget(name: "swiftwat-bench", dependencies: ["WasmCore", "WasmText", "WasmBinary", "WasmValidation", "WasmInterpreter", "WasmScript"]),
        .testTarget(name: "WasmCoreTests", dependencies: ["WasmCore"]),
        .testTarget(name: "WasmTextTests", dependencies: ["WasmText", "WasmBinary"], exclude: ["Fixtures"]),
        .testTarget(name: "WasmBinaryTests", dependencies: ["WasmBinary", "WasmText"]),
        .testTarget(name: "WasmValidationTests", dependencies: ["WasmValidation", "WasmText", "WasmBinary"]),
        .testTarget(name: "WasmInterpreterTests", dependencies: ["WasmInterpreter", "WasmValidation", "WasmText"]),
        .testTarget(name: "WasmScriptTests", dependencies: ["WasmScript", "WasmTesting"]),
        .testTarget(name: "WasmPortabilityTests", dependencies: ["WasmPortability", "WasmText"]),
    ],
    swiftLanguageModes: [.v6]
)
