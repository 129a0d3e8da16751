import { distributedEvaluator } from "./src/es/distributed.js";
import { minimizeAsync } from "./src/es/minimize.js";
import { freePort, kill, startRedis, startWorkerProcess } from "./test/distributed/redisServer.js";
const port = await freePort(); const redis = await startRedis(port); const url = `redis://127.0.0.1:${port}`;
const ws = await Promise.all([startWorkerProcess(["--redis", url]), startWorkerProcess(["--redis", url])]);
const x0 = new Float64Array(20).fill(1);
const o = { seed: 1, maxEvals: 480, sigma0: 0.5, target: -Infinity };
for (let r = 0; r < 3; r++) for (const transport of ["keys", "rows"] as const) for (const jobs of [1, 2]) {
  const ev = await distributedEvaluator({ redis: url, objective: "sphere", jobs, transport });
  await minimizeAsync(ev.evaluate, x0, { ...o, maxEvals: 48 });
  const t0 = performance.now(); await minimizeAsync(ev.evaluate, x0, o); const t = performance.now() - t0;
  console.log(transport, jobs, (t / 40).toFixed(2), "ms/gen");
  await ev.close();
}
await Promise.all(ws.map((w) => kill(w))); await kill(redis);
