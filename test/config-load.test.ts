import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { defineConfig, formatIssues, loadConfig, validateConfigText } from "../src/config/index.js";

const dir = mkdtempSync(join(tmpdir(), "trigger-iac-load-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const p = join(dir, name);
  mkdirSync(p, { recursive: true });
  for (const [f, text] of Object.entries(files)) writeFileSync(join(p, f), text);
  return p;
}

const head = "version: 1\nproject: proj_loadtestxxxxxxxxxxx\n";

describe("loadConfig defaults", () => {
  it("reads trigger-iac.yaml from cwd and fills defaults", async () => {
    const cwd = project("defaults", {
      "trigger-iac.yaml": `${head}environments:\n  prod:\n    schedules:\n      nightly: { task: cleanup, cron: "0 3 * * *" }\n  dev: {}\n`,
      "trigger-iac.config.ts": "throw new Error('the YAML file wins');\n",
    });
    const r = await loadConfig({ cwd });
    expect(r.issues).toEqual([]);
    expect(r.desired).toEqual({
      project: "proj_loadtestxxxxxxxxxxx",
      environments: [
        { name: "dev", prune: { envVars: false, schedules: true, queues: false }, source: { file: "trigger-iac.yaml", line: 7, col: 3 } },
        {
          name: "prod",
          prune: { envVars: false, schedules: true, queues: false },
          source: { file: "trigger-iac.yaml", line: 4, col: 3 },
          schedules: {
            nightly: {
              key: "nightly",
              task: "cleanup",
              cron: "0 3 * * *",
              timezone: "UTC",
              externalId: null,
              active: true,
              deduplicationKey: "iac:prod:nightly",
              source: { file: "trigger-iac.yaml", line: 6, col: 7 },
            },
          },
        },
      ],
    });
  });

  it("falls back to trigger-iac.config.ts, and `trigger-iac` resolves to this package's defineConfig", async () => {
    const cwd = project("ts-default", {
      "trigger-iac.config.ts": [
        'import { defineConfig } from "trigger-iac";',
        'import type { TriggerIacConfig } from "trigger-iac";',
        "const envs: TriggerIacConfig['environments'] = { prod: { envVars: { LOG_LEVEL: 'warn' } } };",
        "export default defineConfig({ version: 1, project: 'proj_loadtestxxxxxxxxxxx', apiUrl: 'https://t.example.com/', environments: envs });",
      ].join("\n"),
    });
    const r = await loadConfig({ cwd });
    expect(r.issues).toEqual([]);
    expect(r.desired?.apiUrl).toBe("https://t.example.com");
    expect(r.desired?.environments[0].envVars?.LOG_LEVEL).toMatchObject({ value: "warn", secret: false });
  });

  it("reports a TypeScript config that fails to load, or exports nothing, at the file", async () => {
    const cwd = project("ts-bad", {
      "throws.config.ts": "const key = 'x';\nthrow new Error('boom ' + key);\nexport default {};\n",
      "empty.config.ts": "export const unrelated = 1;\n",
      "syntax.config.ts": "export default defineConfig({ version: 1, \n",
    });
    const r = await loadConfig({ cwd, files: ["throws.config.ts", "empty.config.ts", "syntax.config.ts"] });
    expect(r.desired).toBeUndefined();
    expect(r.issues.map((i) => `${i.file}:${i.line}:${i.col} ${i.code}`)).toEqual([
      "throws.config.ts:1:1 config-load",
      "empty.config.ts:1:1 config-export",
      "syntax.config.ts:1:1 config-load",
    ]);
    expect(r.issues[0].message).toContain("boom x");
  });

  it("validates a TypeScript config like YAML, pointing at its keys", async () => {
    const cwd = project("ts-invalid", {
      "trigger-iac.config.ts": [
        'import { defineConfig } from "trigger-iac";',
        "export default defineConfig({",
        "  version: 1,",
        "  project: 'proj_loadtestxxxxxxxxxxx',",
        "  environments: {",
        "    prod: {",
        "      schedules: { nightly: { task: 'cleanup', cron: '@daily', timezone: 'Europe/Londn' } },",
        "    },",
        "  },",
        "} as any);",
      ].join("\n"),
    });
    const r = await loadConfig({ cwd });
    expect(r.issues.map((i) => `${i.line}:${i.col} ${i.code}`)).toEqual(["7:54 cron-fields", "7:74 timezone-unknown"]);
  });

  it("says so when there is no config file", async () => {
    const cwd = project("nothing", {});
    const r = await loadConfig({ cwd });
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0].message).toContain("no trigger-iac.yaml or trigger-iac.config.ts");
  });
});

describe("secrets and environment", () => {
  const text = [
    head.trimEnd(),
    "environments:",
    "  prod:",
    "    envVars:",
    "      LITERAL: { value: hunter2-literal-secret, secret: true }",
    "      FROM_ENV: { fromEnv: PROD_TOKEN, secret: true }",
    "      BAD: { value: hunter2-literal-secret, secret: tru }",
    "      TOKEN: tr_prod_abcdefghijklmnopqrstuvwx",
    "    schedules:",
    "      x: { task: t, cron: '* * * *' }",
  ].join("\n");

  it("never shows a secret value or a credential in a message or a frame", () => {
    const r = validateConfigText(text, "s.yaml", { PROD_TOKEN: "env-secret-value-123" });
    const out = formatIssues(r.issues, { color: true }) + JSON.stringify(r.issues);
    expect(r.issues.length).toBeGreaterThanOrEqual(4);
    expect(out).not.toContain("hunter2");
    expect(out).not.toContain("env-secret-value-123");
    expect(out).not.toContain("another-secret-value");
    expect(out).not.toContain("abcdefghijklmnopqrstuvwx");
    expect(out).toContain("tr_prod_…");
    // The masked frame keeps its columns: the caret still lines up with `tru`.
    const bad = r.issues.find((i) => i.code === "invalid-type" && i.line === 8);
    expect(bad?.frame).toContain("{ value: **********************, secret: tru }");
  });

  it("reads fromEnv values only from the injected env, never from process.env", () => {
    const yaml = `${head}environments:\n  prod:\n    envVars:\n      A: { fromEnv: TRIGGER_IAC_TEST_ONLY_VAR }\n`;
    process.env.TRIGGER_IAC_TEST_ONLY_VAR = "from-process-env";
    try {
      expect(validateConfigText(yaml, "e.yaml").issues.map((i) => i.code)).toEqual(["fromenv-missing"]);
      const r = validateConfigText(yaml, "e.yaml", { TRIGGER_IAC_TEST_ONLY_VAR: "injected" });
      expect(r.desired?.environments[0].envVars?.A).toMatchObject({ value: "injected", fromEnv: "TRIGGER_IAC_TEST_ONLY_VAR", secret: false });
    } finally {
      delete process.env.TRIGGER_IAC_TEST_ONLY_VAR;
    }
  });
});

describe("timezones", () => {
  const yaml = `${head}environments:\n  prod:\n    schedules:\n      x: { task: t, cron: "0 3 * * *", timezone: Mars/Olympus_Mons }\n`;
  it("uses the snapshot by default and a live list when given one", () => {
    expect(validateConfigText(yaml, "t.yaml").issues.map((i) => i.code)).toEqual(["timezone-unknown"]);
    expect(validateConfigText(yaml, "t.yaml", {}, { timezones: ["UTC", "Mars/Olympus_Mons"] }).issues).toEqual([]);
    const live = validateConfigText(yaml.replace("Mars/Olympus_Mons", "Europe/London"), "t.yaml", {}, { timezones: ["UTC", "Europe/Londres"] });
    expect(live.issues[0].message).toContain("did you mean 'Europe/Londres'?");
  });
});

describe("formatIssues", () => {
  it("prints file:line:col: severity: message [code] and the frame", () => {
    const r = validateConfigText(`${head}environments:\n  prod:\n    schedule: {}\n    envVars:\n      my-var: x\n`, "f.yaml");
    expect(formatIssues(r.issues)).toBe(
      [
        "f.yaml:5:5: error: unknown key 'schedule' in environments.prod (did you mean 'schedules'?) [unknown-key]",
        "  4 |   prod:",
        "> 5 |     schedule: {}",
        "    |     ^",
        "",
        "f.yaml:7:7: warning: variable name 'my-var' is not letters, digits and underscores (not starting with a digit): the dashboard refuses such names and tasks may not read them [envvar-name]",
        "  6 |     envVars:",
        "> 7 |       my-var: x",
        "    |       ^",
      ].join("\n"),
    );
    const colored = formatIssues(r.issues, { color: true });
    expect(colored).toContain("\u001b[31m");
    // eslint-disable-next-line no-control-regex -- stripping ANSI colour codes is the point
    expect(colored.replace(/\u001b\[[0-9;]*m/g, "")).toBe(formatIssues(r.issues));
  });

  it("gives a desired state alongside warnings", () => {
    const r = validateConfigText(`${head}environments:\n  prod:\n    envVars:\n      my-var: x\n`, "w.yaml");
    expect(r.issues.map((i) => i.severity)).toEqual(["warning"]);
    expect(r.desired?.environments[0].envVars?.["my-var"]).toMatchObject({ value: "x" });
  });
});

describe("defineConfig", () => {
  it("returns its argument", () => {
    const c = { version: 1 as const, project: "proj_x" };
    expect(defineConfig(c)).toBe(c);
  });
});

describe("YAML anchors and merge keys", () => {
  it("shares settings between environments, positions pointing at the anchor", () => {
    const yaml = [
      head.trimEnd(),
      "environments:",
      "  staging:",
      "    envVars: &shared",
      "      LOG_LEVEL: info",
      "      REGION: eu-west-1",
      "  prod:",
      "    envVars:",
      "      <<: *shared",
      "      LOG_LEVEL: warn",
    ].join("\n");
    const r = validateConfigText(yaml, "m.yaml");
    expect(r.issues).toEqual([]);
    const prod = r.desired?.environments.find((e) => e.name === "prod");
    expect(prod?.envVars?.LOG_LEVEL).toMatchObject({ value: "warn", source: { line: 11, col: 7 } });
    expect(prod?.envVars?.REGION).toMatchObject({ value: "eu-west-1", source: { line: 7, col: 7 } });
  });

  it("refuses an alias bomb with an issue instead of exhausting memory", () => {
    const lines = [head.trimEnd(), "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 8; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(", ")}]`);
    const r = validateConfigText(lines.join("\n"), "bomb.yaml");
    expect(r.desired).toBeUndefined();
    expect(r.issues.some((i) => i.code === "yaml-syntax" && i.line === 1 && i.col === 1)).toBe(true);
  });
});
