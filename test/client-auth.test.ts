import { describe, expect, it } from "vitest";
import { CredentialError } from "../src/client/index.js";
import { hitsOf, leakedSecrets, secretsOf, useEmulatorClient } from "./helpers/client-emulator-helpers.js";

const ctx = useEmulatorClient();

const REF = "proj_demoemulatorxxxxxxxxxx";

describe("the prefix guard", () => {
  it("refuses a prod key for staging before any request is sent", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({ credentials: { secretKeys: { staging: e.credentials.secretKeys.prod } } }));
    const staging = client.environment("staging");
    for (const attempt of [
      () => staging.envVars.list(),
      () => staging.envVars.create({ name: "X", value: "y" }),
      () => staging.schedules.list(),
      () => staging.queues.override({ type: "task", name: "send-email" }, 1),
      () => staging.deployments.promote("20261120.1"),
    ]) {
      const err = (await attempt().catch((e: unknown) => e)) as CredentialError;
      expect(err).toBeInstanceOf(CredentialError);
      expect(err.message).toContain("prod key");
      expect(err.message).toContain("TRIGGER_SECRET_KEY_STAGING");
      expect(err.variables).toContain("TRIGGER_SECRET_KEY_STAGING");
      expect(err.environment).toBe("staging");
      expect(err.attempts).toBe(0);
      expect(leakedSecrets(err, secretsOf(emulator))).toEqual([]);
    }
    expect(emulator.requests).toHaveLength(0);
  });

  it("refuses a PAT given as a secret key, and a key of no known environment", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({ credentials: { secretKeys: { prod: e.credentials.accessToken } } }));
    const err = (await client.environment("prod").schedules.list().catch((e: unknown) => e)) as CredentialError;
    expect(err).toBeInstanceOf(CredentialError);
    expect(err.message).toContain("does not start with tr_prod_");
    expect(leakedSecrets(err, secretsOf(emulator))).toEqual([]);
    expect(emulator.requests).toHaveLength(0);
  });

  it("names the variables to set when an environment has no credentials", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({ credentials: { secretKeys: { prod: e.credentials.secretKeys.prod } } }));
    const err = (await client.environment("preview").envVars.list().catch((e: unknown) => e)) as CredentialError;
    expect(err).toBeInstanceOf(CredentialError);
    expect(err.variables).toEqual(["TRIGGER_SECRET_KEY_PREVIEW", "TRIGGER_ACCESS_TOKEN"]);
    const pat = (await client.environment("prod").deployments.workersCurrent().catch((e: unknown) => e)) as CredentialError;
    expect(pat).toBeInstanceOf(CredentialError);
    expect(pat.variables).toEqual(["TRIGGER_ACCESS_TOKEN"]);
    expect(emulator.requests).toHaveLength(0);
  });
});

describe("with only a personal access token", () => {
  it("looks each environment's key up once, even for concurrent callers", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
    await Promise.all([
      ...Array.from({ length: 10 }, () => client.environment("prod").schedules.list()),
      ...Array.from({ length: 5 }, () => client.environment("staging").queues.listPage(1)),
    ]);
    await client.environment("prod").deployments.current();
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/prod`)).toHaveLength(1);
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/staging`)).toHaveLength(1);
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/prod`)[0]!.auth).toBe("pat");
    const schedules = hitsOf(emulator, "GET", "/api/v1/schedules");
    expect(schedules).toHaveLength(10);
    expect(schedules.every((r) => r.auth === "secretKey" && r.environment === "prod")).toBe(true);
    expect(await client.projects.environmentKey("prod")).toBe(emulator.credentials.secretKeys.prod);
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/prod`)).toHaveLength(1);
  });

  it("uses the PAT directly on env var routes, and the looked-up key for runtime values", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
    const prod = client.environment("prod");
    const vars = await prod.envVars.list();
    expect(vars.map((v) => v.name)).toEqual(["API_BASE_URL", "LOG_LEVEL", "STRIPE_SECRET_KEY"]);
    expect(vars.find((v) => v.name === "STRIPE_SECRET_KEY")).toEqual({ name: "STRIPE_SECRET_KEY", value: "<redacted>", isSecret: true });
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/envvars/prod`)[0]!.auth).toBe("pat");
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/prod`)).toHaveLength(0);

    const runtime = await prod.envVars.runtimeValues();
    expect(runtime.STRIPE_SECRET_KEY).toBe("sk_live_emulator_demo_value");
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/prod`)).toHaveLength(1);
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/envvars`)[0]!.auth).toBe("secretKey");
  });

  it("reads the current worker with the PAT", async () => {
    const { client } = await ctx.start({}, (e) => ({ credentials: { accessToken: e.credentials.accessToken } }));
    const worker = await client.environment("prod").deployments.workersCurrent();
    expect(worker?.worker.version).toBe("20261101.1");
  });

  it("prefers the environment's secret key when both are given", async () => {
    const { emulator, client } = await ctx.start({}, (e) => ({
      credentials: { accessToken: e.credentials.accessToken, secretKeys: { prod: e.credentials.secretKeys.prod } },
    }));
    await client.environment("prod").envVars.list();
    await client.environment("staging").envVars.list();
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/envvars/prod`)[0]!.auth).toBe("secretKey");
    expect(hitsOf(emulator, "GET", `/api/v1/projects/${REF}/envvars/stg`)[0]!.auth).toBe("pat");
  });

  it("asks for timezones without any credential or project", async () => {
    const { emulator, client } = await ctx.start({}, { credentials: {}, projectRef: "" });
    expect(() => client.environment("prod")).toThrow("projectRef is required for project calls");
    const zones = await client.timezones();
    expect(zones[0]).toBe("UTC");
    expect(zones).toContain("Europe/London");
    expect(hitsOf(emulator, "GET", "/api/v1/timezones")[0]!.auth).toBe("none");
  });
});
