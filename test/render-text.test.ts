import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { renderText } from "../src/render/text.js";
import { desiredEnv, desiredState, envVars, liveEnv, livePlain, liveState, liveVars, plainVar, samplePlanInputs } from "./helpers/builders.js";

describe("renderText", () => {
  const { desired, live } = samplePlanInputs();
  const plan = planChanges(desired, live);
  const text = renderText(plan);

  it("names the destructive changes first, before any environment (issue 12 item 1)", () => {
    const block = text.slice(text.indexOf("Destructive changes (4):"), text.indexOf("Environment staging:"));
    expect(text.indexOf("Destructive changes (4):")).toBeGreaterThan(0);
    expect(block.trim().split("\n").slice(1)).toEqual([
      "  - staging.envVars.OLD_TOKEN (delete)",
      "  ~ staging.envVars.SLACK_WEBHOOK_URL (loses its secret flag)",
      "  - staging.schedules.gone (delete)",
      "-/+ staging.schedules.weekly (replace)",
    ]);
  });

  it("shows every action with its Terraform marker and field lines", () => {
    expect(text).toContain("trigger-iac plan for proj_test");
    expect(text).toContain("Environment staging:");
    expect(text).toContain("Environment prod:");
    expect(text).toContain("  ~ staging.envVars.LOG_LEVEL (update)\n      value: (value changed)");
    expect(text).toContain("  ~ staging.envVars.STRIPE_KEY (update)\n      value: (sensitive value changed)");
    expect(text).toContain("  - staging.envVars.OLD_TOKEN (delete)\n      value: (sensitive value)\n      secret: true");
    expect(text).toContain("-/+ staging.schedules.weekly (replace)\n      task: \"report\" -> \"report-v2\"");
    expect(text).toContain("  ~ staging.schedules.nightly (update)\n      cron: \"0 3 * * *\" -> \"0 4 * * *\"");
    expect(text).toContain("  - staging.schedules.gone (delete)");
    expect(text).toContain("  ~ staging.deployment (update)\n      version: \"20261118.1\" -> \"20261120.3\"");
    expect(text).toContain("  ~ staging.queues.tasks.send-email (update)\n      override: null -> 20\n      i Code-declared limit: 10.");
    expect(text).toContain("  = staging.envVars.UNREADABLE (no change)\n      i The secret value of UNREADABLE could not be read");
    expect(text).toContain("  Not declared (listed only, never changed):");
    expect(text).toContain("  ? staging.queues.custom.exports (unmanaged)\n      i Code-declared limit: 5 (live override: 3).\n      i Override 3 set by Alice at");
    expect(text).toContain("  ? staging.schedules.sched_decl (unmanaged)");
    expect(text).toContain("  ~ prod.deployment (update)\n      version: \"20261120.3\" -> \"20261101.1\"\n      ! Rollback: 20261101.1 is older than the current 20261120.3.");
    expect(text).not.toContain("prod.envVars.LOG_LEVEL");
  });

  it("flags a lost secret flag on its own change", () => {
    expect(text).toContain("  ~ staging.envVars.SLACK_WEBHOOK_URL (update)  (!) loses its secret flag\n      secret: true -> false");
    expect(text).toMatch(/! SLACK_WEBHOOK_URL is secret in staging but declared plain/);
  });

  it("lists diagnostics and ends with the summary line", () => {
    expect(text).toContain("Diagnostics:\n  error staging.queues.tasks.send-emial [queue-not-found]:");
    expect(text).toContain("Similar task queues: send-email.");
    expect(text.trimEnd().split("\n").at(-1)).toBe("Plan: 1 to create, 7 to update, 1 to replace, 2 to delete. The plan has 1 error(s) (see Diagnostics): apply refuses this plan until they are fixed.");
  });

  it("shows source positions of diagnostics", () => {
    const { desired: d, live: l } = samplePlanInputs();
    d.environments[0].deployment = { version: "20261199.9", source: { file: "trigger-iac.yaml", line: 8, col: 7 } };
    l.environments[0].deployment = { current: null, declared: null };
    expect(renderText(planChanges(d, l))).toMatch(/error staging\.deployment \[deployment-not-found\]: .* \(trigger-iac\.yaml:8:7\)/);
  });

  it("says so when nothing changes", () => {
    const quiet = planChanges(
      desiredState(desiredEnv("dev", { envVars: envVars(plainVar("A", "1")) })),
      liveState(liveEnv("dev", { envVars: liveVars(livePlain("A", "1")) })),
    );
    const out = renderText(quiet);
    expect(out).toBe("trigger-iac plan for proj_test\n\nNo changes. Live state matches the configuration.\n");
  });

  it("colours only when asked", () => {
    expect(text).not.toContain("\x1b[");
    const coloured = renderText(plan, { color: true });
    expect(coloured).toContain("\x1b[32m");
    expect(coloured).toContain("\x1b[35m");
    expect(coloured.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g"), "")).toBe(text);
  });

  it("shows plain values with showValues, never secret ones", () => {
    const shown = renderText(planChanges(desired, live, { showValues: true }));
    expect(shown).toContain('value: "debug" -> "info"');
    expect(shown).toContain("value: (sensitive value changed)");
  });
});
