import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { markdownToHtml } from "../scripts/markdown-html.mjs";
import { emulatorEnv, FIXTURE_KEYS, KINDS_CONFIG, runInProcess, useFixtureWorkspace, workdir } from "./helpers/cli-harness.js";

// issue 12 items 6-8: the header (project, config files, commit and run under GitHub Actions), errors posted as
// a Markdown comment (exit 1), and the sticky marker naming project and config files.
const fixture = useFixtureWorkspace();
const HEAD_SHA = "0123456789abcdef0123456789abcdef01234567";
const MERGE_SHA = "fedcba9876543210fedcba9876543210fedcba98";

function actions(workspace: string): Record<string, string> {
  const event = join(workspace, "event.json");
  writeFileSync(event, JSON.stringify({ pull_request: { number: 7, head: { sha: HEAD_SHA } } }));
  return {
    GITHUB_ACTIONS: "true",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: "acme/shop",
    GITHUB_SHA: MERGE_SHA,
    GITHUB_RUN_ID: "987654",
    GITHUB_RUN_NUMBER: "12",
    GITHUB_WORKFLOW: "trigger-iac plan",
    GITHUB_EVENT_PATH: event,
    GITHUB_WORKSPACE: workspace,
  };
}

/** A repository with the fixture config in a sub-folder, as a monorepo would have it. */
function repository(folder = "infra"): { root: string; cwd: string } {
  const root = workdir();
  const cwd = join(root, folder);
  mkdirSync(cwd);
  writeFileSync(join(cwd, "trigger-iac.yaml"), KINDS_CONFIG);
  return { root, cwd };
}

const plan = (cwd: string, env: Record<string, string>, extra: string[] = []) =>
  runInProcess(["plan", "--format", "markdown", ...extra], { cwd, env: { ...fixture.env, ...env } });

describe("header and sticky marker", () => {
  it("under GitHub Actions: the files from the repository root, the pull request's head commit and the run", async () => {
    const { root, cwd } = repository();
    const run = await plan(cwd, actions(root));
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[0]).toBe("<!-- trigger-iac-plan project=proj_fixturekinds files=infra/trigger-iac.yaml -->");
    const html = markdownToHtml(run.stdout);
    expect(html).toContain("<h3>trigger-iac plan: proj_fixturekinds</h3>");
    expect(html).toContain("Config: <strong>infra/trigger-iac.yaml</strong>");
    expect(html).toContain(`Commit: <a href="https://github.com/acme/shop/commit/${HEAD_SHA}">0123456</a>`);
    expect(html).toContain('<a href="https://github.com/acme/shop/actions/runs/987654">trigger-iac plan run #12</a>');
    expect(run.stdout).not.toContain(MERGE_SHA);
  });

  it("outside GitHub Actions: no commit or run, the files as named", async () => {
    const run = await plan(fixture.cwd, {}, ["-f", "trigger-iac.yaml"]);
    expect(run.stdout.split("\n")[0]).toBe("<!-- trigger-iac-plan project=proj_fixturekinds files=trigger-iac.yaml -->");
    expect(run.stdout).toContain("Config: **trigger-iac.yaml**\n");
    expect(run.stdout).not.toContain("Commit:");
  });

  it("two plan jobs in one repository (other folder, or --env) get different markers", async () => {
    const { root } = repository("infra");
    const other = join(root, "apps");
    mkdirSync(other);
    writeFileSync(join(other, "trigger-iac.yaml"), KINDS_CONFIG);
    const env = actions(root);
    const markers = await Promise.all([
      plan(join(root, "infra"), env),
      plan(other, env),
      plan(join(root, "infra"), env, ["--env", "prod"]),
    ]).then((runs) => runs.map((r) => r.stdout.split("\n")[0]));
    expect(markers).toEqual([
      "<!-- trigger-iac-plan project=proj_fixturekinds files=infra/trigger-iac.yaml -->",
      "<!-- trigger-iac-plan project=proj_fixturekinds files=apps/trigger-iac.yaml -->",
      "<!-- trigger-iac-plan project=proj_fixturekinds files=infra/trigger-iac.yaml env=prod -->",
    ]);
  });
});

describe("a failed plan is posted too (exit 1)", () => {
  it("config errors: the same marker as the plan, every error with file:line:col, nothing read", async () => {
    const { root, cwd } = repository();
    const env = actions(root);
    const good = await plan(cwd, env);
    writeFileSync(join(cwd, "trigger-iac.yaml"), KINDS_CONFIG.replace('cron: "0 3 * * *"', 'cron: "0 3 * *"').replace("LOG_LEVEL: warn", "LOG_LEVEL: [warn]"));
    fixture.emulator.clearRequests();
    const bad = await plan(cwd, env);
    expect(bad.code).toBe(1);
    expect(fixture.emulator.requests).toHaveLength(0);
    expect(bad.stdout.split("\n")[0]).toBe(good.stdout.split("\n")[0]);
    const html = markdownToHtml(bad.stdout);
    expect(html).toContain('<blockquote class="alert alert-caution">');
    expect(html).toContain("<strong>The plan failed.</strong> The configuration has 2 errors: nothing was read or changed.");
    const items = [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""));
    expect(items).toHaveLength(2);
    for (const item of items) expect(item).toMatch(/^❌ error trigger-iac\.yaml:\d+:\d+: environments\.prod\./);
    expect(html).toContain('Commit: <a href="https://github.com/acme/shop/commit/');
    expect(bad.stderr).toMatch(/trigger-iac\.yaml:\d+:\d+/); // the log has them too
  });

  it("an API refusal: the API's own message, no credential in the comment", async () => {
    const wrongKey = "tr_prod_notTheRightKey00000000000";
    const run = await plan(fixture.cwd, { TRIGGER_SECRET_KEY_PROD: wrongKey }, ["--env", "prod"]);
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")[0]).toBe("<!-- trigger-iac-plan project=proj_fixturekinds files=trigger-iac.yaml env=prod -->");
    const html = markdownToHtml(run.stdout);
    expect(html).toContain("<strong>The plan failed.</strong> The live project could not be read: nothing was changed.");
    expect(html).toMatch(/❌ <strong>error<\/strong> \[prod\] the Trigger\.dev API refused GET [^\n]+\[HTTP 401\]/);
    expect(html).toContain("Check TRIGGER_ACCESS_TOKEN / TRIGGER_SECRET_KEY_&lt;ENV&gt;");
    for (const out of [run.stdout, run.stderr]) {
      expect(out).not.toContain(wrongKey);
      expect(out).not.toContain(FIXTURE_KEYS.prod);
    }
  });

  it("a missing credential, and a secret value in a config error, are redacted", async () => {
    const secret = "sk_live_config_error_secret_9999";
    const cwd = workdir({
      "trigger-iac.yaml": `version: 1\nproject: proj_fixturekinds\nenvironments:\n  prod:\n    envVars:\n      TOKEN: { fromEnv: PROD_TOKEN, secret: true }\n      LOG_LEVEL: [bad]\n`,
    });
    const configError = await runInProcess(["plan", "--format", "markdown"], { cwd, env: { ...emulatorEnv(fixture.emulator), PROD_TOKEN: secret } });
    expect(configError.code).toBe(1);
    expect(configError.stdout).toContain("trigger-iac.yaml:7:");
    expect(configError.stdout).not.toContain(secret);
    const noKey = await runInProcess(["plan", "--format", "markdown", "--env", "prod"], { cwd: fixture.cwd, env: { TRIGGER_API_URL: fixture.emulator.url } });
    expect(noKey.code).toBe(1);
    expect(markdownToHtml(noKey.stdout)).toMatch(/<strong>The plan failed\.<\/strong>/);
    expect(noKey.stdout).toContain("TRIGGER\\_SECRET\\_KEY\\_PROD");
  });

  it("a failure after the plan was printed (--out not writable) adds no second report", async () => {
    const run = await plan(fixture.cwd, {}, ["--out", "no/such/dir/plan.json"]);
    expect(run.code).toBe(1);
    expect(run.stdout.match(/<!-- trigger-iac-plan/g)).toHaveLength(1);
    expect(run.stdout).not.toContain("The plan failed.");
    expect(run.stderr).toContain("Cannot write the plan to no/such/dir/plan.json");
  });
});
