import { describe, expect, it } from "vitest";
import { escapeMarkdown, MARKDOWN_MARKER } from "../src/render/index.js";
import { emulatorEnv, FIXTURE_PROJECT, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// End to end through runCli: YAML file -> real HTTP to a fresh emulator -> plan in each format.
const fixture = useFixtureWorkspace();

const EXPECTED: Record<string, string> = {
  "staging.envVars.LOG_LEVEL": "noop",
  "staging.envVars.EXTRA": "unmanaged",
  "staging.deployment": "noop",
  "staging.queues.tasks.export": "unmanaged",
  "staging.queues.tasks.resize": "noop",
  "prod.envVars.NEW_VAR": "create",
  "prod.envVars.LOG_LEVEL": "update",
  "prod.envVars.OLD_VAR": "delete",
  "prod.envVars.SAME": "noop",
  "prod.deployment": "update",
  "prod.queues.tasks.send-email": "update",
  "prod.queues.tasks.resize": "noop",
  "prod.queues.tasks.export": "delete",
  "prod.schedules.fresh": "create",
  "prod.schedules.nightly": "update",
  "prod.schedules.weekly": "replace",
  "prod.schedules.gone": "delete",
  "prod.schedules.steady": "noop",
};

const TEXT_LABEL: Record<string, string> = { create: "+", update: "~", replace: "-/+", delete: "-", unmanaged: "?" };

async function plan(format: string, extra: string[] = []) {
  return runInProcess(["plan", "--format", format, ...extra], { cwd: fixture.cwd, env: emulatorEnv(fixture.emulator) });
}

describe("plan: every kind and action, in every format", () => {
  it("json lists each address with its action, plus the undeclared schedules as unmanaged", async () => {
    const run = await plan("json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.formatVersion).toBe(1);
    expect(json.project).toBe("proj_fixturekinds");
    const actions = Object.fromEntries(json.changes.map((c: { address: string; action: string }) => [c.address, c.action]));
    for (const [address, action] of Object.entries(EXPECTED)) expect({ address, action: actions[address] }).toEqual({ address, action });
    // The hand-made schedule and the declarative one are listed unmanaged under their ids (staging does not
    // declare schedules, so its schedules are not read at all).
    const unmanagedSchedules = json.changes.filter((c: { kind: string; action: string }) => c.kind === "schedule" && c.action === "unmanaged");
    expect(unmanagedSchedules.map((c: { address: string }) => c.address.split(".")[0]).sort()).toEqual(["prod", "prod"]);
    expect(json.summary).toEqual({ create: 2, update: 4, replace: 1, delete: 3 });
    // Fields of each kind are there; live env var values are masked by default, values written in the file shown.
    const byAddress = (a: string) => json.changes.find((c: { address: string }) => c.address === a);
    expect(byAddress("prod.schedules.nightly").fields).toEqual([{ path: "cron", before: "30 2 * * *", after: "0 3 * * *", sensitive: false }]);
    expect(byAddress("prod.schedules.weekly").fields[0]).toMatchObject({ path: "task", before: "report-a", after: "report-b" });
    expect(byAddress("prod.deployment").fields).toEqual([{ path: "version", before: "20261101.1", after: "20261102.1", sensitive: false }]);
    expect(byAddress("prod.envVars.LOG_LEVEL").fields[0]).toMatchObject({ path: "value", before: null, after: "warn", masked: "before" });
    expect(run.stdout).not.toContain("debug");
  });

  it("text shows every change with its symbol and each unmanaged object, and hides plain noops", async () => {
    const run = await plan("text");
    expect(run.code).toBe(0);
    for (const [address, action] of Object.entries(EXPECTED)) {
      if (action === "noop") expect(run.stdout).not.toMatch(new RegExp(`${address.replace(/\./g, "\\.")} \\((create|update|replace|delete)\\)`));
      else expect(run.stdout).toContain(`${TEXT_LABEL[action]} ${address} (${action})`);
    }
    expect(run.stdout).toContain('value: (live value hidden) -> "warn"');
    expect(run.stdout).not.toContain("debug");
    expect(run.stdout).toContain("Plan: 2 to create, 4 to update, 1 to replace, 3 to delete.");
  });

  it("markdown starts with the marker, has the summary table and every change, unmanaged ones collapsed", async () => {
    const run = await plan("markdown");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe(`${MARKDOWN_MARKER} project=proj_fixturekinds files=trigger-iac.yaml -->`);
    expect(run.stdout).toContain("| staging | 0 | 0 | 0 | 0 |");
    expect(run.stdout).toMatch(/\| prod \| 2 \| 4 \| 1 \| 3 \| \d+ \| 2 \|/);
    for (const [address, action] of Object.entries(EXPECTED)) {
      const name = address.split(".").slice(address.includes(".deployment") ? 1 : 2).join(".");
      if (action === "noop") continue;
      if (action === "unmanaged") expect(run.stdout).toContain(`unmanaged ${escapeMarkdown(address)}`);
      else expect(run.stdout).toContain(` ${action} | **${escapeMarkdown(name)}** |`);
    }
    // Only changes are rows: 2 creates, 4 updates, 1 replace, 3 deletes; noops are counted, not listed.
    expect(run.stdout.match(/^\| (➕|🔄|♻️|➖) /gm)).toHaveLength(10);
    expect(run.stdout).toContain("<details");
  });

  it("--detailed-exitcode exits 2 when there are changes, and --env narrows the plan", async () => {
    expect((await plan("json", ["--detailed-exitcode"])).code).toBe(2);
    const staging = await plan("json", ["--detailed-exitcode", "--env", "staging"]);
    expect(staging.code).toBe(0);
    expect(JSON.parse(staging.stdout).environments).toEqual(["staging"]);
  });

  it("--show-values reveals plain values only", async () => {
    const run = await plan("json", ["--show-values"]);
    const json = JSON.parse(run.stdout);
    const change = json.changes.find((c: { address: string }) => c.address === "prod.envVars.LOG_LEVEL");
    expect(change.fields[0]).toMatchObject({ path: "value", before: "debug", after: "warn" });
  });

  it("--out writes the JSON plan file", async () => {
    const run = await plan("text", ["--out", "plan.json"]);
    expect(run.code).toBe(0);
    const { readFileSync } = await import("node:fs");
    const saved = JSON.parse(readFileSync(`${fixture.cwd}/plan.json`, "utf8"));
    expect(saved.formatVersion).toBe(1);
    expect(saved.liveFingerprint).toMatch(/^sha256:/);
    expect(run.stderr).toContain("plan.json");
  });
});

describe("plan: errors are one clear message and exit 1", () => {
  it("refuses an unknown flag, an unknown format and an unknown environment", async () => {
    const unknown = await runInProcess(["plan", "--frobnicate"], { cwd: fixture.cwd });
    expect(unknown).toMatchObject({ code: 1, stdout: "" });
    expect(unknown.stderr).toContain("unknown option '--frobnicate'");
    expect(unknown.stderr).toContain("trigger-iac plan --help");
    const format = await runInProcess(["plan", "--format", "yaml"], { cwd: fixture.cwd });
    expect(format.code).toBe(1);
    expect(format.stderr).toContain("--format must be one of text, markdown, json");
    const env = await runInProcess(["plan", "--env", "production"], { cwd: fixture.cwd, env: emulatorEnv(fixture.emulator) });
    expect(env.code).toBe(1);
    expect(env.stderr).toContain("--env must be one of dev, staging, prod, preview");
  });

  it("refuses missing credentials and a key for the wrong environment before any request", async () => {
    fixture.emulator.clearRequests();
    const none = await runInProcess(["plan"], { cwd: fixture.cwd, env: { TRIGGER_API_URL: fixture.emulator.url } });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No credentials for 'staging', 'prod'");
    expect(none.stderr).toContain("TRIGGER_ACCESS_TOKEN");
    const swapped = await runInProcess(["plan"], {
      cwd: fixture.cwd,
      env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_SECRET_KEY_STAGING: fixture.emulator.credentials.secretKeys.prod, TRIGGER_SECRET_KEY_PROD: fixture.emulator.credentials.secretKeys.prod },
    });
    expect(swapped.code).toBe(1);
    expect(swapped.stderr).toContain("TRIGGER_SECRET_KEY_STAGING holds a key for 'prod'");
    expect(swapped.stderr).not.toContain(fixture.emulator.credentials.secretKeys.prod);
    expect(fixture.emulator.requests).toHaveLength(0);
  });

  it("reports an API refusal with the API's own message and no stack trace", async () => {
    const run = await runInProcess(["plan"], {
      cwd: fixture.cwd,
      env: { TRIGGER_API_URL: fixture.emulator.url, TRIGGER_SECRET_KEY_STAGING: "tr_stg_notARealKey000000000000000", TRIGGER_SECRET_KEY_PROD: fixture.emulator.credentials.secretKeys.prod },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Invalid (or Missing )?API key/i);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("prints config issues with file:line:col", async () => {
    const bad = workdir({ "trigger-iac.yaml": "version: 1\nproject: proj_abc\nenvironments:\n  prod:\n    envVars:\n      A: { fromEnv: MISSING_VAR_FOR_TEST }\n" });
    const run = await runInProcess(["plan"], { cwd: bad, env: emulatorEnv(fixture.emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/trigger-iac\.yaml:6:\d+: error: .*MISSING_VAR_FOR_TEST/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("a network failure is a clear message", async () => {
    const run = await runInProcess(["plan", "--api-url", "http://127.0.0.1:9"], { cwd: fixture.cwd, env: { ...emulatorEnv(fixture.emulator), TRIGGER_API_URL: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("could not reach the Trigger.dev API");
    expect(run.stderr).not.toContain("internal error");
  });
});

// A plan whose only finding is an error diagnostic (unknown version, unknown queue) must not say
// that live state matches the configuration; an apply with nothing to do says so once.
const config = (version: string) => `version: 1
project: ${FIXTURE_PROJECT}
environments:
  prod:
    deployment: { version: "${version}" }
`;

describe("summary line with error diagnostics", () => {
  const fixture = useFixtureWorkspace();

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
