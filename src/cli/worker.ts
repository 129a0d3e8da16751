/**
 * `mcgrad worker`: a BullMQ worker for distributed evaluation (src/es/distributedWorker.ts). It serves the built-in
 * test functions and, with `--objective FILE`, that module's export (default export unless `--export NAME`), until
 * SIGINT or SIGTERM, when it finishes its current job (waiting at most 10 s) and exits 0. It says on stderr when it
 * loses Redis and when it is connected again. The Redis URL is never printed with its password.
 */
import { resolve } from "node:path";
import type { Command } from "commander";
import { startWorker } from "../es/distributedWorker.js";
import { redisTarget } from "../es/distributedRedis.js";
import { OptionError, positiveIntOption } from "./options.js";

interface WorkerCommandOptions {
  redis: string;
  objective?: string;
  export?: string;
  concurrency?: number;
  queue?: string;
  lockDuration?: number;
}

/** Registers `mcgrad worker` on the program. */
export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("evaluate populations and score-function chunks for a distributed run (BullMQ on Redis) until stopped")
    .requiredOption("--redis <url>", "redis://[:password@]host:port[/db] (rediss:// for TLS)")
    .option("--objective <file>", "module whose export is f (its id for coordinators: <file name>#<export>)")
    .option("--export <name>", "the export of --objective holding f", "default")
    .option("--concurrency <k>", "jobs run at once by this process", positiveIntOption, 1)
    .option("--queue <name>", "queue name", "mcgrad")
    .option("--lock-duration <ms>", "a job of a worker that died is retried elsewhere after about this long", positiveIntOption, 30_000)
    .action(async (o: WorkerCommandOptions) => {
      let shown: string;
      try {
        shown = redisTarget("--redis", o.redis).shown;
      } catch (e) {
        throw new OptionError((e as Error).message);
      }
      const w = await startWorker({
        redis: o.redis,
        queue: o.queue,
        concurrency: o.concurrency,
        lockDuration: o.lockDuration,
        exportName: o.export,
        onStatus: (message) => process.stderr.write(`mcgrad worker: ${message}\n`),
        ...(o.objective === undefined ? {} : { module: resolve(o.objective) }),
      });
      process.stderr.write(`mcgrad worker: serving ${w.objectives.join(", ")} on queue ${o.queue ?? "mcgrad"} at ${shown}\n`);
      await new Promise<void>((done) => {
        const stop = (): void => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          done();
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
      await w.close();
      process.stderr.write("mcgrad worker: stopped\n");
      // A worker stopped while Redis is away can leave BullMQ's reconnect loop behind: end the process here.
      process.exit(0);
    });
}
