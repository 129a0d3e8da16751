/**
 * The two real data sets of the built-in models, parsed from CSV text. The library never reads files (it stays
 * browser-safe): the caller passes the text — the command line reads the copies shipped in the package's `data/`
 * folder (see data/README.md for their sources and licences); a browser can fetch the same files.
 *
 * The parser is a small one for the plain comma-separated numbers these files hold (a header row, no quoting);
 * Parsing is csv-parse's browser build (synchronous, no Node built-ins), so the library stays browser-safe.
 */
import { parse } from "csv-parse/browser/esm/sync";
import { checkCallerName, show } from "../../util/validate.js";

/** A parsed CSV table: the header's column names and the data rows as strings. */
export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Features (row-major n × d) and, when the data set has one, an integer label per row. */
export interface Dataset {
  readonly x: Float64Array;
  readonly n: number;
  readonly d: number;
  readonly featureNames: readonly string[];
  /** Integer labels 0 … numClasses − 1 (length n). */
  readonly labels: Int32Array;
  /** Names of the label values, index = label. */
  readonly classNames: readonly string[];
}

/**
 * Splits CSV text into a header and rows of fields (comma-separated, no quoting; CRLF or LF line ends; blank lines
 * skipped). Every row must have as many fields as the header: the error names `fn`, the line and both counts.
 * @example parseCsv("demo", "a,b\n1,2\n3,4\n"); // { header: ["a", "b"], rows: [["1", "2"], ["3", "4"]] }
 */
export function parseCsv(fn: string, text: unknown): CsvTable {
  checkCallerName("parseCsv", fn);
  if (typeof text !== "string") throw new Error(`${fn}: text must be the CSV file's contents as a string, got ${show(text)}`);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, info: true }) as unknown as typeof records;
  } catch (e) {
    throw new Error(`${fn}: text is not valid CSV (${(e as Error).message})`);
  }
  if (records.length === 0) throw new Error(`${fn}: text is empty; expected a header row and data rows`);
  const header = records[0].record;
  for (const { record, info } of records) {
    if (record.length !== header.length) {
      throw new Error(`${fn}: line ${info.lines} has ${record.length} fields but the header has ${header.length} (${show(record.join(",").slice(0, 60))})`);
    }
  }
  const rows = records.slice(1).map((r) => r.record);
  if (rows.length === 0) throw new Error(`${fn}: text has a header but no data rows`);
  return { header, rows };
}

function number(fn: string, field: string, line: number, column: string): number {
  const v = Number(field);
  if (field === "" || !Number.isFinite(v)) throw new Error(`${fn}: data row ${line} column ${column} must be a finite number, got ${show(field)}`);
  return v;
}

function table(fn: string, t: CsvTable, labelColumn: string, classNames: readonly string[] | undefined, expectedColumns: number): Dataset {
  if (t.header.length !== expectedColumns || t.header[t.header.length - 1] !== labelColumn) {
    throw new Error(`${fn}: expected ${expectedColumns} columns ending in "${labelColumn}", got header ${show(t.header)}`);
  }
  const n = t.rows.length;
  const d = t.header.length - 1;
  const x = new Float64Array(n * d);
  const labels = new Int32Array(n);
  const names = classNames === undefined ? [] : [...classNames];
  for (let i = 0; i < n; i++) {
    const row = t.rows[i];
    for (let j = 0; j < d; j++) x[i * d + j] = number(fn, row[j], i + 1, t.header[j]);
    const raw = row[d];
    let c = names.indexOf(raw);
    if (c < 0) {
      if (classNames !== undefined) throw new Error(`${fn}: data row ${i + 1} has ${labelColumn} ${show(raw)}; expected one of ${names.join(", ")}`);
      c = names.push(raw) - 1;
    }
    labels[i] = c;
  }
  return { x, n, d, featureNames: t.header.slice(0, d), labels, classNames: names };
}

/**
 * The Wisconsin diagnostic breast-cancer data (data/breast-cancer-wisconsin.csv): 569 rows, 30 features, label 1 =
 * benign, 0 = malignant (classNames ["0", "1"]).
 * @example const data = breastCancer(readFileSync("data/breast-cancer-wisconsin.csv", "utf8")); // n 569, d 30
 */
export function breastCancer(text: string): Dataset {
  return table("breastCancer", parseCsv("breastCancer", text), "benign", ["0", "1"], 31);
}

/**
 * Fisher's Iris data (data/iris.csv): 150 rows, 4 measurements in cm, species as labels 0 = setosa,
 * 1 = versicolor, 2 = virginica.
 * @example const data = iris(readFileSync("data/iris.csv", "utf8")); // n 150, d 4
 */
export function iris(text: string): Dataset {
  return table("iris", parseCsv("iris", text), "species", ["setosa", "versicolor", "virginica"], 5);
}
