/**
 * A stochastic policy π_θ(a|s): a {@link Parameterization} (the network) followed by a {@link Head} (the action
 * distribution), with θ = [network parameters, shared head block].
 *
 *   ∇θ log π(a|s) = [ J(s)ᵀ u,  v ]   where [u, v] = dist(s).score(a)   (u: network outputs, v: shared block)
 *
 * the distribution's closed-form score (src/distributions) pulled back through the network's VJP. Training uses
 * {@link Policy.scoreVjp}: Σ_i w_i ∇θ log π(a_i|s_i) in ONE backward pass over the batch.
 * Reference: Williams (1992) "Simple statistical gradient-following algorithms for connectionist reinforcement
 * learning"; Sutton, McAllester, Singh & Mansour (NIPS 1999) "Policy gradient methods … with function approximation".
 */
import type { Distribution } from "../../distributions/distribution.js";
import { foldIn, type Key, assertKey } from "../../random/key.js";
import { show } from "../../util/validate.js";
import type { Head } from "./heads.js";
import { checkBatch, checkParamVector, checkWeights, type Parameterization } from "./parameterization.js";

/** Actions sampled by {@link Policy.act}: unclipped, with their log-probabilities. */
export interface ActResult {
  /** n × actionDim (Discrete: the action index as a number). */
  readonly actions: Float64Array;
  /** log π(a_i|s_i), length n. */
  readonly logProbs: Float64Array;
}

/** A stochastic policy; see the module comment. All batches are row-major, n rows. */
export interface Policy {
  readonly network: Parameterization;
  readonly head: Head;
  /** P = network.paramSize + head.sharedParamSize. */
  readonly paramSize: number;
  readonly observationDim: number;
  readonly actionDim: number;
  /** A fresh θ: the network's initializer, then the head's shared block. */
  init(key: Key): Float64Array;
  /** The distribution parameter rows [network output, shared block], n × head.distParamSize. */
  distributionParams(theta: Float64Array, observations: Float64Array): Float64Array;
  /** The action distribution at each of the n states (one mcgrad Distribution per row). */
  distributions(theta: Float64Array, observations: Float64Array): Distribution[];
  /** One action per state, a ~ π(·|s_i), drawn with key foldIn(key, i); the same key gives the same actions. */
  act(key: Key, theta: Float64Array, observations: Float64Array): ActResult;
  /** The entropy of π(·|s_i) in nats (the family's closed form), length n. */
  entropy(theta: Float64Array, observations: Float64Array): Float64Array;
  /** log π(a_i|s_i), length n. */
  logProb(theta: Float64Array, observations: Float64Array, actions: Float64Array): Float64Array;
  /** The distributions' own scores ∂ log π(a_i|s_i) / ∂(distribution parameters), n × head.distParamSize. */
  distributionScores(theta: Float64Array, observations: Float64Array, actions: Float64Array): Float64Array;
  /** Σ_i w_i ∇θ log π(a_i|s_i), length P, by one batched VJP (weights: length n, finite). */
  scoreVjp(theta: Float64Array, observations: Float64Array, actions: Float64Array, weights: Float64Array): Float64Array;
  /**
   * log π(a_i|s_i) and Σ_i w_i ∇θ log π(a_i|s_i) with weights that depend on the log-probabilities, in ONE forward and
   * one backward pass: `weightsOf(logProbs)` (length n each) is called in between. PPO's clipped surrogate is the
   * example: w_i = A_i·r_i·1[r_i unclipped]/n with r_i = exp(logProbs_i − oldLogProbs_i).
   */
  logProbAndScoreVjp(
    theta: Float64Array,
    observations: Float64Array,
    actions: Float64Array,
    weightsOf: (logProbs: Float64Array) => Float64Array,
  ): { logProbs: Float64Array; gradient: Float64Array };
  /** The per-row scores ∇θ log π(a_i|s_i), n × P: call it on chunks of rows (memory n · P). */
  scoreRows(theta: Float64Array, observations: Float64Array, actions: Float64Array, out?: Float64Array): Float64Array;
}

/**
 * Assembles a policy from a network and a head (the network's outputDim must equal head.networkOutputs).
 * @example
 *   const policy = makePolicy(mlp(4, 2, { outputGain: 0.01 }), categoricalHead(2));
 *   const theta = policy.init(key(0));
 *   const { actions, logProbs } = policy.act(key(1), theta, observations);
 *   const grad = policy.scoreVjp(theta, observations, actions, advantages); // Σ_i A_i ∇θ log π(a_i|s_i)
 */
export function makePolicy(network: Parameterization, head: Head): Policy {
  const fn = "makePolicy";
  if (network === null || typeof network !== "object" || typeof network.vjp !== "function") {
    throw new Error(`${fn}: network must be a Parameterization (e.g. mlp(obsDim, outDim)), got ${show(network)}`);
  }
  if (head === null || typeof head !== "object" || typeof head.distribution !== "function") {
    throw new Error(`${fn}: head must be a Head (categoricalHead(n) or normalHead(d)), got ${show(head)}`);
  }
  if (network.outputDim !== head.networkOutputs) {
    throw new Error(`${fn}: network.outputDim must equal the head's networkOutputs = ${head.networkOutputs} (${head.kind}), got ${network.outputDim}`);
  }
  const Pn = network.paramSize;
  const P = Pn + head.sharedParamSize;
  const D = head.distParamSize;
  const K = head.networkOutputs;
  const A = head.actionDim;
  const obsDim = network.inputDim;

  const params = (f: string, theta: Float64Array, obs: Float64Array): { rows: Float64Array; n: number } => {
    checkParamVector(f, theta, P);
    const n = checkBatch(f, "observations", obs, obsDim);
    const net = network.forward(theta.subarray(0, Pn), obs);
    if (head.sharedParamSize === 0) return { rows: net, n };
    const rows = new Float64Array(n * D);
    for (let i = 0; i < n; i++) {
      rows.set(net.subarray(i * K, (i + 1) * K), i * D);
      rows.set(theta.subarray(Pn, P), i * D + K);
    }
    return { rows, n };
  };

  /** Distribution scores per row (n × D), validated against the actions' shape. */
  const scores = (f: string, theta: Float64Array, obs: Float64Array, actions: Float64Array): { s: Float64Array; n: number } => {
    const { rows, n } = params(f, theta, obs);
    checkBatch(f, "actions", actions, A, n);
    const s = new Float64Array(n * D);
    for (let i = 0; i < n; i++) {
      const dist = head.distribution(rows.subarray(i * D, (i + 1) * D));
      s.set(dist.score(actions.subarray(i * A, (i + 1) * A)), i * D);
    }
    return { s, n };
  };

  /**
   * Σ_i w_i J_iᵀ u_i with one forward and one backward pass: `perRow(dist_i, i, u_i)` writes u_i (length D, a
   * gradient on the distribution's parameters) for each state; then `weightsOf()` gives w (length n).
   */
  const pullback = (
    f: string,
    theta: Float64Array,
    obs: Float64Array,
    perRow: (dist: Distribution, i: number, u: Float64Array) => void,
    weightsOf: () => Float64Array,
  ): Float64Array => {
    checkParamVector(f, theta, P);
    const n = checkBatch(f, "observations", obs, obsDim);
    const grad = new Float64Array(P);
    const shared = theta.subarray(Pn, P);
    const row = new Float64Array(D);
    const U = new Float64Array(n * D);
    network.forwardVjp(
      theta.subarray(0, Pn),
      obs,
      (out) => {
        for (let i = 0; i < n; i++) {
          row.set(out.subarray(i * K, (i + 1) * K));
          row.set(shared, K);
          perRow(head.distribution(row), i, U.subarray(i * D, (i + 1) * D));
        }
        const w = checkWeights(f, weightsOf(), n);
        const cot = new Float64Array(n * K);
        for (let i = 0; i < n; i++) {
          const wi = w[i];
          for (let j = 0; j < K; j++) cot[i * K + j] = wi * U[i * D + j];
          for (let j = K; j < D; j++) grad[Pn + j - K] += wi * U[i * D + j];
        }
        return cot;
      },
      grad.subarray(0, Pn),
    );
    return grad;
  };

  return {
    network,
    head,
    paramSize: P,
    observationDim: obsDim,
    actionDim: A,
    init(k) {
      assertKey("Policy.init", k);
      const theta = new Float64Array(P);
      theta.set(network.init(foldIn(k, 0)));
      theta.set(head.initShared(), Pn);
      return theta;
    },
    distributionParams: (theta, obs) => params("Policy.distributionParams", theta, obs).rows,
    distributions(theta, obs) {
      const { rows, n } = params("Policy.distributions", theta, obs);
      const out: Distribution[] = new Array(n);
      for (let i = 0; i < n; i++) out[i] = head.distribution(rows.subarray(i * D, (i + 1) * D));
      return out;
    },
    act(k, theta, obs) {
      const f = "Policy.act";
      assertKey(f, k);
      const { rows, n } = params(f, theta, obs);
      const actions = new Float64Array(n * A);
      const logProbs = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const dist = head.distribution(rows.subarray(i * D, (i + 1) * D));
        const { x, logProb } = dist.sampleAndLogProb(foldIn(k, i), 1);
        actions.set(x, i * A);
        logProbs[i] = logProb[0];
      }
      return { actions, logProbs };
    },
    entropy(theta, obs) {
      const { rows, n } = params("Policy.entropy", theta, obs);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = head.distribution(rows.subarray(i * D, (i + 1) * D)).entropy();
      return out;
    },
    logProb(theta, obs, actions) {
      const f = "Policy.logProb";
      const { rows, n } = params(f, theta, obs);
      checkBatch(f, "actions", actions, A, n);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = head.distribution(rows.subarray(i * D, (i + 1) * D)).logProb(actions.subarray(i * A, (i + 1) * A))[0];
      }
      return out;
    },
    distributionScores: (theta, obs, actions) => scores("Policy.distributionScores", theta, obs, actions).s,
    scoreVjp(theta, obs, actions, weights) {
      const f = "Policy.scoreVjp";
      checkBatch(f, "actions", actions, A, checkBatch(f, "observations", obs, obsDim));
      return pullback(f, theta, obs, (dist, i, u) => u.set(dist.score(actions.subarray(i * A, (i + 1) * A))), () => weights);
    },
    logProbAndScoreVjp(theta, obs, actions, weightsOf) {
      const f = "Policy.logProbAndScoreVjp";
      const n = checkBatch(f, "observations", obs, obsDim);
      checkBatch(f, "actions", actions, A, n);
      if (typeof weightsOf !== "function") throw new Error(`${f}: weightsOf must be a function of the log-probabilities, got ${show(weightsOf)}`);
      const logProbs = new Float64Array(n);
      const gradient = pullback(
        f,
        theta,
        obs,
        (dist, i, u) => {
          const a = actions.subarray(i * A, (i + 1) * A);
          logProbs[i] = dist.logProb(a)[0];
          u.set(dist.score(a));
        },
        () => weightsOf(logProbs.slice()),
      );
      return { logProbs, gradient };
    },
    scoreRows(theta, obs, actions, out) {
      const f = "Policy.scoreRows";
      const { s, n } = scores(f, theta, obs, actions);
      if (out !== undefined && (!(out instanceof Float64Array) || out.length !== n * P)) {
        throw new Error(`${f}: out must be a Float64Array of length n·P = ${n * P}, got ${show(out)}`);
      }
      const rows = out ?? new Float64Array(n * P);
      if (head.sharedParamSize === 0) return network.vjpRows(theta.subarray(0, Pn), obs, s, rows);
      const cot = new Float64Array(n * K);
      for (let i = 0; i < n; i++) cot.set(s.subarray(i * D, i * D + K), i * K);
      const netRows = network.vjpRows(theta.subarray(0, Pn), obs, cot);
      for (let i = 0; i < n; i++) {
        rows.set(netRows.subarray(i * Pn, (i + 1) * Pn), i * P);
        rows.set(s.subarray(i * D + K, (i + 1) * D), i * P + Pn);
      }
      return rows;
    },
  };
}
