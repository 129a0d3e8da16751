/**
 * The breast-cancer logistic regression of Mohamed et al. (JMLR 2020, §8.3), ready to fit: the Wisconsin data split
 * into train and test rows by a key, the 30 features standardized with the training rows' mean and standard
 * deviation, a bias column added (31 weights), prior N(0, I), minibatches of 32.
 */
import type { Key } from "../../random/key.js";
import { breastCancer } from "./datasets.js";
import { logisticRegression, type LogisticRegressionModel } from "./logisticRegression.js";
import { fitStandardizer, selectRows, standardizeColumns, trainTestSplit } from "./preprocess.js";
import { checkOptionsObject } from "../../util/validate.js";

/** Options of {@link breastCancerRegression}. */
export interface BreastCancerOptions {
  /** Fraction of rows held out for testing (default 0.2: 455 train, 114 test). */
  testFraction?: number;
  /** Minibatch size (default 32). */
  batchSize?: number;
  /** Prior standard deviation (default 1). */
  priorScale?: number;
}

/** The fitted-to-be model on the training rows and the standardized held-out rows. */
export interface BreastCancerRegression {
  readonly model: LogisticRegressionModel;
  /** Held-out design matrix (n × 31, standardized with the training statistics, bias first) and labels. */
  readonly test: { readonly x: Float64Array; readonly y: Float64Array; readonly n: number };
  /** Names of the 31 weights: "bias" then the features. */
  readonly weightNames: readonly string[];
}

/**
 * Parses data/breast-cancer-wisconsin.csv (its text), splits it with `splitKey`, standardizes and builds the model.
 * @example
 *   const { model, test } = breastCancerRegression(readFileSync("data/breast-cancer-wisconsin.csv", "utf8"), key(0));
 *   model.dim; // 31
 */
export function breastCancerRegression(text: string, splitKey: Key, options: BreastCancerOptions = {}): BreastCancerRegression {
  const { testFraction = 0.2, batchSize = 32, priorScale = 1 } = checkOptionsObject<NonNullable<typeof options>>("breastCancerRegression", options);
  const data = breastCancer(text);
  const { train, test } = trainTestSplit(splitKey, data.n, testFraction);
  const xTrain = selectRows(data.x, data.d, train);
  const s = fitStandardizer(xTrain, data.d);
  const labels = (rows: Int32Array): Float64Array => Float64Array.from(rows, (i) => data.labels[i]);
  const model = logisticRegression({ x: standardizeColumns(xTrain, data.d, s), y: labels(train), d: data.d + 1, priorScale, batchSize });
  return {
    model,
    test: { x: standardizeColumns(selectRows(data.x, data.d, test), data.d, s), y: labels(test), n: test.length },
    weightNames: ["bias", ...data.featureNames],
  };
}
