// The algorithm names, for tests that run every strategy.
import { strategies, type AlgorithmName } from "../../src/es/registry.js";

export const NAMES = Object.keys(strategies) as AlgorithmName[];
