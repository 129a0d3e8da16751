/**
 * The lab evaluates typed expressions with mathjs's parser and compiler only: no eval or Function constructor in its
 * source, and an expression that would reach JavaScript (a property access, an assignment, an import) is refused.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expressionCost } from "../../lab/src/compute/costs.js";

describe("lab expressions", () => {
  it("the lab's source calls neither eval nor the Function constructor", () => {
    const files = readdirSync(join("lab", "src"), { recursive: true }).map(String).filter((f) => f.endsWith(".ts"));
    assert.ok(files.length > 10, `only ${files.length} files under lab/src`);
    const bad = files.filter((f) => /\beval\s*\(|\bFunction\s*\(/.test(readFileSync(join("lab", "src", f), "utf8")));
    assert.deepEqual(bad, []);
  });

  it("evaluates an expression and its symbolic derivative", () => {
    const c = expressionCost("x^2 * sin(k * x)", 1.5);
    assert.equal(c.value(2), 4 * Math.sin(3));
    assert.ok(Math.abs(c.derivative!(2) - (4 * Math.sin(3) + 4 * 1.5 * Math.cos(3))) < 1e-12);
  });

  it("refuses names other than x and k, and code-like input, with a readable message", () => {
    for (const [text, message] of [
      ["y + 1", /x and k only, got "y"/],
      ["x.constructor", /numbers, x, k, operators and functions only, got accessor "x.constructor"/],
      ["a = 1", /operators and functions only, got assignment/],
      ["f(t) = t", /operators and functions only, got functionassignment/],
      ["[x, 1]", /operators and functions only, got array/],
      ["import({}, {})", /operators and functions only, got object/],
      ["", /the expression is empty/],
      ["x^", /does not parse/],
    ] as const) {
      assert.throws(() => expressionCost(text, 1).value(1), message, text);
    }
    assert.throws(() => expressionCost("sqrt(x)", 1).value(-1), /not a real number at x = -1/);
    assert.throws(() => expressionCost("1 / (x - x)", 1).value(1), /is Infinity at x = 1/);
  });
});
