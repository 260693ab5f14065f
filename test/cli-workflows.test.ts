import { execFile } from "node:child_process";
import * as fs from "node:fs";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/testing.js";
import type { Emulator } from "../src/emulator/types.js";
import { emulatorEnv, workdir } from "./cli-harness.js";

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
async function runStep(step: Step) {
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
  const env = { PATH: `${bin}:${process.env.PATH}`, GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary, ...emulatorEnv(emulator), ...demoEnv };
  let code = 0;
  try {
    await promisify(execFile)("bash", ["-e", "-c", step.run as string], { cwd, env });
  } catch (error) {
    code = (error as { code: number }).code;
  }
  return { code, output: readFileSync(output, "utf8"), summary: readFileSync(summary, "utf8") };
}

/** A stand-in for actions/github-script's `github`, `context` and `core`, recording every call. */
function gitHub(existing: { comments?: { id: number; body: string; user: { type: string } }[]; issues?: { number: number }[] } = {}) {
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
    },
  };
  const context = { repo: { owner: "acme", repo: "shop" }, issue: { number: 7 }, serverUrl: "https://github.com", runId: 42 };
  const failures: string[] = [];
  const core = { setFailed: (m: string) => failures.push(m) };
  return { github, context, core, calls, failures };
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
