/**
 * The serialized provider code (`__provider`), produced by the SDK under runtime mocks and loaded the way the
 * host loads it (require-from-string): what it captures, and how it behaves when run directly.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { captureRegistrations, loadSerializedProvider } from "./helpers/pulumi-capture.js";
import { importBuiltPulumi, REPO_ROOT } from "./helpers/pulumi-project.js";

let pulumiMod: Awaited<ReturnType<typeof importBuiltPulumi>>;
beforeAll(async () => {
  pulumiMod = await importBuiltPulumi();
});

describe("the serialized provider code", () => {
  it("is small, captures only plain constants, and loads the package from the project directory at run time", async () => {
    const regs = await captureRegistrations(() => {
      new pulumiMod.Schedule("s", { project: "proj_x", environment: "prod", key: "k", task: "t", cron: "0 3 * * *" });
      new pulumiMod.EnvVar("e", { project: "proj_x", environment: "prod", name: "N", value: "captured-nowhere-1234", secret: true });
      new pulumiMod.QueueSetting("q", { project: "proj_x", environment: "prod", queue: { custom: "c" }, concurrencyLimit: 1 });
      new pulumiMod.DeploymentPromotion("d", { project: "proj_x", environment: "prod", version: "20261120.1" });
    });
    expect(regs).toHaveLength(4);
    // One RuntimeProvider class; each resource's instance carries its kind as plain data.
    const kinds: Record<string, string> = { Schedule: "schedule", EnvVar: "envVar", QueueSetting: "queue", DeploymentPromotion: "deployment" };
    for (const r of regs) {
      const code = r.object.__provider as string;
      expect(code).toContain(`.kind = "${kinds[r.type.split(":").pop()!]}";`);
      expect(typeof code).toBe("string"); // not a secret: nothing secret was captured
      expect(code.length).toBeLessThan(8_000);
      expect(code).toContain('resolve("trigger-iac/pulumi")');
      expect(code).toContain(`PROVIDER_VERSION: "${pulumiMod.PROVIDER_VERSION}"`);
      // No client, dispatcher, SDK or path of this machine is baked into state.
      for (const s of ["undici", "Agent", "require(", REPO_ROOT, "node_modules", "captured-nowhere-1234", "@pulumi"]) expect(code).not.toContain(s);
    }
  });

  it("runs outside Pulumi too, and says what to do when trigger-iac is not installed where it runs", async () => {
    const [reg] = await captureRegistrations(
      () => new pulumiMod.Schedule("s", { project: "proj_x", environment: "prod", key: "k", task: "t", cron: "0 3 * * 1-5" }),
    );
    const handler = loadSerializedProvider(reg.object.__provider) as { check(o: object, n: object): Promise<{ failures: unknown[] }> };
    // From the repository root, `trigger-iac/pulumi` resolves to this package (self-reference through exports).
    expect((await handler.check({}, { ...reg.object, cron: "61 * * * *" })).failures).toEqual([
      expect.objectContaining({ property: "cron" }),
    ]);
    const cwd = process.cwd();
    const empty = mkdtempSync(join(tmpdir(), "no-trigger-iac-"));
    try {
      process.chdir(empty);
      await expect(handler.check({}, reg.object)).rejects.toThrow(/trigger-iac is not installed where Pulumi runs .*npm install trigger-iac/);
    } finally {
      process.chdir(cwd);
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe("credentials are read from the environment when a provider method runs", () => {
  const VARS = ["TRIGGER_ACCESS_TOKEN", "TRIGGER_SECRET_KEY", "TRIGGER_SECRET_KEY_PROD", "TRIGGER_API_URL"];
  let saved: Record<string, string | undefined> = {};
  beforeEach(() => {
    saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
    for (const k of VARS) delete process.env[k];
    // Nothing listens here: a request would fail with a network error, not with the messages below.
    process.env.TRIGGER_API_URL = "http://127.0.0.1:9";
  });
  afterEach(() => {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  });

  async function provider() {
    const [reg] = await captureRegistrations(
      () => new pulumiMod.EnvVar("e", { project: "proj_x", environment: "prod", name: "N", value: "v-not-in-errors-77", secret: true }),
    );
    return { reg, handler: loadSerializedProvider(reg.object.__provider) as { create(i: object): Promise<unknown> } };
  }

  it("says which variables to set when there are none", async () => {
    const { reg, handler } = await provider();
    await expect(handler.create({ ...reg.object, value: "v-not-in-errors-77" })).rejects.toThrow(/No credentials for 'prod'.*TRIGGER_ACCESS_TOKEN.*TRIGGER_SECRET_KEY_PROD/);
  });

  it("refuses a key of another environment before any request, without echoing it", async () => {
    process.env.TRIGGER_SECRET_KEY_PROD = "tr_stg_0123456789abcdef";
    const { reg, handler } = await provider();
    const error = await handler.create({ ...reg.object, value: "v-not-in-errors-77" }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/TRIGGER_SECRET_KEY_PROD holds a key for 'staging'/);
    expect((error as Error).message).not.toContain("tr_stg_0123456789abcdef");
    expect((error as Error).message).not.toContain("v-not-in-errors-77");
  });
});
