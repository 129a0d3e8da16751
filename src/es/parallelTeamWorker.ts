/**
 * A worker thread of src/es/parallelTeam.ts (Node-only): loads f once, then sleeps on the control block's EPOCH and,
 * at each new population, claims and evaluates candidates from shared memory (src/es/parallelObjective.ts). No message
 * travels per population; a message goes to the calling thread only when f fails (or its module cannot be loaded).
 */
import { parentPort, workerData } from "node:worker_threads";
import { evaluateClaims, loadObjective, Slot, spinner } from "./parallelObjective.js";

/** What the team gives each worker thread at start-up. */
export interface TeamWorkerData {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly control: SharedArrayBuffer;
  readonly x: SharedArrayBuffer;
  readonly fx: SharedArrayBuffer;
  /** Milliseconds to busy-wait for the next population before sleeping (0 when the threads outnumber the cores). */
  readonly spinMs: number;
}

async function main(data: TeamWorkerData): Promise<void> {
  const ctrl = new Int32Array(data.control);
  const x = new Float64Array(data.x);
  const fx = new Float64Array(data.fx);
  let f;
  try {
    f = await loadObjective(data.moduleUrl, data.exportName);
  } catch (e) {
    fail(ctrl, e instanceof Error ? e.message : String(e));
    return;
  }
  const spin = spinner(data.spinMs);
  let seen = 0;
  for (;;) {
    // Spin a little first: the next population usually follows within the caller's update (tens of µs), and waking a
    // sleeping thread costs about as much on a virtual machine.
    if (!spin(ctrl, Slot.EPOCH, seen)) Atomics.wait(ctrl, Slot.EPOCH, seen);
    seen = Atomics.load(ctrl, Slot.EPOCH);
    if (Atomics.load(ctrl, Slot.STOP) !== 0) return;
    const error = evaluateClaims(f, ctrl, x, fx);
    if (error !== undefined) {
      parentPort?.postMessage({ kind: "error", message: error.message });
      return;
    }
  }
}

/** Reports a failure outside f (its module) to the calling thread and wakes it. */
function fail(ctrl: Int32Array, message: string): void {
  parentPort?.postMessage({ kind: "error", message });
  Atomics.store(ctrl, Slot.REMAINING, 0);
  Atomics.store(ctrl, Slot.FAILED, 1);
  Atomics.notify(ctrl, Slot.DONE);
}

void main(workerData as TeamWorkerData);
