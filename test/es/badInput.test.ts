import { test } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key, type Key } from "../../src/random/key.js";
import { pgpe } from "../../src/es/pgpe.js";
import { deserializeState, serializeState } from "../../src/es/serialize.js";
import type { EsStateBase, Population } from "../../src/es/strategy.js";
import { xnes } from "../../src/es/xnes.js";
import { snes } from "../../src/es/snes.js";
import { openEs } from "../../src/es/openEs.js";
import { minimize } from "../../src/es/minimize.js";
import { sphere } from "../../src/es/testFunctions.js";

function allFinite(state: object): boolean {
  return Object.values(state).every((v) =>
    v instanceof Float64Array ? v.every(Number.isFinite) : typeof v === "number" ? Number.isFinite(v) || v === Infinity : true,
  );
}

test("NaN/±Infinity fitness ranks worst, is counted, and never reaches the state", () => {
  // f fails on a third of the space; the optimum (0) is still reachable.
  let fails = 0;
  const f = (x: Float64Array) => {
    if (x[0] > 0.8) {
      fails++;
      return fails % 3 === 0 ? NaN : fails % 3 === 1 ? Infinity : -Infinity;
    }
    return sphere.f(x);
  };
  const r = minimize(f, [1, 1, 1], { seed: 4, maxEvals: 5000, target: 1e-8 });
  assert.equal(r.nonFinite, fails);
  assert.ok(fails > 0);
  assert.equal(r.stop, "target");
  assert.ok(allFinite(r.state));
  // A generation where every value fails leaves the mean where it was (all utilities tie).
  const s = xnes.init(key(0), [1, 2]);
  const p = xnes.ask(key(1), s);
  const t = xnes.tell(s, p, new Float64Array(p.size).fill(NaN));
  assert.deepEqual(Array.from(t.mean), [1, 2]);
  assert.equal(t.nonFinite, p.size);
  assert.equal(t.bestF, Infinity);
  assert.ok(allFinite(t));
});

test("bad arguments are refused with the function, the argument and the value", () => {
  assert.throws(() => minimize(sphere.f, [1, 1], { sigma0: 0 }), /minimize: sigma0 must be a finite number > 0, got 0/);
  assert.throws(() => minimize(sphere.f, [1, 1], { sigma0: -2 }), /minimize: sigma0 .* got -2/);
  assert.throws(() => minimize(sphere.f, [1, 1], { maxEvals: 0 }), /minimize: maxEvals must be a positive integer, got 0/);
  assert.throws(() => minimize(sphere.f, [1, 1], { maxEvals: -5 }), /got -5/);
  assert.throws(() => minimize(sphere.f, [], {}), /minimize: x0 must be a non-empty array/);
  assert.throws(() => minimize(sphere.f, [1, NaN]), /minimize: x0\[1\] must be a finite number, got NaN/);
  assert.throws(() => minimize(sphere.f, [1], { algorithm: "cma" as never }), /minimize: algorithm must be one of .* got "cma"/);
  assert.throws(() => minimize("f" as never, [1]), /minimize: f must be a function/);
  // These used to be accepted silently (NaN tolerances never stop) or fail later with a TypeError.
  assert.throws(() => minimize(sphere.f, [1], { tolFun: NaN }), /minimize: tolFun must be a number ≥ 0, got NaN/);
  assert.throws(() => minimize(sphere.f, [1], { tolSpread: -1 }), /minimize: tolSpread must be a number ≥ 0, got -1/);
  assert.throws(() => minimize(sphere.f, [1], { onGeneration: 5 as never }), /minimize: onGeneration must be a function/);
  // null options mean "all defaults" (test/meta/nullOptions.test.ts), in minimize and in every init.
  assert.deepEqual(minimize(sphere.f, [1], null).history, minimize(sphere.f, [1]).history);
  assert.deepEqual(xnes.init(key(0), [1], null), xnes.init(key(0), [1]));
  assert.throws(() => minimize(sphere.f, [1], 5 as never), /minimize: options must be an object \(or omitted\), got 5/);
  assert.throws(() => xnes.init(key(0), [1], { sigma0: 0 }), /xnes\.init: sigma0 must be a finite number > 0, got 0/);
  assert.throws(() => snes.init(key(0), [1], { popSize: 1 }), /snes\.init: popSize must be an integer ≥ 2, got 1/);
  assert.throws(() => openEs.init(key(0), [1], { popSize: 7 }), /openEs\.init: popSize must be an even integer ≥ 2, got 7/);
  assert.throws(() => xnes.init({} as never, [1]), /xnes\.init: key must be a Key/);
  // A population from a state of another dimension (x0 of the wrong length) and fitness of the wrong length.
  const s2 = xnes.init(key(0), [1, 2]);
  const s3 = xnes.init(key(0), [1, 2, 3]);
  const p3 = xnes.ask(foldIn(key(1), 0), s3);
  assert.throws(() => xnes.tell(s2, p3 as never, new Float64Array(p3.size)), /xnes\.tell: population must be \d+×2/);
  const p2 = xnes.ask(key(1), s2);
  assert.throws(() => xnes.tell(s2, p2, [1, 2]), /xnes\.tell: fitness must have one value per candidate/);
});

test("ask/tell refuse a bad key and a state of another algorithm (also after a JSON round trip)", () => {
  const algorithms = { xnes, snes, openEs, pgpe } as const;
  for (const [name, a] of Object.entries(algorithms)) {
    const own = (a.init as (k: Key, x0: number[], o: object) => EsStateBase)(key(0), [1, 2], { popSize: 10 });
    assert.throws(() => (a.ask as (k: unknown, s: EsStateBase) => unknown)(5, own), new RegExp(`${name}\\.ask: key must be a Key`));
    assert.throws(() => (a.ask as (k: Key, s: unknown) => unknown)(key(1), {}), new RegExp(`${name}\\.ask: state must be a state made by init`));
    for (const [other, b] of Object.entries(algorithms)) {
      if (other === name) continue;
      const foreign = (b.init as (k: Key, x0: number[], o: object) => EsStateBase)(key(0), [1, 2], { popSize: 10 });
      const pattern = new RegExp(`${name}\\.(ask|tell): state must be a state of ${name} .*got a state of "${other}"`);
      // Before: NaN populations, or TypeErrors such as "state.sigma.slice is not a function".
      assert.throws(() => (a.ask as (k: Key, s: EsStateBase) => unknown)(key(1), deserializeState(serializeState(foreign))), pattern);
      const pop = (a.ask as (k: Key, s: EsStateBase) => Population)(key(1), own);
      assert.throws(() => (a.tell as (s: EsStateBase, p: Population, f: Float64Array) => unknown)(foreign, pop, new Float64Array(10)), pattern);
    }
  }
});

test("pgpe.init refuses maxSigmaChange ≥ 1, which would drive σ to zero or below", () => {
  assert.throws(() => pgpe.init(key(0), [1, 2], { maxSigmaChange: 1 }), /pgpe\.init: maxSigmaChange must be a number in \(0, 1\), got 1/);
  assert.throws(() => pgpe.init(key(0), [1, 2], { maxSigmaChange: 3 }), /got 3/);
  assert.equal(pgpe.init(key(0), [1, 2], { maxSigmaChange: 0.5 }).maxSigmaChange, 0.5);
});
