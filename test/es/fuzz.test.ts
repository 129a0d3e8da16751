/**
 * Property-based tests (fast-check, fixed seed) over the ES layer: whatever the start point and whatever fitness
 * values f returns (NaN, ±∞, huge, tiny), every strategy's state stays finite or tell throws an Error naming itself;
 * and a saved state with any one field replaced by an arbitrary value is either refused naming that field or is a
 * state ask/tell can run. Before: edited states (σ = −1, mean = 1e308) were accepted and gave NaN populations.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Bernoulli } from "../../src/distributions/bernoulli.js";
import { foldIn, key } from "../../src/random/key.js";
import { strategies, type AlgorithmName, type AnyStrategy } from "../../src/es/registry.js";
import { deserializeState, serializeState } from "../../src/es/serialize.js";
import type { EsStateBase } from "../../src/es/strategy.js";

const NAMES = Object.keys(strategies) as AlgorithmName[];
// A longer run: MCGRAD_FUZZ_RUNS=20000 MCGRAD_FUZZ_SEED=7 node scripts/run-tests.mjs es/fuzz
const RUNS = { seed: Number(process.env.MCGRAD_FUZZ_SEED ?? 20261130), numRuns: Number(process.env.MCGRAD_FUZZ_RUNS ?? 150) };
const byName = (name: AlgorithmName): AnyStrategy => strategies[name];

/** Every number and Float64Array entry of a state is finite (bestF may be +∞ before a finite f). */
function assertFiniteState(label: string, s: EsStateBase): void {
  for (const [k, v] of Object.entries(s)) {
    if (k === "bestF") continue;
    if (typeof v === "number") assert.ok(Number.isFinite(v), `${label}: ${k} = ${v}`);
    if (v instanceof Float64Array) for (let i = 0; i < v.length; i++) assert.ok(Number.isFinite(v[i]), `${label}: ${k}[${i}] = ${v[i]}`);
  }
}

function initOf(name: AlgorithmName, x0: number[]): EsStateBase {
  const options = name === "naturalSearch" && x0.length % 2 === 0 ? { distribution: new Bernoulli({ logits: x0.map(() => 0) }) } : { sigma0: 0.5 };
  const s = byName(name).init(key(1), name === "naturalSearch" && x0.length % 2 === 0 ? x0.map(() => 0) : x0, options);
  return s;
}

test("fuzz: any fitness values keep every strategy's state finite, or tell throws naming itself", () => {
  const fitnessValue = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, -Infinity, 1e308, -1e308, 5e-324, 0, -0));
  fc.assert(
    fc.property(fc.constantFrom(...NAMES), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 5 }), fc.array(fitnessValue, { minLength: 64, maxLength: 64 }), (name, x0, values) => {
      const strategy = byName(name);
      let s = initOf(name, x0);
      for (let g = 0; g < 3; g++) {
        const p = strategy.ask(foldIn(key(2), g), s);
        const fitness = Float64Array.from({ length: p.size }, (_, i) => values[(i + g * 7) % values.length]);
        try {
          s = strategy.tell(s, p, fitness);
        } catch (e) {
          assert.match((e as Error).message, new RegExp(`^${name}\\.tell: the update made .* the search distribution degenerated`));
          return;
        }
        assertFiniteState(name, s);
      }
    }),
    RUNS,
  );
});

test("fuzz: a saved state with one field replaced is refused naming that field, or it runs", () => {
  const replacement = fc.oneof(
    fc.double(),
    fc.integer(),
    fc.constantFrom(-1, 0, -0.5, 1e308, 2 ** 60, "x", null, true, [], {}, { $num: "NaN" }, { $num: "-0" }, { $f64: [1, 2] }),
  );
  fc.assert(
    fc.property(fc.constantFrom(...NAMES), fc.nat(), replacement, (name, pick, value) => {
      const s0 = initOf(name, [0.5, -1, 2]);
      const p = byName(name).ask(key(3), s0);
      const s = byName(name).tell(s0, p, Float64Array.from({ length: p.size }, (_, i) => i));
      const raw = JSON.parse(serializeState(s)) as Record<string, unknown>;
      const fields = Object.keys(raw).sort();
      const field = fields[pick % fields.length];
      raw[field] = value;
      let restored: EsStateBase;
      try {
        restored = deserializeState(JSON.stringify(raw));
      } catch (e) {
        // The message names the replaced field — as the bad one, or as the one another field must agree with.
        const message = (e as Error).message;
        assert.match(message, /^deserializeState: json field /, `${name}.${field} = ${JSON.stringify(value)}: ${message}`);
        assert.ok(new RegExp(`\\b${field}\\b`).test(message), `${name}.${field} = ${JSON.stringify(value)}: ${message}`);
        return;
      }
      const q = byName(name).ask(key(4), restored);
      for (const v of q.x) assert.ok(Number.isFinite(v), `${name}.${field} = ${JSON.stringify(value)} gave a non-finite candidate`);
      try {
        assertFiniteState(name, byName(name).tell(restored, q, Float64Array.from({ length: q.size }, (_, i) => -i)));
      } catch (e) {
        assert.match((e as Error).message, new RegExp(`^${name}\\.tell: the update made`));
      }
    }),
    RUNS,
  );
});
