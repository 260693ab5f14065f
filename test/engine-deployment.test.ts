import { describe, expect, it } from "vitest";
import { planChanges } from "../src/engine/plan.js";
import { compareDeploymentVersions } from "../src/engine/canonical.js";
import { diffDeployment, isRollback } from "../src/engine/diff-deployment.js";
import type { LiveDeployment } from "../src/model/index.js";
import { desiredEnv, desiredState, liveEnv, liveState } from "./helpers/builders.js";

const ref = (version: string, status = "DEPLOYED") => ({ id: `deployment_${version}`, version, status });
const planFor = (version: string, deployment: LiveDeployment | undefined) =>
  planChanges(desiredState(desiredEnv("prod", { deployment: { version } })), liveState(liveEnv("prod", deployment ? { deployment } : {})));

describe("deployment planning", () => {
  it("is a noop when the declared version is current", () => {
    const plan = planFor("20261120.3", { current: ref("20261120.3") });
    expect(plan.changes).toEqual([
      {
        address: "prod.deployment",
        kind: "deployment",
        environment: "prod",
        target: { kind: "deployment" },
        action: "noop",
        fields: [],
        remoteId: "deployment_20261120.3",
      },
    ]);
  });

  it("promotes a newer version as an update", () => {
    const plan = planFor("20261120.3", { current: ref("20261118.1"), declared: ref("20261120.3") });
    expect(plan.changes[0]).toMatchObject({ action: "update", remoteId: "deployment_20261120.3" });
    expect(plan.changes[0].fields).toEqual([{ path: "version", before: "20261118.1", after: "20261120.3", sensitive: false }]);
    expect(plan.changes[0].notes).toBeUndefined();
    expect(isRollback(plan.changes[0])).toBe(false);
  });

  it("is a create when nothing is promoted yet", () => {
    const plan = planFor("20261120.3", { current: null, declared: ref("20261120.3") });
    expect(plan.changes[0].action).toBe("create");
    expect(plan.changes[0].fields).toEqual([{ path: "version", before: null, after: "20261120.3", sensitive: false }]);
    expect(plan.summary.create).toBe(1);
  });

  it("flags a rollback with a warning", () => {
    const plan = planFor("20261118.1", { current: ref("20261120.3"), declared: ref("20261118.1") });
    expect(plan.changes[0].action).toBe("update");
    expect(plan.changes[0].notes).toEqual([expect.objectContaining({ level: "warning", code: "rollback" })]);
    expect(isRollback(plan.changes[0])).toBe(true);
  });

  it("refuses an unknown version or one not looked up", () => {
    const unknown = planFor("20261199.1", { current: ref("20261120.3"), declared: null });
    expect(unknown.changes).toEqual([]);
    expect(unknown.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "deployment-not-found", address: "prod.deployment" })]);
    expect(planFor("20261199.1", undefined).diagnostics[0].code).toBe("deployment-not-found");
  });

  it("refuses a version that is not DEPLOYED", () => {
    const plan = planFor("20261121.1", { current: ref("20261120.3"), declared: ref("20261121.1", "FAILED") });
    expect(plan.diagnostics).toEqual([expect.objectContaining({ code: "deployment-not-deployed" })]);
    expect(plan.diagnostics[0].message).toContain("FAILED");
  });

  it("ignores an undeclared deployment", () => {
    expect(diffDeployment("prod", undefined, { current: ref("1.1") })).toEqual({ diagnostics: [] });
  });

  it("compares versions like the server", () => {
    expect(compareDeploymentVersions("20261118.1", "20261120.3")).toBeLessThan(0);
    expect(compareDeploymentVersions("20261120.10", "20261120.9")).toBeGreaterThan(0);
    expect(compareDeploymentVersions("20261120.2", "20261120.2")).toBe(0);
  });
});
