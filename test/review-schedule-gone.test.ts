import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/cli/main.js";
import { emulatorEnv, FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: a schedule deleted (in the dashboard) while apply waits at its prompt. A PUT on a missing id
// creates a new schedule with a random deduplicationKey (api-behaviour.md §3.4) that the tool can never
// recognise, so the next apply used to create a second one: the task then ran twice.
const fixture = useFixtureWorkspace();

const CONFIG = `version: 1
project: ${FIXTURE_PROJECT}
environments:
  prod:
    schedules:
      nightly: { task: cleanup, cron: "0 3 * * *" }
`;

/** Runs `apply` on a terminal and, when it asks, runs `meanwhile` before answering yes. */
async function applyAnsweringLate(cwd: string, env: Record<string, string>, meanwhile: () => void) {
  let stdout = "";
  let stderr = "";
  const stdin = new PassThrough();
  const code = await runCli(["apply"], {
    stdout: {
      write: (s: string) => {
        stdout += s;
        if (s.includes("Apply these changes?")) {
          meanwhile();
          // After the prompt has started listening (it writes the question first).
          setImmediate(() => stdin.end("yes\n"));
        }
      },
    },
    stderr: { write: (s: string) => (stderr += s) },
    stdin,
    env,
    cwd,
    isTTY: true,
    clientOptions: { retry: false },
  });
  return { code, stdout, stderr };
}

const prodSchedules = () =>
  (fixture.emulator.admin.snapshot().projects[0]?.environments.prod?.schedules ?? []).filter((s) => s.task === "cleanup");

describe("a schedule deleted between plan and apply", () => {
  it("is not resurrected under a random key: apply fails for it, and the next apply recreates exactly one", async () => {
    const cwd = workdir({ "trigger-iac.yaml": CONFIG });
    const env = emulatorEnv(fixture.emulator);
    const nightly = prodSchedules().find((s) => s.deduplicationKey === "iac:prod:nightly");
    expect(nightly).toBeDefined();
    const planned = await runInProcess(["plan", "--format", "json"], { cwd, env });
    const id = JSON.parse(planned.stdout).changes.find((c: { address: string }) => c.address === "prod.schedules.nightly")?.remoteId;
    expect(id).toMatch(/^sched_/);

    const first = await applyAnsweringLate(cwd, { ...env, NO_COLOR: "1" }, () => fixture.emulator.admin.deleteSchedule(id as string));
    expect(first.stdout).toContain("prod.schedules.nightly (update)");
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("deleted since the plan was made");
    expect(first.stdout + first.stderr).not.toMatch(/\n\s+at /);
    // Nothing stray was created by the update.
    expect(prodSchedules().filter((s) => s.cron === "0 3 * * *")).toHaveLength(0);

    const second = await runInProcess(["apply", "--auto-approve"], { cwd, env });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("prod.schedules.nightly: created");
    const now = prodSchedules().filter((s) => s.cron === "0 3 * * *");
    expect(now).toHaveLength(1);
    expect(now[0]?.deduplicationKey).toBe("iac:prod:nightly");
    const third = await runInProcess(["plan", "--detailed-exitcode"], { cwd, env });
    expect(third.code).toBe(0);
  });
});
