/**
 * Fuzz targets for the application subpaths "mcgrad/rl" (src/rl/index.ts) and "mcgrad/vi" (src/vi/index.ts): their
 * pure functions and constructors with hostile arguments — environments from makeEnv with fuzzed ids, seeds and
 * actions; spaces; returns and GAE; policy networks with fuzzed θ and observations; ELBO gradients, guides, the
 * built-in models' closed forms and the data helpers. Cheap cases only (tiny networks, a few samples), so the in-test
 * run stays fast. Names are prefixed "rl." / "vi." (the subpath) so reports tell them from the core's.
 */
import fc from "fast-check";
import * as rl from "../../src/rl/index.js";
import * as vi from "../../src/vi/index.js";
import { Normal, Product, independentCategorical, type Distribution, type Key } from "../../src/index.js";
import { keyArb, maybe, moderate, num, pos, size, vec } from "./arbitraries.js";
import type { FuzzTarget } from "./targets.js";

const opts = <T>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }): fc.Arbitrary<unknown> =>
  maybe(fc.record(record as never, { requiredKeys: [] }));
const action = fc.oneof(fc.integer({ min: -1, max: 3 }), vec(moderate, 1), fc.constant(0.5));

/** Steps of `numSteps` × `numEnvs` with 0/1 flags, as StepArrays (sometimes with hostile fields). */
const stepsArb = fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 })).chain(([T, E]) =>
  fc.record({
    numSteps: maybe(fc.constant(T), 1),
    numEnvs: maybe(fc.constant(E), 1),
    rewards: maybe(vec(num, T * E).map((v) => Float64Array.from(v)), 1),
    terminated: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: T * E, maxLength: T * E }).map((a) => Uint8Array.from(a)),
    truncated: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: T * E, maxLength: T * E }).map((a) => Uint8Array.from(a)),
  }),
);
const gamma = maybe(fc.double({ min: 0, max: 1, noNaN: true }), 1);

const ENV_ID = maybe(fc.constantFrom(...rl.ENV_IDS, "CartPole-v0", "toString", "__proto__"), 1);

/** A small linear-Gaussian model for the ELBO estimators (dim 2). */
const model: vi.Model = {
  name: "fuzzGaussian",
  dim: 2,
  logJoint: (z) => -0.5 * ((z[0] - 1) ** 2 + (z[1] + 1) ** 2),
  gradLogJoint: (z, out) => {
    out[0] = 1 - z[0];
    out[1] = -1 - z[1];
    return -0.5 * ((z[0] - 1) ** 2 + (z[1] + 1) ** 2);
  },
};

/** rl's errors name the instance or the env id ("CartPole-v1.step:", "mlp(2→4→1, tanh).forward:", "Policy.act:"). */
const RL_ERROR = /^(?:[A-Z][A-Za-z]*-v\d+|(?:mlp|linear)\([^)]*\)|Policy|TimeLimit)(?:\.\w+)*: \S/;

const SUBPATH: readonly FuzzTarget[] = [
  // ---- rl: environments
  { name: "rl.makeEnv", owner: "rl", args: fc.tuple(ENV_ID, opts<{ maxEpisodeSteps: number }>({ maxEpisodeSteps: maybe(size) as fc.Arbitrary<number> }), maybe(fc.integer({ min: -5, max: 5 })), fc.array(maybe(action, 1), { minLength: 1, maxLength: 4 })),
    call: (id, o, seed, actions) => {
      const env = rl.makeEnv(id as string, o as never);
      const first = env.reset({ seed: seed as number });
      return [first, ...(actions as unknown[]).map((a) => env.step(a as never))];
    } },
  { name: "rl.spaces", owner: "rl", args: fc.tuple(fc.constantFrom("box", "discrete"), maybe(vec(num, 2)), maybe(vec(num, 2)), maybe(size), maybe(keyArb), maybe(vec(num, 2))),
    call: (kind, low, high, n, k, x) => {
      const space = kind === "box" ? rl.boxSpace(low as never, high as never) : rl.discreteSpace(n as number);
      return { size: rl.spaceSize(space), contains: rl.spaceContains(space, x), sample: rl.sampleSpace(k as Key, space) };
    },
    nonFinite: "a Box space may be unbounded (±∞ bounds, as in Gymnasium)", nonFinitePaths: /^result\.(low|high)/ },
  { name: "rl.rewardToGo", owner: "rl", args: fc.tuple(stepsArb, gamma), call: (s, g) => rl.rewardToGo(s as never, g as number) },
  { name: "rl.trajectoryReturns", owner: "rl", args: fc.tuple(stepsArb, gamma), call: (s, g) => rl.trajectoryReturns(s as never, g as number) },
  { name: "rl.discountPowers", owner: "rl", args: fc.tuple(stepsArb, gamma), call: (s, g) => rl.discountPowers(s as never, g as number) },
  { name: "rl.gae", owner: "rl", args: fc.tuple(stepsArb, maybe(vec(num, 8)), maybe(vec(num, 8)), gamma, gamma),
    call: (s, v, nv, g, l) => {
      const steps = s as rl.StepArrays;
      const len = (steps.rewards?.length ?? 1) | 0;
      // Only all-number arrays are converted here (Float64Array.from would throw on a BigInt in the harness itself).
      const cut = (a: unknown): unknown => (a instanceof Float64Array || (Array.isArray(a) && a.every((v) => typeof v === "number")) ? Float64Array.from((a as number[]).slice(0, len)) : a);
      return rl.gae(steps, cut(v) as Float64Array, cut(nv) as Float64Array, g as number, l as number);
    } },
  // ---- rl: policies with fuzzed θ and observations
  { name: "rl.mlp", owner: "rl", args: fc.tuple(maybe(fc.integer({ min: 1, max: 3 })), maybe(fc.integer({ min: 1, max: 3 })), opts<{ hidden: number[] }>({ hidden: maybe(fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 2 })) as fc.Arbitrary<number[]> }), keyArb, fc.boolean(), maybe(vec(num, 6)), maybe(vec(num, 3))),
    call: (i, o, opt, k, useInit, theta, obs) => {
      const net = rl.mlp(i as number, o as number, opt as never);
      const th = useInit === true ? net.init(k as Key) : theta;
      const y = net.forward(th as Float64Array, obs as Float64Array);
      return { y, vjp: net.vjp(th as Float64Array, obs as Float64Array, new Float64Array(y.length).fill(1)) };
    } },
  { name: "rl.linear", owner: "rl", args: fc.tuple(maybe(fc.integer({ min: 1, max: 3 })), maybe(fc.integer({ min: 1, max: 3 })), keyArb, maybe(vec(num, 3))),
    call: (i, o, k, obs) => { const net = rl.linear(i as number, o as number); return net.forward(net.init(k as Key), obs as Float64Array); } },
  { name: "rl.mlpPolicy", owner: "rl", args: fc.tuple(fc.constantFrom("CartPole-v1", "Pendulum-v1", "MountainCarContinuous-v0"), keyArb, maybe(vec(num, 3)), fc.constantFrom("act", "logProb", "entropy")),
    call: (id, k, obs, method) => {
      const env = rl.makeEnv(id as string);
      const policy = rl.mlpPolicy(env.observationSpace as rl.BoxSpace, env.actionSpace, { hidden: [4] } as never);
      const theta = policy.init(k as Key);
      if (method === "act") return policy.act(k as Key, theta, obs as Float64Array);
      if (method === "entropy") return policy.entropy(theta, obs as Float64Array);
      const { actions } = policy.act(k as Key, theta, obs as Float64Array);
      return policy.logProb(theta, obs as Float64Array, actions);
    } },
  { name: "rl.heads", owner: "rl", args: fc.tuple(fc.constantFrom("categorical", "normal"), maybe(size), maybe(vec(num, 4))),
    call: (kind, n, params) => {
      const head = kind === "categorical" ? rl.categoricalHead(n as number) : rl.normalHead(n as number);
      return { kind: head.kind, outputs: head.networkOutputs, dist: head.distParamSize, shared: head.sharedParamSize, params: Array.isArray(params) || params instanceof Float64Array ? head.sharedParamSize : 0 };
    } },
  { name: "rl.clipAction", owner: "rl", args: fc.tuple(maybe(vec(num, 2)), maybe(vec(moderate, 2)), maybe(vec(moderate, 2))),
    call: (a, lo, hi) => rl.clipAction(a as Float64Array, rl.boxSpace((lo ?? [-1, -1]) as never, (hi ?? [1, 1]) as never)),
    nonFinite: "a Box space may be unbounded (±∞ bounds, as in Gymnasium)", nonFinitePaths: /^result\.(low|high)/ },
  { name: "rl.orthogonalMatrix", owner: "rl", args: fc.tuple(maybe(keyArb), maybe(size), maybe(size), maybe(pos)), call: (k, r, c, g) => rl.orthogonalMatrix(k as Key, r as number, c as number, g as number) },
  // ---- vi: ELBO gradients, guides, models and data helpers
  { name: "vi.elboGradient", owner: "vi", args: fc.tuple(maybe(fc.constant(model), 1), maybe(fc.tuple(vec(moderate, 2), vec(fc.double({ min: 0.1, max: 5, noNaN: true }), 2)).map(([loc, scale]) => new Normal({ loc, scale }) as Distribution), 1), maybe(keyArb),
    opts<{ estimator: string; numSamples: number; numBounds: number }>({ estimator: maybe(fc.constantFrom(...vi.ELBO_ESTIMATORS)) as fc.Arbitrary<string>, numSamples: maybe(fc.integer({ min: 1, max: 8 })) as fc.Arbitrary<number>, numBounds: maybe(fc.integer({ min: 1, max: 3 })) as fc.Arbitrary<number> })),
    call: (m, g, k, o) => vi.elboGradient(m as never, g as never, k as never, o as never) },
  { name: "vi.estimateElbo", owner: "vi", args: fc.tuple(maybe(fc.constant(model), 1), maybe(fc.constant(new Normal({ loc: [0, 0], scale: [1, 2] }) as Distribution), 1), maybe(keyArb), opts<{ numSamples: number }>({ numSamples: maybe(fc.integer({ min: 1, max: 16 })) as fc.Arbitrary<number> })),
    call: (m, g, k, o) => vi.estimateElbo(m as never, g as never, k as never, o as never) },
  { name: "Product", owner: "vi", args: fc.tuple(maybe(fc.constantFrom<unknown>([0], [1], [0, 1], [1, 1], [2])), maybe(vec(moderate, 1)), maybe(keyArb), maybe(size)),
    call: (latents, loc, k, n) => {
      const g = new Product([{ dist: new Normal({ loc: loc as never, scale: 1 }), latents: latents as number[] }, { dist: new Normal({ loc: 0, scale: 2 }), latents: [Array.isArray(latents) && latents[0] === 0 ? 1 : 0] }]);
      const x = g.sample(k as Key, n as number);
      return { x, logProb: g.logProb(x), score: g.score(x) };
    } },
  { name: "independentCategorical", owner: "vi", args: fc.tuple(maybe(vec(num, 6)), maybe(fc.constantFrom(2, 3, 4)), keyArb),
    call: (logits, K, k) => { const g = independentCategorical(logits as never, K as number); return g.logProb(g.sample(k as Key, 3)); } },
  fcTarget("vi.normalizedWeights", fc.tuple(maybe(fc.oneof(vec(num), vec(fc.constantFrom(-Infinity, -1e308, 0, 1e308))).map((v) => Float64Array.from(v as number[])))), (w) => vi.normalizedWeights(w as Float64Array)),
  { name: "vi.linearRegression", owner: "vi", args: fc.tuple(maybe(keyArb), opts<{ n: number; d: number; noiseScale: number }>({ n: maybe(fc.integer({ min: 1, max: 8 })) as fc.Arbitrary<number>, d: maybe(fc.integer({ min: 1, max: 3 })) as fc.Arbitrary<number>, noiseScale: maybe(pos) as fc.Arbitrary<number> }), maybe(vec(moderate, 4))),
    call: (k, o, z) => {
      const m = vi.linearRegression(vi.syntheticLinearRegression(k as Key, o as never));
      const zz = z instanceof Float64Array || Array.isArray(z) ? Float64Array.from({ length: m.dim }, (_, i) => Number((z as number[])[i] ?? 0)) : z;
      return m.logJoint(zz as Float64Array);
    } },
  fcTarget("vi.gaussianElbo", fc.tuple(maybe(vec(moderate, 2)), maybe(fc.constant(Float64Array.from([1, 0.2, 0.2, 2]))), maybe(vec(moderate, 2)), maybe(fc.oneof(fc.constant(Float64Array.from([1, 0, 0, 1])), vec(num, 4)))),
    (mean, cov, loc, c) => vi.gaussianElbo({ d: 2, mean, covariance: cov, precision: Float64Array.from([2, -0.2, -0.2, 1].map((v) => v / 1.96)) } as never, loc as never, c as never)),
  fcTarget("vi.trainTestSplit", fc.tuple(maybe(keyArb), maybe(fc.integer({ min: 1, max: 20 })), maybe(fc.double({ min: 0, max: 1, noNaN: true }))), (k, n, f) => vi.trainTestSplit(k as Key, n as number, f as number)),
  fcTarget("vi.fitStandardizer", fc.tuple(maybe(vec(num, 6).map((v) => Float64Array.from(v as number[]))), maybe(fc.constantFrom(1, 2, 3, 4))), (x, d) => vi.fitStandardizer(x as Float64Array, d as number)),
  fcTarget("vi.parseCsv", fc.tuple(maybe(fc.constantFrom("a,b\n1,2\n3,4\n", "a,b\n1\n", "", "x\n1e400\n", "a,b\n1,\"2\"\n"))), (t) => vi.parseCsv("parseCsv", t)),
];

export const SUBPATH_TARGETS: readonly FuzzTarget[] = SUBPATH.map((t) => (t.owner === "rl" ? { ...t, namedErrorPrefix: RL_ERROR } : t));

/** A vi target calling `call` with the generated arguments. */
function fcTarget(name: string, args: fc.Arbitrary<unknown[]>, call: (...a: unknown[]) => unknown): FuzzTarget {
  return { name, owner: "vi", args, call };
}
