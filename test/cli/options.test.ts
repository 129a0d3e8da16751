/**
 * The CLI's number parsers: decimal literals only, the same answer for a value whichever option reads it, never a
 * silent NaN, ∞ or reinterpretation (0x10 used to be the dimension 16, 1e400 an infinite start point). Property
 * tests with fast-check (fixed seed) plus the named defects.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { InvalidArgumentError } from "commander";
import { finiteNumberOption, intInRangeOption, intOption, numberOption, positiveNumberOption, sampleCountOption } from "../../src/cli/options.js";

// A longer run: MCGRAD_FUZZ_RUNS=20000 MCGRAD_FUZZ_SEED=7 node scripts/run-tests.mjs cli/options
const RUNS = { seed: Number(process.env.MCGRAD_FUZZ_SEED ?? 20261130), numRuns: Number(process.env.MCGRAD_FUZZ_RUNS ?? 2000) };

/** Calls a parser: its number, or "refused" for an InvalidArgumentError (any other error fails the test). */
function parse(parser: (v: string) => number, text: string): number | "refused" {
  try {
    return parser(text);
  } catch (e) {
    assert.ok(e instanceof InvalidArgumentError, `${text}: ${String(e)}`);
    return "refused";
  }
}

test("fuzz: every parser returns a number Number() agrees with, within its range, or refuses", () => {
  const text = fc.oneof(fc.string(), fc.double().map(String), fc.integer().map(String), fc.constantFrom("0x10", "0b11", "0o7", "1e400", "-1e400", "1_000", "1__0", "Infinity", "-inf", "NaN", " 7 ", ""));
  fc.assert(
    fc.property(text, (t) => {
      for (const [name, parser, finite] of [["number", numberOption, false], ["finite", finiteNumberOption, true], ["positive", positiveNumberOption, true]] as const) {
        const v = parse(parser, t);
        if (v === "refused") continue;
        assert.ok(!Number.isNaN(v), `${name}(${JSON.stringify(t)}) = NaN`);
        if (finite) assert.ok(Number.isFinite(v), `${name}(${JSON.stringify(t)}) = ${v}`);
        if (Number.isFinite(v)) assert.equal(v, Number(t.trim().replaceAll("_", "")), `${name}(${JSON.stringify(t)})`);
        if (name === "positive") assert.ok(v > 0);
      }
      const n = parse(intInRangeOption(2, 1000), t);
      if (n !== "refused") assert.ok(Number.isInteger(n) && n >= 2 && n <= 1000, `int(${JSON.stringify(t)}) = ${n}`);
    }),
    RUNS,
  );
});

test("the named defects: 0x10 is not a dimension, 1e400 is refused everywhere, 1e30 is not an integer count", () => {
  for (const t of ["0x10", "0b10", "0o10", "1e400", "-1e400", ""]) {
    assert.equal(parse(intOption, t), "refused", t);
    assert.equal(parse(finiteNumberOption, t), "refused", t);
  }
  assert.equal(parse(numberOption, "1e400"), "refused", "1e400 overflows: only a spelled-out Infinity is infinite");
  assert.equal(parse(numberOption, "-Infinity"), -Infinity);
  assert.equal(parse(finiteNumberOption, "1e30"), 1e30);
  assert.equal(parse(intInRangeOption(1), "1e30"), "refused");
  assert.equal(parse(intInRangeOption(1), "1e5"), 100_000);
  assert.equal(parse(intInRangeOption(1), "100_000"), 100_000);
  assert.equal(parse(sampleCountOption(2), "1e9"), "refused", "variance --baseline-samples 1e9 grew the process to 16 GB");
  assert.match(String((() => { try { sampleCountOption(2)("1e9"); } catch (e) { return (e as Error).message; } })()), /expected an integer in \[2, 10000000\] \(larger counts would need more than 1 GiB of memory\)/);
});
