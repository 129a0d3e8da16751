/**
 * Progress reporting on stderr: a live cli-progress bar on a terminal, a few plain lines (25/50/75/100 %)
 * otherwise, so CI logs stay readable.
 */
import cliProgress from "cli-progress";

/** A running progress indicator. */
export interface Progress {
  /** Advances by n steps (default 1); `info` is shown beside the bar (e.g. { k: 2, best: 0.1 }). */
  tick(n?: number, info?: Record<string, string | number>): void;
  /** Finishes the bar (idempotent). */
  stop(): void;
}

function formatInfo(info: Record<string, string | number> | undefined): string {
  if (info === undefined) return "";
  return Object.entries(info)
    .map(([k, v]) => `${k}=${typeof v === "number" ? Number(v.toPrecision(4)) : v}`)
    .join(" ");
}

/** Bars on screen now: stopped (cursor shown, line wrap back on) by {@link stopAllProgress} on Ctrl-C or exit. */
const live = new Set<Progress>();
let exitHook = false;

/**
 * Stops every live progress bar, which restores the terminal (shows the cursor, turns line wrap back on). Safe to
 * call more than once; called on process exit as well, so an interrupted run never leaves the cursor hidden.
 */
export function stopAllProgress(): void {
  for (const p of [...live]) p.stop();
}

/**
 * Starts a progress indicator for `total` steps labelled `label`. With `enabled: false` it prints nothing.
 * @example
 *   const bar = progress("demo", 12);
 *   for (const k of ks) { work(k); bar.tick(1, { k }); }
 *   bar.stop();
 */
export function progress(label: string, total: number, opts: { enabled?: boolean } = {}): Progress {
  if (!Number.isInteger(total) || total < 1) {
    throw new Error(`progress: total must be a positive integer, got ${total}`);
  }
  const { enabled = true } = opts;
  if (!enabled) return { tick() {}, stop() {} };
  const stream = process.stderr;
  let done = 0;
  let stopped = false;

  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | {info}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 30,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { info: "" });
    if (!exitHook) {
      exitHook = true;
      process.once("exit", stopAllProgress);
    }
    const handle: Progress = {
      tick(n = 1, info) {
        if (stopped) return;
        done = Math.min(total, done + n);
        bar.update(done, info === undefined ? {} : { info: formatInfo(info) });
      },
      stop() {
        if (stopped) return;
        stopped = true;
        live.delete(handle);
        bar.stop();
      },
    };
    live.add(handle);
    return handle;
  }

  const marks = [25, 50, 75, 100];
  let nextMark = 0;
  let lastInfo: Record<string, string | number> | undefined;
  let printed = -1;
  return {
    tick(n = 1, info) {
      if (stopped) return;
      done = Math.min(total, done + n);
      lastInfo = info ?? lastInfo;
      const pct = (100 * done) / total;
      let reached = -1;
      while (nextMark < marks.length && pct >= marks[nextMark]) reached = marks[nextMark++];
      if (reached >= 0) {
        const extra = formatInfo(info);
        stream.write(`${label}: ${reached}% (${done}/${total})${extra ? ` ${extra}` : ""}\n`);
        printed = done;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      // A run that ends before its budget (target reached, solved, interrupted) says where, even before the first 25 %.
      if (done > 0 && done < total && printed !== done) {
        const extra = formatInfo(lastInfo);
        stream.write(`${label}: ended at ${Math.floor((100 * done) / total)}% (${done}/${total})${extra ? ` ${extra}` : ""}\n`);
      }
    },
  };
}
