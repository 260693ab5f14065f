import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, FIXTURE_PROJECT, KINDS_CONFIG, kindsSeed, runInProcess, workdir } from "./helpers/cli-harness.js";

// When the API is unreachable or refuses the project (issue 12 item 12): say it is retrying, attempt n of N,
// instead of going silent; a "Project not found" points at `project:` and names the credential's kind.
const RETRY = { maxAttempts: 3, minDelayMs: 1, maxDelayMs: 2 };
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: kindsSeed() });
});
afterAll(async () => {
  await emulator?.close();
});

/** A loopback port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("an unreachable API", () => {
  it("says it is retrying, attempt n of N, then fails with the reason and what to check", async () => {
    const port = await closedPort();
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const env = { ...emulatorEnv(emulator), TRIGGER_API_URL: `http://127.0.0.1:${port}` };
    const run = await runInProcess(["plan", "--env", "prod"], { cwd, env, retry: RETRY });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const notices = run.stderr.split("\n").filter((l) => l.includes("retrying in"));
    expect(notices.length).toBe(2);
    expect(notices[0]).toMatch(new RegExp(`^\\[prod\\] Cannot reach the Trigger.dev API at http://127.0.0.1:${port} \\(connect ECONNREFUSED[^)]*\\): retrying in \\d+ ms \\(attempt 2 of 3\\)…$`));
    expect(notices[1]).toContain("(attempt 3 of 3)");
    expect(run.stderr).toContain("could not reach the Trigger.dev API");
    expect(run.stderr).toContain("Check the API URL");
    expect(run.stderr).not.toContain(emulator.credentials.secretKeys.prod);
  });

  it("says so for server errors too, and goes on when a retry succeeds", async () => {
    const flaky = await startEmulator({ seed: kindsSeed(), faults: [{ kind: "503", probability: 1, times: 2, method: "GET" }] });
    try {
      const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
      const run = await runInProcess(["plan", "--env", "staging"], { cwd, env: emulatorEnv(flaky), retry: RETRY });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("trigger-iac plan for");
      expect(run.stderr).toMatch(/answered HTTP 503[^\n]*: retrying in \d+ ms \(attempt 2 of 3\)…/);
      expect(flaky.requests.filter((r) => r.fault === "503")).toHaveLength(2);
    } finally {
      await flaky.close();
    }
  });
});

describe("a project the credential cannot see", () => {
  const config = KINDS_CONFIG.replace(`project: ${FIXTURE_PROJECT}`, "project: proj_typoinref");

  it("with a PAT: the 404 points at project: file:line:col and names the token's kind, never its value", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config });
    const env = emulatorEnv(emulator, {}, true);
    const run = await runInProcess(["plan", "--env", "prod"], { cwd, env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Project not found [HTTP 404]");
    expect(run.stderr).toMatch(/Check project: in trigger-iac\.yaml:2:\d+ \(proj_typoinref\)/);
    expect(run.stderr).toContain("the personal access token (tr_pat_…) in TRIGGER_ACCESS_TOKEN must belong to that project");
    expect(run.stderr).not.toContain(emulator.credentials.accessToken);
    expect(run.stderr).not.toContain("internal error");
  });

  it("with a secret key: the same, naming the key's variable", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config });
    const run = await runInProcess(["plan", "--env", "prod"], { cwd, env: emulatorEnv(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Check project: in trigger-iac\.yaml:2:\d+ \(proj_typoinref\)/);
    expect(run.stderr).toContain("the prod secret key in TRIGGER_SECRET_KEY_PROD must belong to that project");
    expect(run.stderr).not.toContain(emulator.credentials.secretKeys.prod);
  });
});
