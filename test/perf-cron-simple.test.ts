import { CronExpressionParser } from "cron-parser";
import { describe, expect, it } from "vitest";
import { cronProblem } from "../src/config/cron.js";
import { isSimpleValidCron } from "../src/config/cron-simple.js";

// The quick check that spares most configs from loading cron-parser must never say yes where cron-parser says no.

/** A small seeded generator, so a failure names an expression that comes back on the next run. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

/** [min, max] per field; items are drawn one beyond each bound too, so that both verdicts come up. */
const BOUNDS = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12],
  [0, 7],
];

function field(next: () => number, [min, max]: number[], index: number): string {
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  // Half of the months are "*", so that days of the month get through the quick check too.
  if (index === 3 && next() < 0.5) return "*";
  const item = () => {
    const kind = int(0, 5);
    const a = int(min - 1, max + 1);
    const b = int(min - 1, max + 1);
    const step = int(0, max - min + 2);
    return ["*", `*/${step}`, `${a}`, `${a}-${b}`, `${a}-${b}/${step}`, `${a}/${step}`][kind];
  };
  return Array.from({ length: int(1, 3) }, item).join(",");
}

const parses = (cron: string) => {
  try {
    CronExpressionParser.parse(cron);
    return true;
  } catch {
    return false;
  }
};

describe("the quick cron check", () => {
  it("agrees with cron-parser on every expression it accepts (50,000 seeded expressions)", () => {
    const next = random(7);
    let accepted = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const cron = BOUNDS.map((bounds, index) => field(next, bounds, index)).join(" ");
      if (!isSimpleValidCron(cron)) continue;
      accepted++;
      if (!parses(cron)) disagreements.push(cron);
    }
    expect(disagreements).toEqual([]);
    expect(accepted).toBeGreaterThan(150);
  });

  it("accepts the everyday forms and leaves everything else to cron-parser, whose messages are kept", () => {
    for (const cron of ["0 3 * * *", "*/5 * * * *", "0 9-17 * * 1-5", "30 2 1,15 * *", "0 0 * 1 0", "0 0 * * 7"]) {
      expect(isSimpleValidCron(cron)).toBe(true);
      expect(cronProblem(cron)).toBeUndefined();
    }
    for (const cron of ["0 0 * * MON", "0 0 L * *", "0 0 ? * *", "0 0 31 2 *", "61 * * * *", "0 0 * * 1#2"]) {
      expect(isSimpleValidCron(cron)).toBe(false);
    }
    expect(cronProblem("0 0 * * MON")).toBeUndefined();
    expect(cronProblem("61 * * * *")).toMatch(/^invalid cron expression "61 \* \* \* \*": /);
    expect(cronProblem("0 0 31 2 *")).toMatch(/^invalid cron expression "0 0 31 2 \*": /);
  });
});
