/**
 * Runtime-mock tests (pulumi.runtime.setMocks) of the `Project` component: for every example config, the
 * resources declared, their names and types, their inputs, and that every serialized provider compiles.
 * Mocks never call providers (shared/reference/pulumi-dynamic.md §3); the host tests cover behaviour.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config/index.js";
import { address } from "../src/model/plan.js";
import { isPresenceOnly, type DesiredState } from "../src/model/desired.js";
import { captureRegistrations, loadSerializedProvider, type Registration } from "./helpers/pulumi-capture.js";
import { isSecret, withoutSecretValues } from "./helpers/pulumi-host.js";
import { importBuiltPulumi, REPO_ROOT } from "./helpers/pulumi-project.js";

let pulumiMod: Awaited<ReturnType<typeof importBuiltPulumi>>;
beforeAll(async () => {
  pulumiMod = await importBuiltPulumi();
});

const EXAMPLES = join(REPO_ROOT, "examples");
/** Every YAML config under examples/ (those naming the schema on their first line), found anew on each run. */
function discoverYaml(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (name === "node_modules") return [];
      if (statSync(p).isDirectory()) return discoverYaml(p);
      return /\.ya?ml$/.test(name) && /^# yaml-language-server: \$schema=\S*trigger-iac\.schema\.json/.test(readFileSync(p, "utf8")) ? [p] : [];
    });
}
/** Every config under examples/: each YAML file, the TypeScript one, and the multi-file directory as a whole. */
const CONFIGS: string[] = [
  ...discoverYaml(EXAMPLES),
  ...readdirSync(EXAMPLES).filter((f) => f.endsWith(".config.ts")).map((f) => join(EXAMPLES, f)),
  join(EXAMPLES, "multi-env"),
];

/** Sets a value for every `fromEnv` a config names, as the user's environment would. */
const setEnv: string[] = [];
function provideFromEnv(path: string): Record<string, string> {
  const files = statSync(path).isFile() ? [path] : readdirSync(path).map((f) => join(path, f));
  const values: Record<string, string> = {};
  for (const file of files) {
    for (const m of readFileSync(file, "utf8").matchAll(/fromEnv:\s*"?([A-Z0-9_]+)"?/g)) {
      values[m[1]] = `secret-for-${m[1].toLowerCase()}-0042`;
      process.env[m[1]] = values[m[1]];
      setEnv.push(m[1]);
    }
  }
  return values;
}
afterEach(() => {
  for (const k of setEnv.splice(0)) delete process.env[k];
});

const TYPES = {
  schedule: "pulumi-nodejs:dynamic/triggerdev:Schedule",
  envVar: "pulumi-nodejs:dynamic/triggerdev:EnvVar",
  queue: "pulumi-nodejs:dynamic/triggerdev:QueueSetting",
  deployment: "pulumi-nodejs:dynamic/triggerdev:DeploymentPromotion",
};

/** What the file declares, as [logical name, type] pairs, from the config loader (not from the component). */
function expectedResources(component: string, desired: DesiredState): [string, string][] {
  const out: [string, string][] = [];
  for (const e of desired.environments) {
    if (e.deployment) out.push([address.deployment(e.name), TYPES.deployment]);
    for (const name of Object.keys(e.envVars ?? {})) out.push([address.envVar(e.name, name), TYPES.envVar]);
    for (const q of e.queues ?? []) out.push([address.queue(e.name, q.type, q.name), TYPES.queue]);
    for (const key of Object.keys(e.schedules ?? {})) out.push([address.schedule(e.name, key), TYPES.schedule]);
  }
  return out.map(([a, t]) => [`${component}.${a}`, t] as [string, string]).sort();
}

async function runProject(file: string): Promise<Registration[]> {
  return captureRegistrations(() => new pulumiMod.Project("app", { file }).resources);
}

describe("Project declares one resource per item of the config file", () => {
  it.each(CONFIGS.map((c) => [c.slice(EXAMPLES.length + 1), c]))("%s", async (_label, file) => {
    const secrets = provideFromEnv(file);
    const { desired, issues } = await loadConfig({ files: [file], env: process.env });
    expect(issues.filter((i) => i.severity === "error")).toEqual([]);
    const regs = await runProject(file);

    const component = regs.find((r) => r.type === "triggerdev:index:Project");
    expect(component?.name).toBe("app");
    const children = regs.filter((r) => r.custom);
    expect(children.length).toBeGreaterThan(0);
    expect(children.map((r) => [r.name, r.type]).sort()).toEqual(expectedResources("app", desired!));
    for (const child of children) expect(child.parent).toMatch(/triggerdev:index:Project::app$/);

    // Every serialized provider compiles and has the methods the host calls.
    const codes = new Set(children.map((r) => r.object.__provider as string));
    for (const code of codes) {
      expect(typeof code).toBe("string");
      const handler = loadSerializedProvider(code);
      for (const m of ["check", "diff", "create", "read", "update", "delete"]) expect(typeof handler[m]).toBe("function");
    }

    // Env var values travel as secrets; nothing from the environment appears in plaintext.
    for (const r of children.filter((c) => c.type === TYPES.envVar)) {
      const declared = desired!.environments.find((e) => r.name.startsWith(`app.${e.name}.`))!.envVars![r.object.name as string];
      if (isPresenceOnly(declared)) {
        expect(r.object).toMatchObject({ exists: true });
        expect(r.object.value).toBeUndefined();
      } else {
        expect(isSecret(r.object.value)).toBe(true);
        expect(r.object.value.value).toBe(declared.value);
        expect(r.additionalSecretOutputs).toContain("value");
      }
    }
    const plain = JSON.stringify(regs.map((r) => withoutSecretValues(r.object)));
    for (const s of Object.values(secrets)) expect(plain).not.toContain(s);
  });

  it("names resources by identity, never by position: the demo's names and inputs", async () => {
    provideFromEnv(join(EXAMPLES, "demo", "trigger-iac.yaml"));
    const regs = await runProject(join(EXAMPLES, "demo", "trigger-iac.yaml"));
    const byName = new Map(regs.map((r) => [r.name, r]));
    expect(byName.get("app.prod.deployment")?.object).toMatchObject({ project: "proj_demoacmeshopxxxxxxxxx", environment: "prod", version: "20261120.3" });
    expect(byName.get("app.prod.schedules.nightly-cleanup")?.object).toMatchObject({
      key: "nightly-cleanup", task: "cleanup", cron: "0 3 * * *", timezone: "Europe/London", active: true, deduplicationKey: "iac:prod:nightly-cleanup",
    });
    expect(byName.get("app.prod.queues.custom.shared-exports")?.object).toMatchObject({ queue: { custom: "shared-exports" }, concurrencyLimit: null });
    expect(byName.get("app.prod.queues.tasks.resize-image")?.object).toMatchObject({ queue: { task: "resize-image" }, paused: false });
    expect(byName.get("app.prod.queues.tasks.resize-image")?.object.concurrencyLimit).toBeUndefined();
    expect(byName.get("app.prod.envVars.STRIPE_API_KEY")?.object).toMatchObject({ name: "STRIPE_API_KEY", exists: true, secret: true });
  });

  it("declares only the environments asked for", async () => {
    provideFromEnv(join(EXAMPLES, "demo", "trigger-iac.yaml"));
    const regs = await captureRegistrations(
      () => new pulumiMod.Project("only-staging", { file: join(EXAMPLES, "demo", "trigger-iac.yaml"), environments: ["staging"] }).resources,
    );
    const names = regs.filter((r) => r.custom).map((r) => r.name);
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.startsWith("only-staging.staging."))).toBe(true);
  });

  it("an invalid config stops the program with file:line:col", async () => {
    const bad = join(EXAMPLES, "demo", "trigger-iac.yaml"); // fromEnv values missing from the environment
    const project = await (async () => {
      let caught: unknown;
      await captureRegistrations(async () => {
        try {
          await new pulumiMod.Project("bad", { file: bad }).resources;
        } catch (error) {
          caught = error;
        }
      });
      return caught as Error;
    })();
    expect(project).toBeInstanceOf(Error);
    expect(project.message).toMatch(/trigger-iac\.yaml:\d+:\d+: error: .*DEMO_STAGING_SLACK_WEBHOOK_URL/);
  });
});
