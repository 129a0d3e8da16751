/**
 * Fuzz round 4, the Node-only subpaths "mcgrad/es/parallel" and "mcgrad/distributed": each class of defect found, as
 * one named test (no Redis needed: every call here is refused before anything connects).
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { parallelEvaluator } from "../../src/es/parallel.js";
import { distributedEvaluator, startWorker } from "../../src/es/distributed.js";

it("parallelEvaluator names a Symbol given as workers (was a TypeError converting it to a string)", () => {
  assert.throws(() => parallelEvaluator({ module: "./f.mjs", workers: Symbol("w") as never }), /^Error: parallelEvaluator: workers must be an integer in \[1, 1024\], got symbol/);
});

it("startWorker checks queue and exportName like distributedEvaluator does (were passed on unchecked)", async () => {
  await assert.rejects(startWorker({ redis: "redis://127.0.0.1:1", queue: "a b" }), /^Error: startWorker: queue must be 1–100 letters, digits, _ \. -, got "a b"/);
  await assert.rejects(startWorker({ redis: "redis://127.0.0.1:1", exportName: 3 as never }), /^Error: startWorker: exportName must be a non-empty string, got 3/);
});

it("the distributed functions check every other option before the Redis URL (so a wrong option is named without a connection)", async () => {
  await assert.rejects(distributedEvaluator({ redis: "http://x", objective: "sphere", jobs: 0 }), /^Error: distributedEvaluator: jobs must be a positive integer, got 0/);
  await assert.rejects(distributedEvaluator({ redis: "http://x", objective: "sphere" }), /^Error: distributedEvaluator: redis must use redis:\/\/ or rediss:\/\/, got http:\/\/x/);
  await assert.rejects(startWorker({ redis: "http://x", concurrency: -1 }), /^Error: startWorker: concurrency must be a positive integer, got -1/);
});
