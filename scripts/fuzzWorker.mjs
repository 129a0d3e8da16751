// Entry of the fuzz worker threads: registers tsx in the thread, then runs the TypeScript worker.
import { register } from "tsx/esm/api";

register();
await import("./fuzzWorker.ts");
