/**
 * The lab's compute worker: every computation runs here, off the page's main thread. A message { id, kind, params }
 * is answered with { id, ok, result } or { id, ok: false, error } (never an uncaught throw); long jobs also send
 * { id, progress }. Each page starts its own worker and terminates it when the page is left.
 */
import { runExplorer } from "./compute/explorer.js";
import { runGaussian } from "./compute/gaussian.js";
import { esInit, esStep, type EsRun } from "./compute/es.js";
import { rlTrain } from "./compute/rl.js";
import { viRun } from "./compute/vi.js";

type Post = (progress: unknown) => void;
let es: EsRun | null = null;

const handlers: Record<string, (params: never, post: Post) => unknown> = {
  explorer: (p) => runExplorer(p),
  gaussian: (p) => runGaussian(p),
  esInit: (p) => {
    es = esInit(p);
    return es.snapshot;
  },
  esStep: (p: { generations: number }) => {
    if (es === null) throw new Error("press reset first: no optimization is running");
    for (let g = 0; g < p.generations; g++) es = esStep(es);
    return es.snapshot;
  },
  rlTrain: (p, post) => rlTrain(p, post),
  vi: (p, post) => viRun(p, post),
};

self.onmessage = (ev: MessageEvent<{ id: number; kind: string; params: unknown }>) => {
  const { id, kind, params } = ev.data;
  const post: Post = (progress) => self.postMessage({ id, progress });
  try {
    const handler = handlers[kind];
    if (!handler) throw new Error(`unknown job "${kind}"`);
    self.postMessage({ id, ok: true, result: handler(params as never, post) });
  } catch (e) {
    self.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e) });
  }
};
