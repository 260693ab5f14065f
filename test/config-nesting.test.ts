import { describe, expect, it } from "vitest";
import { validateConfigText } from "../src/config/index.js";
import { MAX_NESTING } from "../src/config/nesting.js";

/* Deep input (issue 9 §9): "nesting deeper than N" at a position, never the parser's stack overflow. */

const HEAD = "version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    envVars:\n";
const SHAPES: Record<string, (depth: number) => string> = {
  "flow sequences": (n) => `${HEAD}      A: ${"[".repeat(n)}${"]".repeat(n)}\n`,
  "flow mappings": (n) => `${HEAD}      A: ${"{a: ".repeat(n)}1${"}".repeat(n)}\n`,
  "block sequences": (n) => `${HEAD}      A:\n${Array.from({ length: n }, (_, i) => `${" ".repeat(8 + i)}- `).join("\n")}x\n`,
  "compact sequences": (n) => `${HEAD}      A:\n        ${"- ".repeat(n)}x\n`,
};

describe("deeply nested config", () => {
  for (const [shape, make] of Object.entries(SHAPES)) {
    for (const depth of [MAX_NESTING + 1, 300, 5000]) {
      it(`${shape}, ${depth} deep: one located 'nesting deeper than ${MAX_NESTING}'`, () => {
        const text = make(depth);
        const result = validateConfigText(text, "deep.yaml", {});
        expect(result.desired).toBeUndefined();
        const deep = result.issues.filter((i) => i.code === "nesting-too-deep");
        expect(deep).toHaveLength(1);
        expect(deep[0]!.message).toMatch(new RegExp(`^nesting deeper than ${MAX_NESTING} levels`));
        expect(deep[0]!.file).toBe("deep.yaml");
        expect(deep[0]!.line).toBeGreaterThanOrEqual(6);
        expect(deep[0]!.line).toBeLessThanOrEqual(text.split("\n").length);
        expect(deep[0]!.col).toBeGreaterThan(1);
        expect(JSON.stringify(result.issues)).not.toMatch(/call stack|recursion/i);
      });
    }
  }

  it("nesting up to the limit is an ordinary schema error, not a nesting error", () => {
    const result = validateConfigText(SHAPES["flow sequences"](MAX_NESTING - 6), "ok.yaml", {});
    expect(result.issues.map((i) => i.code)).not.toContain("nesting-too-deep");
    expect(result.issues.length).toBeGreaterThan(0);
  });
});
