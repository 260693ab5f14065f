import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { describe, expect, it, vi } from "vitest";
import { parseDocument } from "yaml";
import { validateConfigText } from "../src/config/validate.js";
import { plainValue } from "../src/config/yaml-index.js";

// Config loading is linear (our own one-pass duplicate check and a per-map position index replace yaml's per-key
// scans); these pin what must not change with it: duplicates and positions, file:line:col. Timings are in bench/.

const head = "version: 1\nproject: proj_linearxxxxxxxxxxxxxx\nenvironments:\n";

describe("duplicate keys, found in one pass", () => {
  it("reports each repeated key at its repetition, in block maps, flow maps and maps inside sequences", () => {
    const text =
      head +
      [
        "  prod:",
        "    envVars:",
        "      A: one",
        "      B: two",
        "      A: three",
        "    queues:",
        "      tasks: { send: { concurrencyLimit: 1 }, send: { concurrencyLimit: 2 } }",
        "    schedules:",
        "      nightly: { task: cleanup, cron: \"0 3 * * *\" }",
        "  prod:",
        "    envVars: { C: x }",
      ].join("\n") +
      "\n";
    const { desired, issues } = validateConfigText(text, "dup.yaml");
    expect(desired).toBeUndefined();
    const dups = issues.filter((i) => i.code === "duplicate-key").map((i) => `${i.file}:${i.line}:${i.col} ${i.message}`);
    expect(dups).toEqual([
      "dup.yaml:8:7 duplicate key 'A': each key may appear only once in a mapping (which one wins would be a guess)",
      "dup.yaml:10:47 duplicate key 'send': each key may appear only once in a mapping (which one wins would be a guess)",
      "dup.yaml:13:3 duplicate key 'prod': each key may appear only once in a mapping (which one wins would be a guess)",
    ]);
  });

  it("keys equal only as values: 1 and '1' differ, a quoted and a plain spelling of one string do not", () => {
    const text = `${head}  prod:\n    envVars:\n      1: a\n      "1": b\n      "X": a\n      X: b\n`;
    const { issues } = validateConfigText(text, "q.yaml");
    expect(issues.filter((i) => i.code === "duplicate-key").map((i) => [i.line, i.col])).toEqual([[9, 7]]);
  });
});

describe("positions in a large file, through the per-map index", () => {
  it("locates a problem at the end of 3 × 3,000 variables, and through a << merge key", () => {
    const vars = (env: string) => Array.from({ length: 3000 }, (_, i) => `      ${env}_${i}: v${i}`).join("\n");
    const text =
      head +
      `  dev:\n    envVars:\n${vars("D")}\n  staging:\n    envVars:\n${vars("S")}\n  prod:\n    envVars:\n${vars("P")}\n` +
      "      BAD: { fromEnv: 12 }\n";
    const { issues } = validateConfigText(text, "big.yaml");
    const bad = issues.find((i) => i.severity === "error");
    expect(bad).toMatchObject({ file: "big.yaml", line: 3 + 3 * 3002 + 1 });
    const merged = `${head}  prod:\n    schedules:\n      base: &base { task: cleanup, cron: "0 3 * * *" }\n      other:\n        <<: *base\n        cron: "61 * * * *"\n`;
    const located = validateConfigText(merged, "merge.yaml").issues.find((i) => i.severity === "error");
    expect(located).toMatchObject({ file: "merge.yaml", line: 9, col: 15 });
  });
});

describe("the process environment while parsing", () => {
  it("is not read per token, yaml's debug switches print nothing, and it is left as it was", () => {
    // yaml asks the environment for its debug switches at every token (and prints every token when one is set);
    // each read of Node's process.env scans the whole environment. Parsing hides the environment from yaml:
    // count the reads that reach a counting stand-in, with both switches set, while 3,000 variables are parsed.
    const real = process.env;
    let reads = 0;
    const counting = new Proxy({ ...real, LOG_TOKENS: "1", LOG_STREAM: "1" }, {
      get(target, name) {
        reads++;
        return Reflect.get(target, name) as unknown;
      },
      has(target, name) {
        reads++;
        return Reflect.has(target, name);
      },
    });
    const printed = vi.spyOn(console, "log").mockImplementation(() => undefined);
    let calls = -1;
    process.env = counting;
    try {
      const vars = Array.from({ length: 3000 }, (_, i) => `      V_${i}: v${i}`).join("\n");
      const { desired } = validateConfigText(`${head}  prod:\n    envVars:\n${vars}\n`, "env.yaml");
      expect(desired?.environments[0].envVars).toHaveProperty("V_2999");
      expect(process.env).toBe(counting);
      calls = printed.mock.calls.length;
    } finally {
      process.env = real;
      printed.mockRestore();
    }
    expect(calls).toBe(0);
    expect(reads).toBe(0);
  });
});

describe("the plain value, built without yaml's conversion", () => {
  const parse = (text: string) => parseDocument(text, { uniqueKeys: false, merge: true, logLevel: "silent" });
  const protos = (v: unknown): unknown[] =>
    v !== null && typeof v === "object" ? [Object.getPrototypeOf(v), ...Object.values(v as object).flatMap(protos)] : [];
  const same = (text: string) => {
    const ydoc = parse(text);
    const ours = plainValue(ydoc);
    const theirs: unknown = ydoc.toJS({ maxAliasCount: 100 });
    // node's deep strict equality: vitest's compares `.constructor`, which is data in a map with that key.
    expect(isDeepStrictEqual(ours, theirs), text).toBe(true);
    // The same own keys in the same order, and the same prototypes (deep equality looks at neither).
    expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));
    expect(protos(ours)).toEqual(protos(theirs));
  };

  it("equals yaml's toJS on every example and fixture, and on awkward scalars and keys", () => {
    const dir = join(import.meta.dirname, "fixtures/config/invalid");
    const files = [
      join(import.meta.dirname, "../examples/full.yaml"),
      join(import.meta.dirname, "../examples/trigger-iac.yaml"),
      ...readdirSync(dir).filter((f) => f.endsWith(".yaml")).map((f) => join(dir, f)),
    ];
    expect(files.length).toBeGreaterThan(2);
    for (const f of files) same(readFileSync(f, "utf8"));
    same(
      [
        "__proto__: { polluted: true }",
        "toString: 1",
        "constructor: [a, b]",
        "1: one",
        "0x1F: hex",
        "1.50: float-key",
        "true: bool-key",
        "~: null-key",
        "a: 0o17",
        "b: .inf",
        "c: -.Inf",
        "d: 1e3",
        "e: 'single ''quoted'''",
        'f: "double \\u00e9 \\n"',
        "g: |\n  block\n  text",
        "h: >-\n  folded\n  text",
        "i:",
        "j: [1, 'two', null, ~, {k: v}, [nested]]",
        "k: { x: 1, x: 2 }",
        "l: !!str 123",
        "m:\n  - - deep\n    - seq\n  -",
        "n: 2026-12-06",
      ].join("\n"),
    );
    for (const text of ["", "# only a comment\n", "just a scalar", "- a\n- b\n", "[a: 1, b]"]) same(text);
  });

  it("leaves aliases, merge keys and complex keys to yaml", () => {
    for (const text of ["a: &x 1\nb: *x\n", "base: &b { x: 1 }\nother:\n  <<: *b\n  y: 2\n", "? [a, b]\n: c\n", "? { a: 1 }\n: c\n"]) {
      expect(plainValue(parse(text)), text).toBeUndefined();
    }
  });
});
