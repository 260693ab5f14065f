import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import type { DesiredState } from "../src/model/desired.js";
import { formatIssues, loadConfig } from "../src/config/index.js";

const root = join(import.meta.dirname, "..");
const examples = join(root, "examples");

/** Every YAML config under examples/ (first line names the schema), found anew on each run. */
function discoverYaml(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === "node_modules") continue;
    if (statSync(p).isDirectory()) out.push(...discoverYaml(p));
    else if (/\.ya?ml$/.test(name) && /^# yaml-language-server: \$schema=\S*trigger-iac\.schema\.json/.test(readFileSync(p, "utf8"))) out.push(p);
  }
  return out;
}

/** Every `fromEnv` a config refers to gets a value, as the CI job of a user would export them. */
function fromEnvNames(value: unknown, out = new Set<string>()): Set<string> {
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "fromEnv" && typeof v === "string") out.add(v);
      else fromEnvNames(v, out);
    }
  }
  return out;
}

function envFor(file: string, text: string): Record<string, string> {
  const names = file.endsWith(".ts")
    ? [...text.matchAll(/fromEnv:\s*["']([A-Za-z_][A-Za-z0-9_]*)["']/g)].map((m) => m[1])
    : [...fromEnvNames(parse(text))];
  return Object.fromEntries(names.map((n) => [n, `value-of-${n}`]));
}

function withoutSources(d: DesiredState | undefined): unknown {
  return JSON.parse(JSON.stringify(d, (k, v) => (k === "source" || k === "projectSource" ? undefined : v)));
}

const yamlFiles = discoverYaml(examples);
const tsFiles = readdirSync(examples).filter((n) => n.endsWith(".config.ts")).map((n) => join(examples, n));

describe("examples", () => {
  it("finds the YAML examples and the TypeScript one", () => {
    const names = yamlFiles.map((f) => relative(examples, f));
    expect(names).toEqual(expect.arrayContaining(["trigger-iac.yaml", "full.yaml", "multi-env/prod.yaml"]));
    expect(tsFiles.map((f) => relative(examples, f))).toContain("trigger-iac.config.ts");
  });

  it.each(yamlFiles.map((f) => [relative(examples, f), f]))("%s validates", async (_name, file) => {
    const result = await loadConfig({ files: [file], cwd: root, env: envFor(file, readFileSync(file, "utf8")) });
    expect(result.issues.filter((i) => i.severity === "error"), formatIssues(result.issues)).toEqual([]);
    expect(result.desired?.project).toMatch(/^proj_/);
    expect(result.desired?.environments.length).toBeGreaterThan(0);
  });

  it.each(tsFiles.map((f) => [relative(examples, f), f]))("%s validates", async (_name, file) => {
    const result = await loadConfig({ files: [file], cwd: root, env: envFor(file, readFileSync(file, "utf8")) });
    expect(result.issues, formatIssues(result.issues)).toEqual([]);
    expect(result.desired?.project).toMatch(/^proj_/);
  });

  it("trigger-iac.config.ts gives the same desired state as trigger-iac.yaml", async () => {
    const env = { STAGING_SLACK_WEBHOOK_URL: "https://hooks.slack.example/T0/B0/x" };
    const fromYaml = await loadConfig({ files: ["examples/trigger-iac.yaml"], cwd: root, env });
    const fromTs = await loadConfig({ files: ["examples/trigger-iac.config.ts"], cwd: root, env });
    expect(fromYaml.desired).toBeDefined();
    expect(withoutSources(fromTs.desired)).toEqual(withoutSources(fromYaml.desired));
    // Sources point into the TypeScript file, at the keys.
    const staging = fromTs.desired?.environments.find((e) => e.name === "staging");
    const sched = staging?.schedules?.["nightly-cleanup"];
    const line = readFileSync(join(examples, "trigger-iac.config.ts"), "utf8").split("\n")[(sched?.source?.line ?? 1) - 1];
    expect(sched?.source?.file).toBe("examples/trigger-iac.config.ts");
    expect(line.slice((sched?.source?.col ?? 1) - 1)).toMatch(/^"nightly-cleanup":/);
  });

  it("the multi-env directory loads as one merged project", async () => {
    const env = { PROD_SLACK_WEBHOOK_URL: "https://a.example", STAGING_SLACK_WEBHOOK_URL: "https://b.example" };
    const result = await loadConfig({ files: ["examples/multi-env"], cwd: root, env });
    expect(result.issues, formatIssues(result.issues)).toEqual([]);
    const d = result.desired;
    expect(d?.environments.map((e) => e.name)).toEqual(["staging", "prod"]);
    const prod = d?.environments.find((e) => e.name === "prod");
    expect(Object.keys(prod?.schedules ?? {})).toEqual(["nightly-cleanup", "weekly-report"]);
    expect(prod?.schedules?.["weekly-report"]?.source?.file).toBe("examples/multi-env/shared-schedules.yaml");
    expect(prod?.prune).toEqual({ envVars: true, schedules: true, queues: false });
  });
});
