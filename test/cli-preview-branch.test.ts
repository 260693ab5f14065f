import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { HELP } from "../src/cli/help.js";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// `plan --env preview` end to end: TRIGGER_PREVIEW_BRANCH becomes x-trigger-branch (api-behaviour.md §1.1).
let emulator: Emulator;
let cwd: string;

beforeAll(async () => {
  // The default seed's preview environment declares the branch feature-x.
  emulator = await startEmulator({ rateLimit: false });
  cwd = workdir({
    "trigger-iac.yaml": `version: 1
project: ${emulator.credentials.projectRef}
environments:
  preview:
    envVars:
      LOG_LEVEL: debug
`,
  });
});
afterAll(async () => {
  await emulator?.close();
});
beforeEach(() => emulator.clearRequests());

const previewKeyEnv = (extra: Record<string, string> = {}) => ({
  TRIGGER_API_URL: emulator.url,
  TRIGGER_SECRET_KEY_PREVIEW: emulator.credentials.secretKeys.preview,
  ...extra,
});

describe("plan --env preview", () => {
  it("with TRIGGER_PREVIEW_BRANCH plans against the branch (refs/heads/ stripped)", async () => {
    const run = await runInProcess(["plan", "--env", "preview", "--format", "json"], {
      cwd,
      env: previewKeyEnv({ TRIGGER_PREVIEW_BRANCH: "refs/heads/feature-x" }),
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { changes: { address: string; action: string }[] };
    expect(plan.changes.map((c) => [c.address, c.action])).toEqual([["preview.envVars.LOG_LEVEL", "create"]]);
    expect(emulator.requests.length).toBeGreaterThan(0);
    expect(emulator.requests.every((r) => r.environment === "preview" && r.branch === "feature-x" && r.status === 200)).toBe(true);
  });

  it("without it exits 1 with a message naming TRIGGER_PREVIEW_BRANCH, no stack trace, and sends nothing", async () => {
    const run = await runInProcess(["plan", "--env", "preview"], { cwd, env: previewKeyEnv() });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("set TRIGGER_PREVIEW_BRANCH to the preview branch");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toContain("internal error");
    expect(run.stderr).not.toContain(emulator.credentials.secretKeys.preview);
    expect(emulator.requests).toHaveLength(0);
  });

  it("a TRIGGER_PREVIEW_BRANCH that is not a branch ref is refused with a clear message", async () => {
    const run = await runInProcess(["plan", "--env", "preview"], { cwd, env: previewKeyEnv({ TRIGGER_PREVIEW_BRANCH: "refs/tags/v1" }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("TRIGGER_PREVIEW_BRANCH: The preview branch 'refs/tags/v1' is a git ref but not a branch");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(emulator.requests).toHaveLength(0);
  });

  it("a branch the server does not know is the API's 401, with a hint about TRIGGER_PREVIEW_BRANCH", async () => {
    const run = await runInProcess(["plan", "--env", "preview"], { cwd, env: previewKeyEnv({ TRIGGER_PREVIEW_BRANCH: "no-such-branch" }) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("No matching branch env [HTTP 401]");
    expect(run.stderr).toContain("Check TRIGGER_PREVIEW_BRANCH: it must name an existing branch of the preview environment.");
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("with only a PAT and no branch, env vars are planned against the parent preview environment", async () => {
    const run = await runInProcess(["plan", "--env", "preview", "--format", "json"], {
      cwd,
      env: { TRIGGER_API_URL: emulator.url, TRIGGER_ACCESS_TOKEN: emulator.credentials.accessToken },
    });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(emulator.requests.every((r) => r.auth === "pat" && r.branch === undefined)).toBe(true);
  });
});

it("the help text lists TRIGGER_PREVIEW_BRANCH with the credentials", async () => {
  expect(HELP.main).toContain("TRIGGER_PREVIEW_BRANCH");
  const run = await runInProcess(["--help"]);
  expect(run.stdout).toContain("TRIGGER_PREVIEW_BRANCH names the");
});
