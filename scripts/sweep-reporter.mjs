// Reporter for scripts/sweep.ts: one JSON line per finished leaf test, {status, path, error}, where path is the
// chain of describe/it names from the top of the file. Used as: node --test-reporter=./scripts/sweep-reporter.mjs
export default async function* sweepReporter(source) {
  const stack = [];
  for await (const event of source) {
    const { type, data } = event;
    if (type === "test:start") {
      stack.length = data.nesting;
      stack.push(data.name);
    } else if (type === "test:pass" || type === "test:fail") {
      if (data.details?.type === "suite") continue;
      if (data.skip || data.todo) continue;
      const path = [...stack.slice(0, data.nesting), data.name];
      const err = type === "test:fail" ? String(data.details?.error?.cause?.message ?? data.details?.error?.message ?? "").split("\n")[0] : undefined;
      yield JSON.stringify({ status: type === "test:pass" ? "pass" : "fail", path, error: err }) + "\n";
    }
  }
}
