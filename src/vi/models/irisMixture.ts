/**
 * The Iris mixture, ready to fit: Fisher's 150 flowers (4 measurements in cm), K = 3 full-covariance Gaussian
 * components fixed at their maximum-likelihood values (EM), and one categorical assignment per flower as the latents.
 */
import { iris, type Dataset } from "./datasets.js";
import { gaussianMixture, type GaussianMixtureModel } from "./gaussianMixture.js";
import { fitMixtureEm, type MixtureEmResult } from "./mixtureEm.js";
import { checkOptionsObject } from "../../util/validate.js";

/** The model, the data it was built from, and the EM fit of its parameters. */
export interface IrisMixture {
  readonly model: GaussianMixtureModel;
  readonly data: Dataset;
  readonly params: MixtureEmResult;
}

/**
 * Parses data/iris.csv (its text) and builds the K-component mixture over the flowers' assignments (default K = 3).
 * @example const { model } = irisMixture(readFileSync("data/iris.csv", "utf8")); // model.dim 150, 3 components
 */
export function irisMixture(text: string, options: { components?: number } = {}): IrisMixture {
  const { components = 3 } = checkOptionsObject<{ components: number }>("irisMixture", options);
  const data = iris(text);
  const params = fitMixtureEm(data.x, data.d, components);
  return { model: gaussianMixture(data.x, data.d, params), data, params };
}
