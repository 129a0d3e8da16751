// Populations by key (src/es/distributedPopulation.ts), without Redis: the record a coordinator stores once per
// generation rebuilds exactly the rows ask() drew, for every algorithm and after tell(); the record's id and the rows
// digest follow the content; a damaged record or job is refused naming what is wrong.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkKeysJob, populationRecord, rebuildPopulation, rowsDigest } from "../../src/es/distributedPopulation.js";
import { strategies, type AlgorithmName } from "../../src/es/minimize.js";
import { strategyByName, type AnyStrategy } from "../../src/es/registry.js";
import { evaluatePopulation } from "../../src/es/strategy.js";
import { rosenbrock } from "../../src/es/testFunctions.js";
import { foldIn, key } from "../../src/random/key.js";

describe("populations sent as keys", () => {
  it("rebuild the very rows ask() drew, for every algorithm, at the first generation and after a tell", () => {
    for (const algorithm of Object.keys(strategies) as AlgorithmName[]) {
      const s: AnyStrategy = strategyByName(algorithm)!;
      let state = s.init(key(1), [0.5, -1, 2], { sigma0: 0.7 });
      for (let g = 0; g < 3; g++) {
        const k = foldIn(key(2), g);
        const pop = s.ask(k, state);
        const record = populationRecord({ algorithm, key: k, state })!;
        const rebuilt = rebuildPopulation(record.json, "test");
        assert.equal(rebuilt.dim, 3);
        assert.deepEqual(rebuilt.x, pop.x, `${algorithm}, generation ${g}`);
        assert.equal(rowsDigest(rebuilt.x, 3, 1, 2), rowsDigest(pop.x, 3, 1, 2));
        state = s.tell(state, pop, evaluatePopulation(rosenbrock.f, pop));
      }
    }
  });

  it("ids and digests follow the content: another key, another id; one changed bit, another digest", () => {
    const state = strategies.snes.init(key(1), [0, 0]);
    const a = populationRecord({ algorithm: "snes", key: key(5), state })!;
    assert.equal(populationRecord({ algorithm: "snes", key: key(5), state })!.id, a.id);
    assert.notEqual(populationRecord({ algorithm: "snes", key: key(6), state })!.id, a.id);
    const x = strategies.snes.ask(key(5), state).x;
    const y = x.slice();
    y[3] = -y[3] === y[3] ? 1 : -y[3];
    assert.notEqual(rowsDigest(y, 2, 0, 2), rowsDigest(x, 2, 0, 2));
    assert.equal(rowsDigest(y, 2, 0, 1), rowsDigest(x, 2, 0, 1), "rows outside the range do not count");
  });

  it("a state with a custom shaping function has no record (rows are sent instead)", () => {
    const state = strategies.xnes.init(key(1), [0, 0], { shaping: (f: ArrayLike<number>) => Float64Array.from(f) });
    assert.equal(populationRecord({ algorithm: "xnes", key: key(2), state }), undefined);
  });

  it("a damaged record or job is refused, naming what is wrong", () => {
    const state = strategies.xnes.init(key(1), [0, 0]);
    const good = JSON.parse(populationRecord({ algorithm: "xnes", key: key(2), state })!.json) as Record<string, unknown>;
    const bad = (patch: Record<string, unknown>): string => JSON.stringify({ ...good, ...patch });
    assert.throws(() => rebuildPopulation("{", "worker"), /^Error: worker: a population record is not JSON/);
    assert.throws(() => rebuildPopulation(bad({ algorithm: "cmaes" }), "worker"), /worker: a population record names an unknown algorithm "cmaes"/);
    assert.throws(() => rebuildPopulation(bad({ key: { hi: -1, lo: 0 } }), "worker"), /worker: key must be a Key/);
    assert.throws(() => rebuildPopulation(bad({ algorithm: "snes" }), "worker"), /worker: a population record.s state is of "xnes", not "snes"/);
    const state2 = JSON.parse(JSON.stringify(good.state)) as Record<string, unknown>;
    state2.sigma = -1;
    assert.throws(() => rebuildPopulation(bad({ state: state2 }), "worker"), /deserializeState: .*sigma/);
    const job = { objective: "sphere", population: "0".repeat(32), start: 0, count: 2, digest: "ab", expires: 1 };
    assert.deepEqual(checkKeysJob("worker", job), job);
    for (const patch of [{ population: "../../etc" }, { start: -1 }, { count: 0 }, { count: 1.5 }, { digest: 3 }, { expires: "never" }]) {
      assert.throws(() => checkKeysJob("worker", { ...job, ...patch }), /^Error: worker: a malformed evaluateKeys job/, JSON.stringify(patch));
    }
  });
});
