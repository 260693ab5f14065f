import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { diffEnvVar } from "../src/engine/diff-envvar.js";
import {
  desiredEnv,
  desiredState,
  envVars,
  liveEnv,
  livePlain,
  liveSecret,
  liveState,
  liveVars,
  plainVar,
  presenceVar,
  secretVar,
} from "./helpers/builders.js";

const SECRET = "sk_live_DO_NOT_LEAK_4242";
const OLD_SECRET = "sk_live_OLD_SECRET_1111";

describe("env var planning", () => {
  it("creates a missing variable with its value masked", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("LOG_LEVEL", "warn")) })),
      liveState(liveEnv("prod", { envVars: {} })),
    );
    expect(plan.changes).toEqual([
      {
        address: "prod.envVars.LOG_LEVEL",
        kind: "envVar",
        environment: "prod",
        action: "create",
        fields: [
          { path: "value", before: null, after: null, sensitive: false, masked: true },
          { path: "secret", before: null, after: false, sensitive: false },
        ],
      },
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 0, replace: 0, delete: 0 });
  });

  it("updates a changed plain value, masked by default and shown with showValues", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(plainVar("LOG_LEVEL", "warn")) }));
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("LOG_LEVEL", "info")) }));
    const masked = planChanges(desired, live);
    expect(masked.changes[0].action).toBe("update");
    expect(masked.changes[0].fields).toEqual([{ path: "value", before: null, after: null, sensitive: false, masked: true }]);
    expect(JSON.stringify(masked)).not.toContain('"info"');
    const shown = planChanges(desired, live, { showValues: true });
    expect(shown.changes[0].fields).toEqual([{ path: "value", before: "info", after: "warn", sensitive: false }]);
  });

  it("is a noop when the value and flag match", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("A", "1"), secretVar("S", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("A", "1"), liveSecret("S", SECRET)) })),
    );
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.envVars.A", "noop"],
      ["prod.envVars.S", "noop"],
    ]);
    expect(plan.summary).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
  });

  it("never puts a secret value in the plan, even with showValues", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("STRIPE", SECRET), secretVar("NEW", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE", OLD_SECRET)) })),
      { showValues: true },
    );
    const stripe = plan.changes.find((c) => c.address === "prod.envVars.STRIPE");
    expect(stripe?.fields).toEqual([{ path: "value", before: null, after: null, sensitive: true, masked: true }]);
    const text = JSON.stringify(plan);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(OLD_SECRET);
  });

  it("masks a value that is plain on one side only, even with showValues", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("TOKEN", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("TOKEN", "was-plain")) })),
      { showValues: true },
    );
    expect(plan.changes[0].fields).toEqual([
      { path: "value", before: null, after: null, sensitive: true, masked: true },
      { path: "secret", before: false, after: true, sensitive: false },
    ]);
    expect(JSON.stringify(plan)).not.toContain("was-plain");
    expect(JSON.stringify(plan)).not.toContain(SECRET);
  });

  it("does not invent drift for a secret whose value could not be read", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(secretVar("STRIPE", SECRET)) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE")) })),
    );
    expect(plan.changes[0].action).toBe("noop");
    expect(plan.changes[0].notes).toEqual([expect.objectContaining({ level: "info", code: "value-not-comparable" })]);
  });

  it("makes a lost secret flag its own update with a warning", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { envVars: envVars(plainVar("WEBHOOK", "https://hooks.example.com/x")) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("WEBHOOK")) })),
      { showValues: true },
    );
    const change = plan.changes[0];
    expect(change.action).toBe("update");
    expect(change.fields).toEqual([{ path: "secret", before: true, after: false, sensitive: false }]);
    expect(change.notes?.map((n) => [n.level, n.code])).toEqual([
      ["info", "value-not-comparable"],
      ["warning", "secret-flag-lost"],
    ]);
  });

  it("checks only presence for exists: true", () => {
    const desired = desiredState(desiredEnv("prod", { envVars: envVars(presenceVar("STRIPE_API_KEY")) }));
    const present = planChanges(desired, liveState(liveEnv("prod", { envVars: liveVars(liveSecret("STRIPE_API_KEY", SECRET)) })));
    expect(present.changes.map((c) => c.action)).toEqual(["noop"]);
    expect(present.diagnostics).toEqual([]);
    const missing = planChanges(desired, liveState(liveEnv("prod", { envVars: {} })));
    expect(missing.changes).toEqual([]);
    expect(missing.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "env-var-missing", address: "prod.envVars.STRIPE_API_KEY" }),
    ]);
    expect(missing.diagnostics[0].message).toContain("must exist");
  });

  it("never prunes an exists-only variable", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { prune: { envVars: true }, envVars: envVars(presenceVar("KEEP")) })),
      liveState(liveEnv("prod", { envVars: liveVars(liveSecret("KEEP")) })),
    );
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([["prod.envVars.KEEP", "noop"]]);
  });

  it("lists undeclared variables as unmanaged without prune and deletes them with it", () => {
    const live = liveState(liveEnv("prod", { envVars: liveVars(livePlain("OLD", "x"), liveSecret("OLD_SECRET", SECRET)) }));
    const keep = planChanges(desiredState(desiredEnv("prod", { envVars: {} })), live);
    expect(keep.changes.map((c) => c.action)).toEqual(["unmanaged", "unmanaged"]);
    expect(keep.summary.delete).toBe(0);
    const prune = planChanges(desiredState(desiredEnv("prod", { prune: { envVars: true }, envVars: {} })), live, { showValues: true });
    expect(prune.changes.map((c) => [c.address, c.action])).toEqual([
      ["prod.envVars.OLD", "delete"],
      ["prod.envVars.OLD_SECRET", "delete"],
    ]);
    expect(prune.changes[0].fields[0]).toEqual({ path: "value", before: "x", after: null, sensitive: false });
    expect(prune.changes[1].fields[0]).toEqual({ path: "value", before: null, after: null, sensitive: true, masked: true });
    expect(JSON.stringify(prune)).not.toContain(SECRET);
    expect(prune.summary.delete).toBe(2);
  });

  it("does not read or change variables when the section is omitted", () => {
    const plan = planChanges(
      desiredState(desiredEnv("prod", { prune: { envVars: true } })),
      liveState(liveEnv("prod", { envVars: liveVars(livePlain("OLD", "x")) })),
    );
    expect(plan.changes).toEqual([]);
  });

  it("is reusable one variable at a time (Pulumi providers)", () => {
    expect(diffEnvVar("dev", "A", plainVar("A", "1"), undefined).change?.action).toBe("create");
    expect(diffEnvVar("dev", "A", undefined, livePlain("A", "1")).change?.action).toBe("unmanaged");
    expect(diffEnvVar("dev", "A", undefined, livePlain("A", "1"), { prune: true }).change?.action).toBe("delete");
    expect(diffEnvVar("dev", "A", undefined, undefined)).toEqual({ diagnostics: [] });
  });
});
