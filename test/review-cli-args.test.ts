import { describe, expect, it } from "vitest";
import { runInProcess, workdir } from "./helpers/cli-harness.js";

// Review: node:util's "argument is ambiguous" message came out as one garbled sentence ending in "..".
describe("an option value starting with '-'", () => {
  it("says how to pass it, in one sentence, exit 1", async () => {
    const run = await runInProcess(["apply", "--max-deletes", "-1", "--auto-approve"], { cwd: workdir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      "Error: option '--max-deletes' got a value starting with '-': write it as --max-deletes=VALUE.\nRun 'trigger-iac apply --help' for usage.\n",
    );
  });

  it("with '=', the value itself is checked", async () => {
    const run = await runInProcess(["apply", "--max-deletes=-1", "--auto-approve"], { cwd: workdir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--max-deletes must be a non-negative integer, got '-1'.");
  });
});
