// Distributed evaluation on BullMQ/Redis (issue 10), against a real redis-server on a free loopback port and real
// `mcgrad worker` processes: the same run to the bit as in process; a worker killed with SIGKILL mid-job loses
// nothing; f's error reaches the coordinator; an unreachable Redis is reported in bounded time without the password;
// a checkpointed run resumes across a Redis restart. The command line's own tests are in ./cli.test.ts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { distributedEvaluator, minimizeDistributed, startWorker } from "../../src/es/distributed.js";
import { Job, Queue } from "bullmq";
import { minimize, minimizeAsync, MinimizeAborted, strategies, type AlgorithmName } from "../../src/es/minimize.js";
import { xnes } from "../../src/es/xnes.js";
import { rosenbrock, sphere } from "../../src/es/testFunctions.js";
import { scoreFunctionChunked } from "../../src/estimators/chunked.js";
import { Normal } from "../../src/distributions/normal.js";
import { key } from "../../src/random/key.js";
import { encodeExact } from "../../src/util/codec.js";
import { freePort, kill, SKIP, startRedis, startWorkerProcess } from "./redisServer.js";
// @ts-expect-error a plain JS fixture without types
import { slowSphere } from "./fixtures/objective.mjs";

const fixture = fileURLToPath(new URL("./fixtures/objective.mjs", import.meta.url));

describe("distributed evaluation on BullMQ/Redis", { skip: SKIP }, () => {
  let port = 0;
  let redis: ChildProcess;
  let url = "";
  const workers: ChildProcess[] = [];
  before(async () => {
    port = await freePort();
    redis = await startRedis(port);
    url = `redis://127.0.0.1:${port}`;
    const args = ["--redis", url, "--objective", fixture, "--export", "slowSphere", "--lock-duration", "1000"];
    workers.push(...(await Promise.all([startWorkerProcess(args), startWorkerProcess(args)])));
  });
  after(async () => {
    await Promise.all(workers.map((w) => kill(w)));
    await kill(redis);
  });

  it("every algorithm's run on 2 worker processes, populations sent as keys or as rows, equals the in-process run to the bit", async () => {
    for (const transport of ["keys", "rows"] as const) {
      const ev = await distributedEvaluator({ redis: url, objective: "rosenbrock", jobs: 3, transport });
      try {
        for (const algorithm of Object.keys(strategies) as AlgorithmName[]) {
          // 101 is no multiple of λ (7 or 14): the budget cuts the last generation, whose origin is a partial population.
          const options = { algorithm, seed: 4, maxEvals: 101, sigma0: 0.5 };
          const remote = await minimizeAsync(ev.evaluate, new Float64Array(3), options);
          const local = minimize(rosenbrock.f, new Float64Array(3), options);
          assert.deepEqual(remote.history, local.history, `${algorithm} by ${transport}`);
          assert.deepEqual([remote.x, remote.state], [local.x, local.state], `${algorithm} by ${transport}`);
        }
      } finally {
        await ev.close();
      }
    }
    // What the keys transport put on the queue: index ranges and digests, never a candidate's coordinates.
    const queue = new Queue("mcgrad", { connection: { host: "127.0.0.1", port } });
    try {
      const done = await queue.getCompleted(0, -1);
      const byKeys = done.filter((j) => j.name === "evaluateKeys");
      assert.ok(byKeys.length > 0 && done.some((j) => j.name === "evaluate"), "both transports ran");
      for (const j of byKeys) assert.deepEqual(Object.keys(j.data as object).sort(), ["count", "digest", "expires", "objective", "population", "start"]);
    } finally {
      await queue.close();
    }
  });

  it("minimizeDistributed (the option { distributed: { redis, objective } }) equals minimize to the bit", async () => {
    const options = { algorithm: "snes" as const, seed: 9, maxEvals: 120, sigma0: 0.5 };
    const remote = await minimizeDistributed([2, -1, 0.5], { ...options, distributed: { redis: url, objective: "rosenbrock" } });
    assert.deepEqual(remote.history, minimize(rosenbrock.f, [2, -1, 0.5], options).history);
    await assert.rejects(minimizeDistributed([0], null as never), /^Error: minimizeDistributed: options must be minimize's options plus distributed: \{ redis, objective, queue\? \}, got null/);
  });

  it("the chunked score-function estimate on 2 worker processes equals the in-process one to the bit", async () => {
    const ev = await distributedEvaluator({ redis: url, objective: "rosenbrock", jobs: 3 });
    try {
      const dist = new Normal({ loc: [0.5, -1, 2], scale: [1, 0.3, 2] });
      const opts = { numSamples: 2000, chunks: 5, baseline: 2 };
      assert.deepEqual(await ev.scoreFunction(dist, key(7), opts), scoreFunctionChunked(rosenbrock.f, dist, key(7), opts));
    } finally {
      await ev.close();
    }
  });

  it("a worker whose rebuilt candidates differ from the coordinator's fails the job instead of scoring other points", async () => {
    const ev = await distributedEvaluator({ redis: url, objective: "rosenbrock", jobs: 2 });
    try {
      const state = xnes.init(key(1), [0, 0]);
      // Rows drawn with one key, origin naming another: what a worker running another version of ask() would see.
      const rows = xnes.ask(key(2), state).x;
      await assert.rejects(ev.evaluate(rows, state.popSize, 2, { algorithm: "xnes", key: key(3), state }), /the candidates \d+…\d+ this worker rebuilt from population [0-9a-f]{32} differ from the coordinator's: run the same version of mcgrad on both/);
    } finally {
      await ev.close();
    }
  });

  it("a worker killed with SIGKILL while it holds a job: the job is retried by another worker, and the result is unchanged", async () => {
    const args = ["--redis", url, "--queue", "kill", "--objective", fixture, "--export", "slowSphere", "--lock-duration", "1000"];
    const doomed = await startWorkerProcess(args);
    const queue = new Queue("kill", { connection: { host: "127.0.0.1", port } });
    const ev = await distributedEvaluator({ redis: url, queue: "kill", objective: "objective.mjs#slowSphere", jobs: 2 });
    const options = { seed: 1, maxEvals: 60, sigma0: 0.5 };
    let rescuer: ChildProcess | undefined;
    try {
      const run = minimizeAsync(ev.evaluate, [1, 1], options);
      // The only worker holds a job (each takes ≈ 60 ms of f): kill it there, then start the one that must take over.
      let held: Job[] = [];
      while (held.length === 0) held = await queue.getActive();
      await kill(doomed);
      rescuer = await startWorkerProcess(args);
      const remote = await run;
      assert.deepEqual(remote.history, minimize(slowSphere as (x: Float64Array) => number, [1, 1], options).history);
      const retried = await Job.fromId(queue, held[0].id!);
      assert.ok(retried !== undefined && retried.stalledCounter >= 1 && retried.finishedOn !== undefined, `job ${held[0].id} was taken back from the dead worker and finished`);
    } finally {
      await ev.close();
      await queue.close();
      if (rescuer !== undefined) await kill(rescuer);
    }
  });

  it("a job that outlasts its lock on a busy worker keeps the lock (the worker yields between candidates) and is run once", async () => {
    // 12 candidates of 150 ms in one job, a lock of 1000 ms renewed every 500 ms: the renewal must get its turn.
    const w = await startWorkerProcess(["--redis", url, "--queue", "busy", "--objective", fixture, "--export", "slowerSphere", "--lock-duration", "1000"]);
    const ev = await distributedEvaluator({ redis: url, queue: "busy", objective: "objective.mjs#slowerSphere", jobs: 1, timeout: 10_000 });
    const queue = new Queue("busy", { connection: { host: "127.0.0.1", port } });
    try {
      const x = Float64Array.from({ length: 12 }, (_, i) => i - 4);
      assert.deepEqual(await ev.evaluate(x, 12, 1), x.map((v) => v * v));
      const [job] = await queue.getCompleted(0, 0);
      assert.equal(job.stalledCounter, 0, "the job was never taken for a dead worker's");
      assert.equal(job.attemptsStarted, 1, "the job ran once");
    } finally {
      await ev.close();
      await queue.close();
      await kill(w);
    }
  });

  it("a job its coordinator stopped waiting for (it died) is skipped by the workers, not evaluated", async () => {
    const queue = new Queue("mcgrad", { connection: { host: "127.0.0.1", port } });
    try {
      const job = await queue.add("evaluate", { objective: "sphere", x: encodeExact(Float64Array.of(3)), dim: 1, offset: 0, expires: Date.now() - 1 });
      let state = await job.getState();
      while (state !== "failed" && state !== "completed") state = await new Promise((r) => setTimeout(r, 20)).then(() => job.getState());
      const done = await Job.fromId(queue, job.id!);
      assert.equal(state, "failed");
      assert.match(done!.failedReason, /^expired: its coordinator stopped waiting for it/);
    } finally {
      await queue.close();
    }
  });

  it("f's error on a worker rejects the run with the worker's message, naming the candidate", async () => {
    const w = await startWorkerProcess(["--redis", url, "--queue", "throws", "--objective", fixture, "--export", "throwsAbove"]);
    const ev = await distributedEvaluator({ redis: url, queue: "throws", objective: "objective.mjs#throwsAbove" });
    try {
      await assert.rejects(ev.evaluate(new Float64Array([0, 0.25, 0.75, 0.1]), 4, 1), /distributedEvaluator \(redis:\/\/127\.0\.0\.1:\d+, queue throws, objective objective\.mjs#throwsAbove\): f threw for candidate 2: RangeError: x\[0\] = 0\.75 is too large/);
      // A worker never runs an objective it was not started with: the job fails, naming both.
      const other = await distributedEvaluator({ redis: url, queue: "throws", objective: "evil.mjs#default" });
      await assert.rejects(other.evaluate(new Float64Array([0]), 1, 1), /this worker serves .*objective\.mjs#throwsAbove, not the objective "evil\.mjs#default"/).finally(() => other.close());
    } finally {
      await ev.close();
      await kill(w);
    }
  });

  it("an unreachable Redis is an error naming the URL, without its password, within the connect timeout", async () => {
    const closed = await freePort();
    const t0 = Date.now();
    await assert.rejects(distributedEvaluator({ redis: `redis://:s3cret@127.0.0.1:${closed}`, objective: "sphere", connectTimeout: 500 }), (e: Error) => {
      assert.match(e.message, new RegExp(`^distributedEvaluator: cannot reach Redis at redis://127\\.0\\.0\\.1:${closed} within 500 ms`));
      assert.ok(!e.message.includes("s3cret"), e.message);
      return true;
    });
    assert.ok(Date.now() - t0 < 5000, `took ${Date.now() - t0} ms`);
    await assert.rejects(distributedEvaluator({ redis: "http://127.0.0.1:1", objective: "sphere" }), /distributedEvaluator: redis must use redis:\/\/ or rediss:\/\/, got http:\/\/127\.0\.0\.1:1/);
  });

  it("Redis lost mid-run: the run rejects, naming the URL, once the connection has stayed lost for connectTimeout; the worker serves again once Redis is back", async () => {
    const ownPort = await freePort();
    let own = await startRedis(ownPort, ["--requirepass", "pw"]);
    const ownUrl = `redis://:pw@127.0.0.1:${ownPort}`;
    const status: string[] = [];
    const w = await startWorker({ redis: ownUrl, closeTimeout: 2000, onStatus: (m) => status.push(m) });
    const ev = await distributedEvaluator({ redis: ownUrl, objective: "sphere", connectTimeout: 1500 });
    try {
      let t0 = 0;
      const stop = (g: { generation: number }): void => {
        if (g.generation !== 3) return;
        t0 = Date.now();
        void kill(own);
      };
      await assert.rejects(minimizeAsync(ev.evaluate, [1, 1], { seed: 1, maxEvals: 10_000, onGeneration: stop }), (e: Error) => {
        assert.match(e.message, new RegExp(`lost the connection to Redis at redis://127\\.0\\.0\\.1:${ownPort} for more than 1500 ms`));
        assert.ok(!e.message.includes(":pw@"), e.message);
        return true;
      });
      assert.ok(Date.now() - t0 < 6000, `took ${Date.now() - t0} ms`);
      // Redis back (empty): the same worker serves the next run.
      own = await startRedis(ownPort, ["--requirepass", "pw"]);
      const again = await distributedEvaluator({ redis: ownUrl, objective: "sphere", timeout: 20_000 });
      const options = { seed: 2, maxEvals: 60 };
      await minimizeAsync(again.evaluate, [1, 1], options)
        .then((r) => assert.deepEqual(r.history, minimize(sphere.f, [1, 1], options).history))
        .finally(() => again.close());
      const at = `Redis at redis://127\\.0\\.0\\.1:${ownPort}`;
      assert.match(status.join("\n"), new RegExp(`^lost ${at} \\(.*\\); reconnecting\nconnected to ${at} again$`), status.join("\n"));
      assert.ok(!status.join().includes("pw@"), status.join());
    } finally {
      await ev.close();
      await w.close();
      await kill(own);
    }
  });

  it("a checkpointed run stopped mid-way resumes across a Redis restart and ends as the uninterrupted run", async () => {
    const options = { seed: 2, maxEvals: 300, sigma0: 0.5, objectiveId: "rosenbrock", checkpointEvery: 1 };
    const local = minimize(rosenbrock.f, new Float64Array(3), options);
    const controller = new AbortController();
    let saved = "";
    const ev = await distributedEvaluator({ redis: url, objective: "rosenbrock" });
    try {
      await assert.rejects(
        minimizeAsync(ev.evaluate, new Float64Array(3), { ...options, signal: controller.signal, checkpoint: (j) => (saved = j), onGeneration: (g) => g.generation === 8 && controller.abort() }),
        MinimizeAborted,
      );
    } finally {
      await ev.close();
    }
    // The worker processes go down with this Redis (the coordinator's resume is what is tested here).
    await Promise.all(workers.map((w) => kill(w)));
    await kill(redis);
    redis = await startRedis(port);
    const w = await startWorker({ redis: url });
    const again = await distributedEvaluator({ redis: url, objective: "rosenbrock", timeout: 30_000 });
    try {
      const resumed = await minimizeAsync(again.evaluate, new Float64Array(3), { ...options, resume: saved });
      assert.deepEqual(resumed.history, local.history);
      assert.deepEqual(resumed.x, local.x);
    } finally {
      await again.close();
      await w.close();
    }
  });
});
