import { describe, expect, it } from "vitest";
import { HELP } from "../src/cli/help.js";
import { KINDS_CONFIG, runInProcess, workdir } from "./helpers/cli-harness.js";

// Usage mistakes (issue 12 item 11): "did you mean" for flags, environments and commands; no command is an
// error with the usage on stderr; every help names both default configuration files. None of these may send
// a request: no credentials or API are given, so any attempt would fail differently.
const cwd = workdir({ "trigger-iac.yaml": KINDS_CONFIG });

describe("did you mean", () => {
  it("suggests the closest flag of the command", async () => {
    const run = await runInProcess(["plan", "--detailed-exit-code"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("unknown option '--detailed-exit-code'. Did you mean '--detailed-exitcode'?");
    expect(run.stderr).toContain("Run 'trigger-iac plan --help' for usage.");
    const apply = await runInProcess(["apply", "--auto-aprove"], { cwd });
    expect(apply.stderr).toContain("Did you mean '--auto-approve'?");
    const withValue = await runInProcess(["plan", "--formt=json"], { cwd });
    expect(withValue.stderr).toContain("unknown option '--formt'. Did you mean '--format'?");
  });

  it("says nothing when no flag is close", async () => {
    const run = await runInProcess(["plan", "--frobnicate"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown option '--frobnicate'.");
    expect(run.stderr).not.toContain("Did you mean");
  });

  it("suggests the environment name", async () => {
    const run = await runInProcess(["plan", "--env", "prd"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("--env must be one of dev, staging, prod, preview; got 'prd'. Did you mean 'prod'?");
    const staging = await runInProcess(["apply", "--env", "stagign", "--auto-approve"], { cwd });
    expect(staging.stderr).toContain("Did you mean 'staging'?");
  });

  it("suggests the command", async () => {
    const run = await runInProcess(["plna"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'plna'. Did you mean 'plan'?");
  });
});

describe("no command", () => {
  it("prints the usage to stderr and exits 1, also with only common flags", async () => {
    for (const argv of [[], ["--no-color"], ["--api-url", "http://127.0.0.1:1"]]) {
      const run = await runInProcess(argv, { cwd });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain("Usage: trigger-iac <command> [options]");
    }
    const help = await runInProcess(["--help"], { cwd });
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: trigger-iac <command> [options]");
  });
});

describe("help", () => {
  it("every command's help names both default configuration files", async () => {
    const topics = Object.keys(HELP);
    expect(topics.sort()).toEqual(["apply", "emulator", "import", "main", "parity", "plan", "validate"]);
    for (const topic of topics) {
      const run = await runInProcess(topic === "main" ? ["--help"] : [topic, "--help"], { cwd });
      expect({ topic, code: run.code }).toEqual({ topic, code: 0 });
      const text = run.stdout.replace(/\s+/g, " ");
      expect({ topic, yaml: text.includes("trigger-iac.yaml") }).toEqual({ topic, yaml: true });
      expect({ topic, ts: text.includes("trigger-iac.config.ts") }).toEqual({ topic, ts: true });
    }
  });
});

// node:util's "argument is ambiguous" message came out as one garbled sentence ending in "..".
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
