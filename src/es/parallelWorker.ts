/**
 * Piscina worker for the score-function path of src/es/parallel.ts (Node-only): loads the user's module once per
 * worker and returns the moments of the score-function chunks it is given (populations for minimizeAsync go through
 * the shared-memory team of src/es/parallelTeam.ts instead).
 */
import { loadObjective } from "./parallelObjective.js";
import { runScoreChunks, type ScoreChunksTask } from "./parallelScoreFunction.js";

type ScoreTask = { kind: "score"; moduleUrl: string; exportName: string } & ScoreChunksTask;

/** Task "score": the moments of score-function chunks (src/estimators/chunked.ts), one per chunk, in order. */
// A default export: piscina needs it here (see test/meta/layering.test.ts).
export default async function runTask(task: ScoreTask): Promise<unknown> {
  const f = await loadObjective(task.moduleUrl, task.exportName);
  return runScoreChunks(f, task);
}
