// Entry of the fuzz worker thread (test/fuzz/runner.ts): registers tsx in the thread, then runs the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./workerMain.ts");
