import { describe, expect, it } from "vitest";
import { FIXTURE_PROJECT, KINDS_CONFIG, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// Review: files the user names on the command line that cannot be read or written get a plain reason,
// not Node's "ENOENT: no such file or directory, open '/abs/path'" or a bare "ENOENT".
const fixture = useFixtureWorkspace();

describe("unreadable and unwritable files", () => {
  it("plan --out into a missing directory", async () => {
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const run = await runInProcess(["plan", "--out", "no/such/dir/plan.json"], { cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("Error: Cannot write the plan to no/such/dir/plan.json: no such file or directory.\n");
  });

  it("apply --plan with a missing file and with a directory", async () => {
    const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });
    const missing = await runInProcess(["apply", "--plan", "missing.json", "--auto-approve"], { cwd, env: fixture.env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Error: Cannot read the plan file missing.json: no such file or directory.");
    const dir = await runInProcess(["apply", "--plan", ".", "--auto-approve"], { cwd, env: fixture.env });
    expect(dir.code).toBe(1);
    expect(dir.stderr).toContain("Error: Cannot read the plan file .: it is a directory.");
  });

  it("import -o into a missing directory", async () => {
    const cwd = workdir();
    const run = await runInProcess(["import", "--project", FIXTURE_PROJECT, "--env", "prod", "-o", "no/dir/x.yaml"], { cwd, env: fixture.env });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("Error: Cannot write no/dir/x.yaml: no such file or directory.");
    expect(run.stderr).not.toContain("ENOENT");
  });
});
