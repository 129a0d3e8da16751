/**
 * The optimizers {@link minimize} can run, by name — typed without casts: every strategy is a
 * `Strategy<S, O, P>` for its own state S, and the record's type is checked against that of each entry.
 */
import { naturalSearch } from "./naturalSearch.js";
import { openEs } from "./openEs.js";
import { pgpe } from "./pgpe.js";
import { snes } from "./snes.js";
import type { EsStateBase, Population, Strategy } from "./strategy.js";
import { xnes } from "./xnes.js";

/** Any strategy, seen through the fields every state and population share. */
export type AnyStrategy = Strategy<EsStateBase, object, Population>;

/** The strategy objects by name. */
export const strategies = { xnes, snes, openEs, pgpe, naturalSearch } as const satisfies Record<string, AnyStrategy>;

/** The algorithms {@link minimize} can run. */
export type AlgorithmName = keyof typeof strategies;

/** True for an algorithm's name (own keys only: "toString" or "__proto__" are not algorithms). */
export function isAlgorithmName(name: unknown): name is AlgorithmName {
  return typeof name === "string" && Object.hasOwn(strategies, name);
}

/** The strategy named `name`, or undefined. */
export function strategyByName(name: unknown): AnyStrategy | undefined {
  return isAlgorithmName(name) ? strategies[name] : undefined;
}
