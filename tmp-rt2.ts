import { distributedEvaluator } from "./src/es/distributed.js";
import { minimize, minimizeAsync } from "./src/es/minimize.js";
import { sphere } from "./src/es/testFunctions.js";
import { freePort, kill, startRedis, startWorkerProcess } from "./test/distributed/redisServer.js";
const port = await freePort(); const redis = await startRedis(port); const url = `redis://127.0.0.1:${port}`;
const ws = await Promise.all([startWorkerProcess(["--redis", url]), startWorkerProcess(["--redis", url])]);
const x0 = new Float64Array(1000).fill(1);
const o = { algorithm: "openEs" as const, seed: 1, maxEvals: 2000, sigma0: 0.5, target: -Infinity, algorithmOptions: { popSize: 200 } };
let t0 = performance.now(); minimize(sphere.f, x0, o); console.log("local", ((performance.now() - t0) / 10).toFixed(2), "ms/gen");
for (let r = 0; r < 2; r++) for (const transport of ["keys", "rows"] as const) {
  const ev = await distributedEvaluator({ redis: url, objective: "sphere", jobs: 2, transport });
  t0 = performance.now(); await minimizeAsync(ev.evaluate, x0, o); const t = performance.now() - t0;
  console.log(transport, (t / 10).toFixed(2), "ms/gen");
  await ev.close();
}
await Promise.all(ws.map((w) => kill(w))); await kill(redis);
