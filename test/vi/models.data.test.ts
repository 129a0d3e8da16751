/**
 * The shipped data sets and their preparation: the documented row and class counts (data/README.md), parse errors
 * that name the line and column, a key-determined train/test partition, standardization with training statistics.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { key } from "../../src/random/key.js";
import { breastCancer, iris, parseCsv } from "../../src/vi/models/datasets.js";
import { fitStandardizer, selectRows, standardizeColumns, trainTestSplit } from "../../src/vi/models/preprocess.js";
import { assertClose } from "../helpers/stats.js";

const BREAST = readFileSync(new URL("../../data/breast-cancer-wisconsin.csv", import.meta.url), "utf8");
const IRIS = readFileSync(new URL("../../data/iris.csv", import.meta.url), "utf8");

const count = (labels: Int32Array, c: number): number => labels.filter((v) => v === c).length;

describe("data sets", () => {
  it("breast cancer: 569 rows × 30 features, 357 benign (1) and 212 malignant (0), as data/README.md states", () => {
    const d = breastCancer(BREAST);
    assert.deepEqual([d.n, d.d, count(d.labels, 1), count(d.labels, 0)], [569, 30, 357, 212]);
    assert.equal(d.featureNames[0], "mean_radius");
    assert.equal(d.x[0], 17.99);
  });

  it("iris: 150 rows × 4 measurements, 50 of each species", () => {
    const d = iris(IRIS);
    assert.deepEqual([d.n, d.d, count(d.labels, 0), count(d.labels, 1), count(d.labels, 2)], [150, 4, 50, 50, 50]);
    assert.deepEqual(d.classNames, ["setosa", "versicolor", "virginica"]);
  });

  it("parse errors name the function, the line or row, and the value", () => {
    assert.throws(() => parseCsv("f", 42), /f: text must be the CSV file's contents as a string, got 42/);
    assert.throws(() => parseCsv("f", "a,b\n1\n"), /f: line 2 has 1 fields but the header has 2/);
    assert.throws(() => iris("sepal_length,sepal_width,petal_length,petal_width,species\n1,2,x,4,setosa\n"), /iris: data row 1 column petal_length must be a finite number, got "x"/);
    assert.throws(() => iris("sepal_length,sepal_width,petal_length,petal_width,species\n1,2,3,4,rose\n"), /iris: data row 1 has species "rose"/);
    assert.throws(() => breastCancer(IRIS), /breastCancer: expected 31 columns ending in "benign"/);
    assert.deepEqual(parseCsv("f", "a,b\r\n1,2\r\n\r\n3,4").rows, [["1", "2"], ["3", "4"]]);
  });

  it("trainTestSplit: a partition of 0…n−1 of the stated sizes, the same for the same key, another for another", () => {
    const a = trainTestSplit(key(3), 569, 0.2);
    assert.deepEqual([a.train.length, a.test.length], [455, 114]);
    const all = [...a.train, ...a.test].sort((u, v) => u - v);
    assert.deepEqual(all, Array.from({ length: 569 }, (_, i) => i));
    assert.deepEqual(trainTestSplit(key(3), 569, 0.2), a);
    assert.notDeepEqual(trainTestSplit(key(4), 569, 0.2).test, a.test);
    assert.throws(() => trainTestSplit(key(0), 10, 1), /trainTestSplit: testFraction must be a number in \(0, 1\), got 1/);
  });

  it("standardizeColumns: training columns get mean 0 and variance 1; the bias column is 1", () => {
    const x = new Float64Array([1, 10, 2, 30, 6, 20, 3, 0]);
    const s = fitStandardizer(selectRows(x, 2, [0, 1, 2]), 2);
    assertClose("mean, sd", [...s.mean, ...s.sd], [3, 20, Math.sqrt(14 / 3), Math.sqrt(200 / 3)], 1e-12);
    const z = standardizeColumns(x, 2, s);
    assertClose("row 3 (held out)", z.subarray(9, 12), [1, 0, -20 / Math.sqrt(200 / 3)], 1e-12);
    assert.throws(() => fitStandardizer(new Float64Array([1, 5, 1, 6]), 2), /fitStandardizer: column 0 of x has standard deviation 0/);
  });
});
