import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { isSecret, withoutSecretValues } from "./helpers/pulumi-host.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { destroy, refresh, up } from "./helpers/pulumi-steps.js";

let f: HostFixture;
beforeAll(async () => {
  // A personal access token: the provider looks the environment's key up itself.
  f = await startHostFixture((e) => ({ TRIGGER_ACCESS_TOKEN: e.credentials.accessToken }));
});
afterAll(async () => {
  await f?.dispose();
});

const SECRETS = ["hunter2-first-secret-value", "hunter2-second-secret-value", "hunter2-set-in-the-dashboard", "hunter2-adopted-value"];
const prodVars = () => f.emulator.admin.snapshot().projects[0].environments.prod?.envVars ?? {};

async function declare(args: Record<string, unknown>) {
  const [reg] = await captureRegistrations(
    () => new f.pulumi.EnvVar("webhook", { project: f.projectRef, environment: "prod", name: "WEBHOOK_URL", value: SECRETS[0], secret: true, ...args } as never),
  );
  return reg;
}

describe("EnvVar through the real dynamic-provider host, against the emulator", () => {
  it("creates, no-ops, updates, replaces on a rename, refreshes drift, deletes; the value stays secret", async () => {
    const v1 = await declare({});
    expect(v1.type).toBe("pulumi-nodejs:dynamic/triggerdev:EnvVar");
    expect(isSecret(v1.object.value)).toBe(true);
    expect(v1.additionalSecretOutputs).toEqual(["value"]);
    expect(JSON.stringify(withoutSecretValues(v1.object))).not.toContain(SECRETS[0]);

    const created = await up(f.host, v1);
    expect(created.op).toBe("create");
    expect(created.state.id).toBe("prod.envVars.WEBHOOK_URL");
    expect(prodVars().WEBHOOK_URL).toEqual({ value: SECRETS[0], secret: true });
    expect(isSecret(created.state.outputs.value)).toBe(true);
    expect(created.state.outputs).toMatchObject({ name: "WEBHOOK_URL", secret: true, exists: false });

    f.emulator.clearRequests();
    const same = await up(f.host, await declare({}), created.state);
    expect(same.op).toBe("same");
    expect(f.emulator.requests).toEqual([]);

    const updated = await up(f.host, await declare({ value: SECRETS[1] }), same.state);
    expect(updated.op).toBe("update");
    expect(prodVars().WEBHOOK_URL).toEqual({ value: SECRETS[1], secret: true });

    const renamed = await up(f.host, await declare({ value: SECRETS[1], name: "HOOK_URL" }), updated.state);
    expect(renamed.op).toBe("replace");
    expect(prodVars().WEBHOOK_URL).toBeUndefined();
    expect(prodVars().HOOK_URL).toEqual({ value: SECRETS[1], secret: true });

    // Drift: the value changed in the dashboard is read back (runtime read) on refresh, and put back by up.
    f.emulator.admin.setEnvVar("prod", "HOOK_URL", SECRETS[2], { secret: true });
    const refreshed = await refresh(f.host, renamed.state, v1.additionalSecretOutputs);
    expect(refreshed?.outputs.value).toEqual({ ...refreshed?.outputs.value, value: SECRETS[2] });
    expect(isSecret(refreshed?.outputs.value)).toBe(true);
    expect(isSecret(refreshed?.inputs.value)).toBe(true);
    const healed = await up(f.host, await declare({ value: SECRETS[1], name: "HOOK_URL" }), refreshed);
    expect(healed.op).toBe("update");
    expect(prodVars().HOOK_URL).toEqual({ value: SECRETS[1], secret: true });

    await destroy(f.host, healed.state);
    expect(prodVars().HOOK_URL).toBeUndefined();
    await destroy(f.host, healed.state);
    expect(await refresh(f.host, healed.state)).toBeUndefined();
  });

  it("adopts an existing variable (adopt: true) and converges its value; exists: true never writes or deletes", async () => {
    f.emulator.admin.setEnvVar("prod", "ADOPT_ME", "old-value");
    const [reg] = await captureRegistrations(
      () => new f.pulumi.EnvVar("adopt", { project: f.projectRef, environment: "prod", name: "ADOPT_ME", value: SECRETS[3], adopt: true }),
    );
    const adopted = await up(f.host, reg);
    expect(adopted.op).toBe("create");
    expect(prodVars().ADOPT_ME).toEqual({ value: SECRETS[3], secret: false });

    const [presence] = await captureRegistrations(
      () => new f.pulumi.EnvVar("stripe", { project: f.projectRef, environment: "prod", name: "STRIPE_SECRET_KEY", exists: true, secret: true }),
    );
    f.emulator.clearRequests();
    const present = await up(f.host, presence);
    expect(present.state.outputs).toMatchObject({ exists: true, secret: true });
    expect(present.state.outputs.value).toBeUndefined();
    expect(f.emulator.requests.filter((r) => r.method !== "GET")).toEqual([]);
    await destroy(f.host, present.state);
    expect(prodVars().STRIPE_SECRET_KEY).toBeDefined();
    await destroy(f.host, adopted.state);
  });

  it("fails create with a clear message when a presence-only variable is missing", async () => {
    const [reg] = await captureRegistrations(
      () => new f.pulumi.EnvVar("missing", { project: f.projectRef, environment: "prod", name: "NOT_THERE", exists: true }),
    );
    const checked = await f.host.check("urn:pulumi:dev::trigger-iac-test::x::missing", {}, reg.object);
    await expect(f.host.create("urn:pulumi:dev::trigger-iac-test::x::missing", checked.inputs)).rejects.toThrow(/NOT_THERE must exist in prod/);
  });

  it("nothing the host returned, nor anything it printed, holds a secret value in plaintext", () => {
    expect(f.host.responses.length).toBeGreaterThan(5);
    const plain = JSON.stringify(f.host.responses.map(withoutSecretValues));
    const credentials = [f.emulator.credentials.accessToken, ...Object.values(f.emulator.credentials.secretKeys)];
    for (const s of [...SECRETS, ...credentials]) expect(plain).not.toContain(s);
    // The values were there, wrapped as secrets: the scan looked at the right data.
    expect(JSON.stringify(f.host.responses)).toContain(SECRETS[1]);
    const printed = f.host.output.join("\n");
    for (const s of [...SECRETS, f.emulator.credentials.accessToken, f.emulator.credentials.secretKeys.prod]) expect(printed).not.toContain(s);
  });
});
