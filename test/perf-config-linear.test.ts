import { describe, expect, it, vi } from "vitest";
import { validateConfigText } from "../src/config/validate.js";

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
