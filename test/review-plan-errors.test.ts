import { describe, expect, it } from "vitest";
import { FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: a plan whose only finding is an error diagnostic (unknown version, unknown queue) must not say
// that live state matches the configuration; an apply with nothing to do says so once.
const fixture = useFixtureWorkspace();

const config = (version: string) => `version: 1
project: ${FIXTURE_PROJECT}
environments:
  prod:
    deployment: { version: "${version}" }
`;

describe("summary line with error diagnostics", () => {
  it("text and Markdown say the plan has errors instead of 'Live state matches' (exit 1)", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("20991231.9") });
    for (const format of ["text", "markdown"]) {
      const run = await runInProcess(["plan", "--format", format], { cwd, env: fixture.env });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain("deployment-not-found");
      expect(run.stdout).not.toContain("Live state matches");
      expect(run.stdout).toContain("No changes planned, but the plan has 1 error(s) (see Diagnostics)");
    }
  });

  it("a plan with changes and errors says apply refuses it", async () => {
    const cwd = workdir({
      "trigger-iac.yaml": `${config("20261102.1")}    queues:\n      tasks:\n        send-emial: { concurrencyLimit: 5 }\n`,
    });
    const run = await runInProcess(["plan"], { cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("Plan: 0 to create, 1 to update, 0 to replace, 0 to delete. The plan has 1 error(s)");
    expect(run.stdout).toContain("Similar task queues: send-email");
  });

  it("apply with nothing to do prints the no-changes sentence once", async () => {
    const cwd = workdir({ "trigger-iac.yaml": config("20261101.1") });
    const run = await runInProcess(["apply", "--auto-approve"], { cwd, env: fixture.env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.match(/No changes/g)).toHaveLength(1);
  });
});
