import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, workdir } from "./helpers/cli-harness.js";

// The ready-to-copy GitHub workflows, exercised for real: their `run:` steps execute in bash with `npx
// trigger-iac` pointing at the built CLI and the emulator, and their github-script steps run against a
// recording stand-in for the GitHub API (an external service, not our code).
const ROOT = resolve(__dirname, "..");
const BIN = join(ROOT, "dist", "cli", "bin.js");

interface Step {
  name?: string;
  id?: string;
  run?: string;
  uses?: string;
  with?: { script?: string };
  env?: Record<string, string>;
}

function steps(file: string): Step[] {
  const workflow = parse(readFileSync(join(ROOT, file), "utf8"));
  return Object.values(workflow.jobs as Record<string, { steps: Step[] }>)[0].steps;
}

let emulator: Emulator;
let cwd: string;
let bin: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: join(ROOT, "examples/demo/seed.yaml") });
  cwd = workdir({ "trigger-iac.yaml": readFileSync(join(ROOT, "examples/demo/trigger-iac.yaml"), "utf8").replace("../../schemas", "./schemas") });
  // `npx trigger-iac …` -> the built CLI.
  bin = join(cwd, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "npx"), `#!/bin/sh\n[ "$1" = "trigger-iac" ] && shift\nexec "${process.execPath}" "${BIN}" "$@"\n`);
  chmodSync(join(bin, "npx"), 0o755);
});
afterAll(async () => {
  await emulator?.close();
});

/** Runs one `run:` step in bash like Actions does (`bash -e`), with GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. */
async function runStep(step: Step, extraEnv: Record<string, string> = {}) {
  const output = join(cwd, "github-output");
  const summary = join(cwd, "step-summary");
  writeFileSync(output, "");
  writeFileSync(summary, "");
  const demoEnv = Object.fromEntries(
    readFileSync(join(ROOT, "examples/demo/demo.env"), "utf8")
      .split("\n")
      .filter((l) => /^[A-Z_]+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  const env = { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...emulatorEnv(emulator), ...demoEnv, ...extraEnv };
  let code = 0;
  let stdout = "";
  let stderr = "";
  try {
    ({ stdout, stderr } = await promisify(execFile)("bash", ["-e", "-c", step.run as string], { cwd, env }));
  } catch (error) {
    ({ code, stdout = "", stderr = "" } = error as { code: number; stdout?: string; stderr?: string });
  }
  return { code, stdout, stderr, output: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8") };
}

/** A stand-in for actions/github-script's `github`, `context` and `core`, recording every call. */
function gitHub(
  existing: {
    comments?: { id: number; body: string; user: { type: string } }[];
    issues?: { number: number }[];
    pulls?: { number: number; merged_at: string | null; head: { sha: string } }[];
    runs?: { id: number; html_url: string }[];
  } = {},
) {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const record = (method: string, result: unknown = {}) => async (args: Record<string, unknown>) => {
    calls.push({ method, args });
    return { data: result };
  };
  const github = {
    paginate: async (fn: (a: unknown) => Promise<{ data: unknown }>, args: unknown) => (await fn(args)).data,
    rest: {
      issues: {
        listComments: record("listComments", existing.comments ?? []),
        createComment: record("createComment"),
        updateComment: record("updateComment"),
        listForRepo: record("listForRepo", existing.issues ?? []),
        create: record("create"),
        update: record("update"),
      },
      repos: { listPullRequestsAssociatedWithCommit: record("listPullRequestsAssociatedWithCommit", existing.pulls ?? []) },
      actions: { listWorkflowRuns: record("listWorkflowRuns", { workflow_runs: existing.runs ?? [] }) },
    },
  };
  const context = { repo: { owner: "acme", repo: "shop" }, issue: { number: 7 }, serverUrl: "https://github.com", runId: 42, sha: "merge0sha" };
  const failures: string[] = [];
  const outputs: Record<string, string> = {};
  const core = { setFailed: (m: string) => failures.push(m), setOutput: (k: string, v: string) => (outputs[k] = v), info: () => {} };
  return { github, context, core, calls, failures, outputs };
}

async function runScript(step: Step, api: ReturnType<typeof gitHub>, env: Record<string, string> = {}) {
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const script = new AsyncFunction("github", "context", "core", "require", "process", step.with?.script as string);
  const previous = process.cwd();
  process.chdir(cwd);
  try {
    await script(api.github, api.context, api.core, (m: string) => (m === "node:fs" ? fs : undefined), { env });
  } finally {
    process.chdir(previous);
  }
}

describe("examples/github/pr-plan.yml", () => {
  const all = steps("examples/github/pr-plan.yml");
  const plan = all.find((s) => s.id === "plan") as Step;
  const comment = all.find((s) => s.uses?.startsWith("actions/github-script")) as Step;
  const failStep = all.find((s) => s.name === "Fail on plan errors") as Step & { if?: string };
  const MARKER = `<!-- trigger-iac-plan project=proj_demoacmeshopxxxxxxxxx files=trigger-iac.yaml -->`;

  it("plans with exit code 2 as a success, writes the Markdown plan and the job summary", async () => {
    const result = await runStep(plan);
    expect(result.code).toBe(0);
    expect(result.output).toBe("exitcode=2\n");
    const markdown = readFileSync(join(cwd, "plan.md"), "utf8");
    expect(markdown.split("\n")[0]).toBe(MARKER);
    expect(result.summary).toBe(markdown);
    expect(JSON.parse(readFileSync(join(cwd, "plan.json"), "utf8")).formatVersion).toBe(1);
  });

  it("creates the sticky comment once, then updates it in place; another job's comment is left alone", async () => {
    const first = gitHub();
    await runScript(comment, first);
    expect(first.calls.map((c) => c.method)).toEqual(["listComments", "createComment"]);
    const body = first.calls[1].args.body as string;
    expect(body.startsWith(MARKER)).toBe(true);
    const otherJob = "<!-- trigger-iac-plan project=proj_other files=apps/other/trigger-iac.yaml -->\nother plan";
    const second = gitHub({
      comments: [
        { id: 1, body: "unrelated", user: { type: "User" } },
        { id: 50, body: otherJob, user: { type: "Bot" } },
        { id: 99, body, user: { type: "Bot" } },
      ],
    });
    await runScript(comment, second);
    expect(second.calls.map((c) => c.method)).toEqual(["listComments", "updateComment"]);
    expect(second.calls[1].args).toMatchObject({ comment_id: 99 });
  });

  it("on an error posts the error report over the last plan comment, then fails the job", async () => {
    const previous = gitHub();
    await runStep(plan);
    await runScript(comment, previous);
    const planBody = previous.calls[1].args.body as string;
    writeFileSync(join(cwd, "trigger-iac.yaml.bak"), readFileSync(join(cwd, "trigger-iac.yaml")));
    const broken = readFileSync(join(cwd, "trigger-iac.yaml"), "utf8").replace('cron: "0 3 * * *"', 'cron: "0 3 * *"');
    writeFileSync(join(cwd, "trigger-iac.yaml"), broken);
    try {
      const result = await runStep(plan);
      expect(result.code).toBe(0);
      expect(result.output).toBe("exitcode=1\n");
      const report = readFileSync(join(cwd, "plan.md"), "utf8");
      expect(report.split("\n")[0]).toBe(MARKER);
      expect(report).toContain("The plan failed.");
      expect(report).toMatch(/trigger-iac\.yaml:\d+:\d+:/);
      expect(result.summary).toBe(report);
      const api = gitHub({ comments: [{ id: 99, body: planBody, user: { type: "Bot" } }] });
      await runScript(comment, api);
      expect(api.calls.map((c) => c.method)).toEqual(["listComments", "updateComment"]);
      expect(api.calls[1].args).toMatchObject({ comment_id: 99, body: report });
      expect(failStep.if).toBe("steps.plan.outputs.exitcode == '1'");
      expect((await runStep(failStep)).code).toBe(1);
    } finally {
      writeFileSync(join(cwd, "trigger-iac.yaml"), readFileSync(join(cwd, "trigger-iac.yaml.bak")));
    }
  });
});

describe("examples/github/drift.yml and apply.yml", () => {
  const drift = steps("examples/github/drift.yml");
  const plan = drift.find((s) => s.id === "plan") as Step;
  const issue = drift.find((s) => s.uses?.startsWith("actions/github-script")) as Step;

  it("opens an issue and fails on drift; apply restores; the next night closes the issue", async () => {
    const result = await runStep(plan);
    expect(result.output).toBe("exitcode=2\n");
    const api = gitHub();
    await runScript(issue, api, { EXIT_CODE: "2" });
    expect(api.calls.map((c) => c.method)).toEqual(["listForRepo", "create"]);
    expect(api.calls[1].args).toMatchObject({ title: "Trigger.dev drift detected", labels: ["trigger-iac-drift"] });
    expect(api.failures).toHaveLength(1);

    const apply = steps("examples/github/apply.yml").find((s) => s.name === "Apply") as Step;
    expect((await runStep(apply)).code).toBe(0);

    const clean = await runStep(plan);
    expect(clean.output).toBe("exitcode=0\n");
    const next = gitHub({ issues: [{ number: 5 }] });
    await runScript(issue, next, { EXIT_CODE: "0" });
    expect(next.calls.map((c) => c.method)).toEqual(["listForRepo", "createComment", "update"]);
    expect(next.calls[2].args).toMatchObject({ issue_number: 5, state: "closed" });
    expect(next.failures).toEqual([]);
  });
});

describe("examples/github/apply.yml applies the reviewed plan where it can", () => {
  const all = steps("examples/github/apply.yml");
  const find = all.find((s) => s.id === "reviewed") as Step;
  const apply = all.find((s) => s.name === "Apply") as Step;
  const download = all.find((s) => s.uses?.startsWith("actions/download-artifact")) as Step & { if?: string; with?: Record<string, string> };

  it("finds the plan run of the merged pull request's head commit, and downloads its artifact", async () => {
    const api = gitHub({ pulls: [{ number: 12, merged_at: "2026-12-01T10:00:00Z", head: { sha: "pr0head" } }], runs: [{ id: 777, html_url: "https://github.com/acme/shop/actions/runs/777" }] });
    await runScript(find, api);
    expect(api.calls.map((c) => c.method)).toEqual(["listPullRequestsAssociatedWithCommit", "listWorkflowRuns"]);
    expect(api.calls[0].args).toMatchObject({ commit_sha: "merge0sha" });
    expect(api.calls[1].args).toMatchObject({ workflow_id: "trigger-iac-plan.yml", head_sha: "pr0head", status: "success", event: "pull_request" });
    expect(api.outputs).toEqual({ "run-id": "777", pr: "12" });
    // The artifact pr-plan.yml uploads, from that run.
    const prPlan = steps("examples/github/pr-plan.yml").find((s) => s.uses?.startsWith("actions/upload-artifact")) as Step & { with?: Record<string, string> };
    expect(download.with).toMatchObject({ name: prPlan.with?.name, "run-id": "${{ steps.reviewed.outputs.run-id }}" });
    expect(download.if).toContain("steps.reviewed.outputs.run-id");
    // A direct push (no merged pull request) or a pull request without a plan run: nothing found.
    const direct = gitHub({ pulls: [] });
    await runScript(find, direct);
    expect(direct.outputs).toEqual({});
    const unplanned = gitHub({ pulls: [{ number: 3, merged_at: "2026-12-01T10:00:00Z", head: { sha: "x" } }], runs: [] });
    await runScript(find, unplanned);
    expect(unplanned.outputs).toEqual({});
  });

  it("applies exactly the reviewed plan, and refuses a stale one without changing anything", async () => {
    const reviewed = { REVIEWED_RUN: "777", REVIEWED_PR: "12" };
    // Drift made by hand, planned in the pull request (plan.json is the artifact)...
    emulator.admin.setEnvVar("prod", "LOG_LEVEL", "debug");
    expect((await runStep({ run: "npx trigger-iac plan --out plan.json > /dev/null" })).code).toBe(0);
    const applied = await runStep(apply, reviewed);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("Applying the plan reviewed in pull request #12 (plan run 777).");
    expect(applied.stdout).toContain("Applying the saved plan plan.json");
    expect((await runStep({ run: "npx trigger-iac plan --detailed-exitcode > /dev/null" })).code).toBe(0);

    // ... then someone changes live state after the review: the saved plan is stale, nothing is applied.
    emulator.admin.setEnvVar("prod", "LOG_LEVEL", "error");
    expect((await runStep({ run: "npx trigger-iac plan --out plan.json > /dev/null" })).code).toBe(0);
    emulator.admin.setEnvVar("prod", "API_BASE_URL", "https://changed-after-review.example");
    const before = JSON.stringify(emulator.admin.snapshot());
    emulator.clearRequests();
    const stale = await runStep(apply, reviewed);
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain("is stale: nothing was changed");
    expect(stale.stdout).toContain("::error::The reviewed plan was not applied");
    expect(emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    expect(JSON.stringify(emulator.admin.snapshot())).toBe(before);
  });

  it("without a reviewed plan it plans afresh, guarded by --max-deletes", async () => {
    const run = await runStep(apply);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No reviewed plan for this commit: planning afresh");
    expect(apply.run).toContain("npx trigger-iac apply --auto-approve --max-deletes 10");
    expect((await runStep({ run: "npx trigger-iac plan --detailed-exitcode > /dev/null" })).code).toBe(0);
  });
});
