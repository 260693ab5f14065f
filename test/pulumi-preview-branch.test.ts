import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { up } from "./helpers/pulumi-steps.js";

// The Pulumi providers read TRIGGER_PREVIEW_BRANCH like the credentials (api-behaviour.md §1.1).
let withBranch: HostFixture;
let withoutBranch: HostFixture;
beforeAll(async () => {
  withBranch = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PREVIEW: e.credentials.secretKeys.preview, TRIGGER_PREVIEW_BRANCH: "feature-x" }));
  withoutBranch = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PREVIEW: e.credentials.secretKeys.preview, TRIGGER_PREVIEW_BRANCH: "" }));
});
afterAll(async () => {
  await withBranch?.dispose();
  await withoutBranch?.dispose();
});

async function declare(f: HostFixture) {
  const [reg] = await captureRegistrations(
    () => new f.pulumi.EnvVar("level", { project: f.projectRef, environment: "preview", name: "LOG_LEVEL", value: "debug" } as never),
  );
  return reg;
}

describe("EnvVar in the preview environment with a preview secret key", () => {
  it("with TRIGGER_PREVIEW_BRANCH: created through the branch", async () => {
    const created = await up(withBranch.host, await declare(withBranch));
    expect(created.op).toBe("create");
    // The value is the branch's own (a child environment); the preview environment itself is untouched.
    const preview = withBranch.emulator.admin.snapshot().projects[0]!.environments.preview!;
    expect(preview.branchEnvVars!["feature-x"]!.LOG_LEVEL).toEqual({ value: "debug", secret: false });
    expect(preview.envVars).not.toHaveProperty("LOG_LEVEL");
    const sent = withBranch.emulator.requests;
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((r) => r.environment === "preview" && r.branch === "feature-x")).toBe(true);
  });

  it("without it: refused with a message naming TRIGGER_PREVIEW_BRANCH, before any request", async () => {
    const error = await up(withoutBranch.host, await declare(withoutBranch)).catch((e: unknown) => e);
    expect(String((error as Error)?.message ?? error)).toContain("set TRIGGER_PREVIEW_BRANCH");
    expect(withoutBranch.emulator.requests).toHaveLength(0);
    expect(withoutBranch.emulator.admin.snapshot().projects[0]!.environments.preview!.envVars).not.toHaveProperty("LOG_LEVEL");
  });
});
