/**
 * The explorer's costs f(x): the note's Gaussian costs (src/diagnostics/gaussianCosts.ts), a step, a black box
 * (no derivative given, so only derivative-free estimators apply) and a typed expression in x and k, parsed by mathjs
 * (never eval): its derivative in x comes from mathjs's symbolic `derivative`, which enables the pathwise estimator.
 */
import { compile, derivative, parse } from "mathjs";
import { gaussianCost } from "../../../src/diagnostics/gaussianCosts.js";
import { SQRT_2PI } from "../../../src/util/constants.js";

/** A scalar cost of one sample with, when known, its derivative and its exact Gaussian gradient in (μ, σ). */
export interface LabCost {
  readonly label: string;
  value(x: number): number;
  derivative?: (x: number) => number;
  /** [∂/∂μ, ∂/∂σ] of E_{N(μ, σ²)}[f] in closed form, when known. */
  gaussianGradient?: (mu: number, sigma: number) => [number, number];
}

/** The costs offered in the list (the expression is the extra choice "expr"). */
export const COST_CHOICES = [
  { value: "quadratic", label: "(x − k)²" },
  { value: "exp", label: "exp(−k x²)" },
  { value: "cos", label: "cos(k x)" },
  { value: "step", label: "step: 1[x > k]" },
  { value: "blackbox", label: "black box: |sin(k x)| + x/4 (no derivative)" },
  { value: "expr", label: "typed expression f(x)" },
] as const;

const phi = (z: number) => Math.exp(-0.5 * z * z) / SQRT_2PI;

/** Builds the cost named `name` with parameter k (and the expression text for "expr"); throws a readable Error. */
export function makeCost(name: string, k: number, expression = ""): LabCost {
  if (name === "quadratic" || name === "exp" || name === "cos") {
    const c = gaussianCost(name);
    return {
      label: `f(x) = ${c.formula.replaceAll("k", String(k))}`,
      value: (x) => c.value(x, k),
      derivative: (x) => c.derivative(x, k),
      gaussianGradient: (mu, sigma) => c.gradient(mu, sigma, k),
    };
  }
  if (name === "step") {
    // P(x > k) = Φ((μ − k)/σ): ∂μ = φ(z)/σ, ∂σ = φ(z)(k − μ)/σ² with z = (k − μ)/σ. f′ = 0 almost everywhere, so the
    // pathwise estimator would be biased (it misses the jump): no derivative is offered.
    return {
      label: `f(x) = 1[x > ${k}]`,
      value: (x) => (x > k ? 1 : 0),
      gaussianGradient: (mu, sigma) => {
        const z = (k - mu) / sigma;
        return [phi(z) / sigma, (phi(z) * z) / sigma];
      },
    };
  }
  if (name === "blackbox") return { label: `f(x) = |sin(${k} x)| + x/4 (black box)`, value: (x) => Math.abs(Math.sin(k * x)) + x / 4 };
  if (name === "expr") return expressionCost(expression, k);
  throw new Error(`cost must be one of ${COST_CHOICES.map((c) => c.value).join(", ")}, got "${name}"`);
}

/** The parse-tree nodes of an arithmetic expression (no assignment, property access, object, matrix or range). */
const ALLOWED_NODES = new Set(["ConstantNode", "SymbolNode", "OperatorNode", "ParenthesisNode", "FunctionNode", "ConditionalNode"]);

/** A cost from a typed expression in x (and k); the message of a parse error names the expression. */
export function expressionCost(text: string, k: number): LabCost {
  if (text.trim() === "") throw new Error("the expression is empty: type f(x), e.g. x^2 + sin(k*x)");
  let node;
  try {
    node = parse(text);
  } catch (e) {
    throw new Error(`the expression "${text}" does not parse: ${(e as Error).message}`);
  }
  const other = node.filter((n) => !ALLOWED_NODES.has(n.type));
  if (other.length > 0) throw new Error(`the expression may use numbers, x, k, operators and functions only, got ${other[0].type.replace("Node", "").toLowerCase()} "${other[0].toString()}"`);
  const fnNodes = new Set(node.filter((n) => n.type === "FunctionNode").map((n) => (n as unknown as { fn: unknown }).fn));
  const unknown = node.filter((n) => n.type === "SymbolNode" && !fnNodes.has(n) && !["x", "k", "pi", "e"].includes((n as unknown as { name: string }).name));
  if (unknown.length > 0) throw new Error(`the expression may use x and k only, got "${(unknown[0] as unknown as { name: string }).name}"`);
  const code = compile(text);
  const evalAt = (c: typeof code, x: number, what: string): number => {
    let v: unknown;
    try {
      v = c.evaluate({ x, k });
    } catch (e) {
      throw new Error(`${what} = ${text} fails at x = ${x}: ${(e as Error).message}`);
    }
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`${what} = ${text} is ${typeof v === "number" ? v : "not a real number"} at x = ${x}: it must be finite for every x the family can draw`);
    return v;
  };
  let d: typeof code | undefined;
  try {
    d = derivative(node, "x").compile() as typeof code;
  } catch {
    d = undefined;
  }
  return { label: `f(x) = ${text}`, value: (x) => evalAt(code, x, "f(x)"), ...(d ? { derivative: (x: number) => evalAt(d, x, "f′(x)") } : {}) };
}
