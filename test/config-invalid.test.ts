import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssues, validateConfigText } from "../src/config/index.js";

// Table-driven: each fixture states on its first line(s) what must be reported and where:
//   # expect: error at 12:7: unknown key 'schedule' in environments.prod (did you mean 'schedules'?)
const dir = join(import.meta.dirname, "fixtures/config/invalid");
const env = { SET_VAR: "some-value", EMPTY_VAR: "   " };

interface Expectation {
  severity: "error" | "warning";
  line: number;
  col: number;
  message: string;
}

function expectations(text: string): Expectation[] {
  const out: Expectation[] = [];
  for (const m of text.matchAll(/^# expect: (error|warning) at (\d+):(\d+): (.*)$/gm)) {
    out.push({ severity: m[1] as Expectation["severity"], line: Number(m[2]), col: Number(m[3]), message: m[4] });
  }
  return out;
}

const fixtures = readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();

describe("invalid config fixtures", () => {
  it("has at least 40 fixtures, each with an expectation", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const f of fixtures) expect(expectations(readFileSync(join(dir, f), "utf8")), f).not.toHaveLength(0);
  });

  it.each(fixtures)("%s", (name) => {
    const text = readFileSync(join(dir, name), "utf8");
    const result = validateConfigText(text, name, env);
    for (const want of expectations(text)) {
      const match = result.issues.find(
        (i) => i.severity === want.severity && i.line === want.line && i.col === want.col && i.message.includes(want.message),
      );
      expect(match, `expected ${want.severity} at ${want.line}:${want.col} "${want.message}", got:\n${formatIssues(result.issues)}`).toBeDefined();
      expect(match?.file).toBe(name);
      expect(match?.frame).toContain(">");
    }
    if (expectations(text).some((e) => e.severity === "error")) expect(result.desired).toBeUndefined();
  });
});
