#!/usr/bin/env python3
import re
# Generates the numeric handlers of the interpreter: Sources/WasmInterpreter/Handlers+Numeric.swift.
# One template per signature class keeps the 130 cases consistent; rerun after editing.
X32 = "UInt32(truncatingIfNeeded: fp[b])"
Y32 = "UInt32(truncatingIfNeeded: fp[c])"
XS32 = "Int32(truncatingIfNeeded: fp[b])"
YS32 = "Int32(truncatingIfNeeded: fp[c])"
XF = "Float(bitPattern: UInt32(truncatingIfNeeded: fp[b]))"
YF = "Float(bitPattern: UInt32(truncatingIfNeeded: fp[c]))"
XD = "Double(bitPattern: fp[b])"
YD = "Double(bitPattern: fp[c])"
cases = []
# f64result / f32result: the case's body ends `let r = <Double or Float>; fp[a] = <its bits>`, and
# its handler passes r on as the f64 or the f32 accumulator (see FloatAccumulator.swift).
f64results = set()
f32results = set()
def case(name, body, f64result=False, f32result=False):
    cases.append((name, body))
    if f64result:
        f64results.add(name)
    if f32result:
        f32results.add(name)

def i32bin(name, expr): case(name, f"let x = {X32}; let y = {Y32}; fp[a] = UInt64({expr})")
def i32sbin(name, expr): case(name, f"let x = {XS32}; let y = {YS32}; fp[a] = UInt64(UInt32(bitPattern: {expr}))")
def i64bin(name, expr): case(name, f"let x = fp[b]; let y = fp[c]; fp[a] = {expr}")
def i64sbin(name, expr): case(name, f"let x = Int64(bitPattern: fp[b]); let y = Int64(bitPattern: fp[c]); fp[a] = UInt64(bitPattern: {expr})")
def cmp(name, x, y, op): case(name, f"fp[a] = {x} {op} {y} ? 1 : 0")

i32bin("i32Add", "x &+ y"); i32bin("i32Sub", "x &- y"); i32bin("i32Mul", "x &* y")
i32bin("i32And", "x & y"); i32bin("i32Or", "x | y"); i32bin("i32Xor", "x ^ y")
i32bin("i32Shl", "x &<< y"); i32bin("i32ShrU", "x &>> y")
i32sbin("i32ShrS", "x &>> y")
i32bin("i32Rotl", "(x &<< y) | (x &>> (32 &- y))"); i32bin("i32Rotr", "(x &>> y) | (x &<< (32 &- y))")
case("i32DivU", f"let x = {X32}; let y = {Y32}; if y == 0 {{ return .integerDivideByZero }}; fp[a] = UInt64(x / y)")
case("i32RemU", f"let x = {X32}; let y = {Y32}; if y == 0 {{ return .integerDivideByZero }}; fp[a] = UInt64(x % y)")
case("i32DivS", f"let x = {XS32}; let y = {YS32}; if y == 0 {{ return .integerDivideByZero }}; if x == Int32.min && y == -1 {{ return .integerOverflow }}; fp[a] = UInt64(UInt32(bitPattern: x / y))")
case("i32RemS", f"let x = {XS32}; let y = {YS32}; if y == 0 {{ return .integerDivideByZero }}; fp[a] = y == -1 ? 0 : UInt64(UInt32(bitPattern: x % y))")
case("i32Clz", f"fp[a] = UInt64({X32}.leadingZeroBitCount)")
case("i32Ctz", f"fp[a] = UInt64({X32}.trailingZeroBitCount)")
case("i32Popcnt", f"fp[a] = UInt64({X32}.nonzeroBitCount)")
case("i32Eqz", f"fp[a] = {X32} == 0 ? 1 : 0")
for n, op in [("Eq","=="),("Ne","!=")]:
    cmp("i32"+n, X32, Y32, op); cmp("i64"+n, "fp[b]", "fp[c]", op)
for n, op in [("Lt","<"),("Gt",">"),("Le","<="),("Ge",">=")]:
    cmp(f"i32{n}U", X32, Y32, op); cmp(f"i32{n}S", XS32, YS32, op)
    cmp(f"i64{n}U", "fp[b]", "fp[c]", op); cmp(f"i64{n}S", "Int64(bitPattern: fp[b])", "Int64(bitPattern: fp[c])", op)
for n, op in [("Eq","=="),("Ne","!="),("Lt","<"),("Gt",">"),("Le","<="),("Ge",">=")]:
    cmp("f32"+n, XF, YF, op); cmp("f64"+n, XD, YD, op)

i64bin("i64Add", "x &+ y"); i64bin("i64Sub", "x &- y"); i64bin("i64Mul", "x &* y")
i64bin("i64And", "x & y"); i64bin("i64Or", "x | y"); i64bin("i64Xor", "x ^ y")
i64bin("i64Shl", "x &<< y"); i64bin("i64ShrU", "x &>> y"); i64sbin("i64ShrS", "x &>> y")
i64bin("i64Rotl", "(x &<< y) | (x &>> (64 &- y))"); i64bin("i64Rotr", "(x &>> y) | (x &<< (64 &- y))")
case("i64DivU", "let x = fp[b]; let y = fp[c]; if y == 0 { return .integerDivideByZero }; fp[a] = x / y")
case("i64RemU", "let x = fp[b]; let y = fp[c]; if y == 0 { return .integerDivideByZero }; fp[a] = x % y")
case("i64DivS", "let x = Int64(bitPattern: fp[b]); let y = Int64(bitPattern: fp[c]); if y == 0 { return .integerDivideByZero }; if x == Int64.min && y == -1 { return .integerOverflow }; fp[a] = UInt64(bitPattern: x / y)")
case("i64RemS", "let x = Int64(bitPattern: fp[b]); let y = Int64(bitPattern: fp[c]); if y == 0 { return .integerDivideByZero }; fp[a] = y == -1 ? 0 : UInt64(bitPattern: x % y)")
case("i64Clz", "fp[a] = UInt64(fp[b].leadingZeroBitCount)")
case("i64Ctz", "fp[a] = UInt64(fp[b].trailingZeroBitCount)")
case("i64Popcnt", "fp[a] = UInt64(fp[b].nonzeroBitCount)")
case("i64Eqz", "fp[a] = fp[b] == 0 ? 1 : 0")

def f32un(name, expr): case(name, f"let x = {XF}; let r = {expr}; fp[a] = UInt64(r.bitPattern)", f32result=True)
def f64un(name, expr): case(name, f"let x = {XD}; let r = {expr}; fp[a] = r.bitPattern", f64result=True)
def f32bin(name, expr): case(name, f"let x = {XF}; let y = {YF}; let r = {expr}; fp[a] = UInt64(r.bitPattern)", f32result=True)
def f64bin(name, expr): case(name, f"let x = {XD}; let y = {YD}; let r = {expr}; fp[a] = r.bitPattern", f64result=True)
case("f32Abs", "fp[a] = fp[b] & 0x7FFF_FFFF")
case("f32Neg", "fp[a] = (fp[b] ^ 0x8000_0000) & 0xFFFF_FFFF")
case("f32Copysign", "fp[a] = (fp[b] & 0x7FFF_FFFF) | (fp[c] & 0x8000_0000)")
case("f64Abs", "fp[a] = fp[b] & 0x7FFF_FFFF_FFFF_FFFF")
case("f64Neg", "fp[a] = fp[b] ^ 0x8000_0000_0000_0000")
case("f64Copysign", "fp[a] = (fp[b] & 0x7FFF_FFFF_FFFF_FFFF) | (fp[c] & 0x8000_0000_0000_0000)")
for (n, e) in [("Ceil","x.rounded(.up)"),("Floor","x.rounded(.down)"),("Trunc","x.rounded(.towardZero)"),("Nearest","x.rounded(.toNearestOrEven)"),("Sqrt","x.squareRoot()")]:
    f32un("f32"+n, e); f64un("f64"+n, e)
for (n, e) in [("Add","x + y"),("Sub","x - y"),("Mul","x * y"),("Div","x / y"),("Min","Numerics.fmin(x, y)"),("Max","Numerics.fmax(x, y)")]:
    f32bin("f32"+n, e); f64bin("f64"+n, e)

case("i32WrapI64", f"fp[a] = UInt64({X32})")
case("i64ExtendI32S", f"fp[a] = UInt64(bitPattern: Int64({XS32}))")
case("i64ExtendI32U", f"fp[a] = UInt64({X32})")
case("i32Extend8S", "fp[a] = UInt64(UInt32(bitPattern: Int32(Int8(truncatingIfNeeded: fp[b]))))")
case("i32Extend16S", "fp[a] = UInt64(UInt32(bitPattern: Int32(Int16(truncatingIfNeeded: fp[b]))))")
case("i64Extend8S", "fp[a] = UInt64(bitPattern: Int64(Int8(truncatingIfNeeded: fp[b])))")
case("i64Extend16S", "fp[a] = UInt64(bitPattern: Int64(Int16(truncatingIfNeeded: fp[b])))")
case("i64Extend32S", "fp[a] = UInt64(bitPattern: Int64(Int32(truncatingIfNeeded: fp[b])))")
# Traps: bounds are exclusive and exact in Double (f32 values convert to Double exactly).
def trunc(name, src, lo, hi, conv):
    x = f"Double({XF})" if src == "f32" else XD
    case(name, f"let x = {x}; let t = Numerics.truncCheck(x, lowerExclusive: {lo}, upperExclusive: {hi}); if t != .none {{ return trap(t, ip, st) }}; fp[a] = {conv}")
for s in ["f32", "f64"]:
    S = s.upper()
    trunc(f"i32Trunc{S}S", s, "-2147483649.0", "2147483648.0", "UInt64(UInt32(bitPattern: Int32(x)))")
    trunc(f"i32Trunc{S}U", s, "-1.0", "4294967296.0", "UInt64(UInt32(x))")
    trunc(f"i64Trunc{S}S", s, "-9223372036854777856.0", "9223372036854775808.0", "UInt64(bitPattern: Int64(x))")
    trunc(f"i64Trunc{S}U", s, "-1.0", "18446744073709551616.0", "UInt64(x)")
    x = f"Double({XF})" if s == "f32" else XD
    case(f"i32TruncSat{S}S", f"fp[a] = Numerics.satI32({x})")
    case(f"i32TruncSat{S}U", f"fp[a] = Numerics.satU32({x})")
    xs = XF if s == "f32" else XD
    case(f"i64TruncSat{S}S", f"fp[a] = Numerics.satI64({xs})")
    case(f"i64TruncSat{S}U", f"fp[a] = Numerics.satU64({xs})")
case("f32ConvertI32S", f"let r = Float({XS32}); fp[a] = UInt64(r.bitPattern)", f32result=True)
case("f32ConvertI32U", f"let r = Float({X32}); fp[a] = UInt64(r.bitPattern)", f32result=True)
case("f32ConvertI64S", "let r = Float(Int64(bitPattern: fp[b])); fp[a] = UInt64(r.bitPattern)", f32result=True)
case("f32ConvertI64U", "let r = Float(fp[b]); fp[a] = UInt64(r.bitPattern)", f32result=True)
case("f32DemoteF64", f"let r = Float({XD}); fp[a] = UInt64(r.bitPattern)", f32result=True)
case("f64ConvertI32S", f"let r = Double({XS32}); fp[a] = r.bitPattern", f64result=True)
case("f64ConvertI32U", f"let r = Double({X32}); fp[a] = r.bitPattern", f64result=True)
case("f64ConvertI64S", "let r = Double(Int64(bitPattern: fp[b])); fp[a] = r.bitPattern", f64result=True)
case("f64ConvertI64U", "let r = Double(fp[b]); fp[a] = r.bitPattern", f64result=True)
case("f64PromoteF32", f"let r = Double({XF}); fp[a] = r.bitPattern", f64result=True)

# Writes Sources/WasmInterpreter/Handlers+Numeric.swift: one handler per case.
lines = ["// Generated by scripts/gen-numeric.py: edit the templates there and rerun it.", "import WasmCore", "",
         "extension Handlers {", "    /// The numeric instructions, one template per signature class.",
         "    static func numeric(_ op: Op) -> Handler? {", "        switch op {"]
A, B, C = "Int(ip.pointee.a)", "Int(ip.pointee.b)", "Int(ip.pointee.c)"
def handler(n, body, indent="            "):
    """One handler: `body` with its slots spelled out, then on to the next instruction."""
    body = body.replace("fp[a]", f"fp[{A}]").replace("fp[b]", f"fp[{B}]").replace("fp[c]", f"fp[{C}]")
    body = re.sub(r"return \.(\w+)", r"return trap(.\1, ip, st)", body)
    acc = "r, accS" if n in f64results else ("accF, r" if n in f32results else "accF, accS")
    out = [indent + "return { rip, fp, memBase, memSize, st, budget, accF, accS in",
           indent + "    let ip = rip.assumingMemoryBound(to: Inst.self)"]
    out += [indent + "    " + stmt for stmt in body.split("; ")]
    out += [indent + f"    return nextUnchecked(ip + 1, fp, memBase, memSize, st, budget, {acc})", indent + "}"]
    return out
# Cases with the same body share one handler: the optimiser would merge two identical closures
# into one body reached through a jump thunk, an extra jump on every dispatch of all but one.
def grouped(items):
    """(names, body) per distinct body, in first-seen order; `items` are (name, body, key)."""
    groups = {}
    for n, body, key in items:
        groups.setdefault((body, key), []).append(n)
    return [(names, body) for (body, _), names in groups.items()]
def acc_key(n):
    return "f64" if n in f64results else ("f32" if n in f32results else "")
for names, body in grouped([(n, body, acc_key(n)) for n, body in cases]):
    lines.append("        case " + ", ".join(f".{n}" for n in names) + ":")
    lines += handler(names[0], body)
lines += ["        default:", "            return nil", "        }", "    }", "}", ""]
# Each case reading an f64 or f32 operand (`b` or `c`) has a variant taking it from the accumulator.
lines += ["extension Handlers {",
          "    /// The handler of numeric `op` reading its float operand `operand` from the accumulator of its type.",
          "    static func numericReadingAccumulator(_ op: Op, _ operand: AccumulatorOperand) -> Handler? {",
          "        switch (op, operand) {"]
variants = [(n, operand, body.replace(expr, acc)) for n, body in cases
            for operand, expr, acc in (("b", XD, "accF"), ("c", YD, "accF"), ("b", XF, "accS"), ("c", YF, "accS"))
            if expr in body]
for names, body in grouped([((n, operand), body, acc_key(n)) for n, operand, body in variants]):
    lines.append("        case " + ", ".join(f"(.{n}, .{operand})" for n, operand in names) + ":")
    lines += handler(names[0][0], body)
lines += ["        default:", "            return nil", "        }", "    }", "",
          "    /// Whether numeric `op`'s handler passes its float result on as the accumulator of its type.",
          "    static func numericWritesAccumulator(_ op: Op) -> Bool {", "        switch op {"]
lines.append("        case " + ", ".join(f".{n}" for n, _ in cases if n in f64results or n in f32results) + ": return true")
lines += ["        default: return false", "        }", "    }", "}", ""]
# The wasm opcode each numeric op implements: a switch, so the compiler checks the names agree
# and mapping costs nothing at run time (matching names with String(describing:) went through
# reflection for every instruction compiled).
lines += ["extension Op {", "    /// The internal op of a wasm numeric instruction (unary, binary, test, compare, convert).",
          "    static func numeric(for opcode: Opcode) -> Op? {", "        switch opcode {"]
for n, _ in cases:
    lines.append(f"        case .{n}: return .{n}")
lines += ["        default: return nil", "        }", "    }", "}", ""]
open("Sources/WasmInterpreter/Handlers+Numeric.swift", "w").write("\n".join(lines))
print(len(cases), "cases")
