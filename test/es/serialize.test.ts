// A run checkpointed through JSON and resumed continues bit for bit like an uninterrupted one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { foldIn, key } from "../../src/random/key.js";
import { xnes } from "../../src/es/xnes.js";
import { snes } from "../../src/es/snes.js";
import { openEs } from "../../src/es/openEs.js";
import { pgpe } from "../../src/es/pgpe.js";
import { evaluatePopulation, type EsStateBase, type Population, type Strategy } from "../../src/es/strategy.js";
import { deserializeState, serializeState } from "../../src/es/serialize.js";
import { rosenbrock } from "../../src/es/testFunctions.js";

function run<S extends EsStateBase>(alg: Strategy<S, object, Population>, state: S, from: number, to: number): S {
  for (let g = from; g < to; g++) {
    const p = alg.ask(foldIn(key(77), g), state);
    state = alg.tell(state, p, evaluatePopulation(rosenbrock.f, p));
  }
  return state;
}

const algs = { xnes, snes, openEs, pgpe } as unknown as Record<string, Strategy<EsStateBase, object, Population>>;
for (const [name, alg] of Object.entries(algs)) {
  test(`${name}: 10 generations, JSON round-trip, 10 more = 20 uninterrupted, bit for bit`, () => {
    const s0 = alg.init(key(1), [0.1, -0.4, 0.3, 0, 2, 1], { sigma0: 0.5 });
    assert.equal(serializeState(deserializeState(serializeState(s0))), serializeState(s0));
    const straight = run(alg, s0, 0, 20);
    const json = serializeState(run(alg, s0, 0, 10));
    const resumed = run(alg, deserializeState(JSON.parse(JSON.stringify(json))), 10, 20);
    assert.deepEqual(resumed, straight);
    assert.equal(serializeState(resumed), serializeState(straight));
  });
}

test("a custom shaping function is refused by serializeState and re-attached by deserializeState", () => {
  const shaping = (f: Float64Array) => f.map((v) => -v);
  const s = snes.init(key(0), [1, 2], { shaping });
  assert.throws(() => serializeState(s), /serializeState: state\.shaping is a function/);
  const restored = deserializeState(serializeState({ ...s, shaping: "nes" }), { shaping });
  assert.equal(restored.shaping, shaping);
  assert.throws(() => deserializeState("{"), /deserializeState: json is not valid JSON/);
});

test("states keep −0 through JSON (it became 0) and an edited field is refused, naming it", () => {
  const s = xnes.init(key(2), [-0, 1]);
  const back = deserializeState<typeof s>(serializeState(s));
  assert.ok(Object.is(back.mean[0], -0) && Object.is(back.bestX[0], -0), "−0 lost");
  const edit = (field: string, value: unknown): string => {
    const raw = JSON.parse(serializeState(s)) as Record<string, unknown>;
    raw[field] = value;
    return JSON.stringify(raw);
  };
  assert.throws(() => deserializeState(edit("sigma", -1)), /deserializeState: json field sigma = -1 must be a finite number > 0/);
  assert.throws(() => deserializeState(edit("generation", 1.5)), /field generation = 1\.5 must be an integer ≥ 0/);
  assert.throws(() => deserializeState(edit("mean", { $f64: [1e308, 0] })), /field mean\[0\] = 1e\+308 must be a finite number ≥ -1e\+150 ≤ 1e\+150/);
  assert.throws(() => deserializeState(edit("algorithm", "toString")), /field algorithm = "toString" must be one of xnes, snes, openEs, pgpe/);
  const p = pgpe.init(key(0), [1, 2]);
  const raw = JSON.parse(serializeState(p)) as Record<string, unknown>;
  raw.maxSigmaChange = 1;
  assert.throws(() => deserializeState(JSON.stringify(raw)), /field maxSigmaChange = 1 must be a finite number > 0 ≤ 0\.9999999999999998/);
});
