import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { renderJson } from "../src/render/json.js";
import { parsePlanJson, PlanFormatError } from "../src/render/parse-json.js";
import { renderMarkdown } from "../src/render/markdown.js";
import { renderText } from "../src/render/text.js";
import { SAMPLE_SECRETS, samplePlanInputs } from "./helpers/builders.js";

describe("renderJson", () => {
  const { desired, live } = samplePlanInputs();
  const plan = planChanges(desired, live);
  const json = renderJson(plan);

  it("writes product.md's versioned format with a stable key order", () => {
    const data = JSON.parse(json);
    expect(Object.keys(data)).toEqual(["formatVersion", "project", "environments", "liveFingerprint", "desiredFingerprint", "summary", "changes", "diagnostics"]);
    expect(data.formatVersion).toBe(1);
    expect(data.summary).toEqual({ create: 1, update: 7, replace: 1, delete: 2 });
    const weekly = data.changes.find((c: { address: string }) => c.address === "staging.schedules.weekly");
    expect(Object.keys(weekly)).toEqual(["address", "kind", "environment", "action", "remoteId", "fields"]);
    expect(weekly.fields).toEqual([{ path: "task", before: "report", after: "report-v2", sensitive: false }]);
    const stripe = data.changes.find((c: { address: string }) => c.address === "staging.envVars.STRIPE_KEY");
    expect(stripe.fields).toEqual([{ path: "value", before: null, after: null, sensitive: true, masked: true }]);
    expect(json.endsWith("}\n")).toBe(true);
    expect(json).toContain('\n  "formatVersion": 1,\n');
  });

  it("is byte-identical for equal plans and round-trips through parsePlanJson", () => {
    expect(renderJson(planChanges(desired, live))).toBe(json);
    const parsed = parsePlanJson(json);
    expect(parsed).toEqual(plan);
    expect(renderJson(parsed)).toBe(json);
  });

  it("refuses files that are not plans, with a clear message", () => {
    expect(() => parsePlanJson("{nope")).toThrow(PlanFormatError);
    expect(() => parsePlanJson('{"formatVersion":2}')).toThrow("formatVersion 2");
    expect(() => parsePlanJson("[]")).toThrow("expected an object");
    const damaged = JSON.parse(json);
    damaged.changes[0].action = "explode";
    expect(() => parsePlanJson(JSON.stringify(damaged))).toThrow("changes[0].action is unknown");
  });
});

describe("secret scan", () => {
  it("no secret value reaches the plan or any renderer, with or without showValues", () => {
    const { desired, live } = samplePlanInputs();
    for (const showValues of [false, true]) {
      const plan = planChanges(desired, live, { showValues });
      const outputs = [JSON.stringify(plan), renderJson(plan), renderText(plan), renderText(plan, { color: true }), renderMarkdown(plan)];
      for (const output of outputs) {
        for (const secret of SAMPLE_SECRETS) expect(output).not.toContain(secret);
      }
    }
  });
});
