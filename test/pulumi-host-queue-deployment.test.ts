import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { destroy, refresh, up } from "./helpers/pulumi-steps.js";

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture((e) => ({
    TRIGGER_SECRET_KEY_PROD: e.credentials.secretKeys.prod,
    TRIGGER_SECRET_KEY_STAGING: e.credentials.secretKeys.staging,
  }));
});
afterAll(async () => {
  await f?.dispose();
});

const env = (name: "prod" | "staging") => f.emulator.admin.snapshot().projects[0].environments[name]!;
const queue = (name: "prod" | "staging", type: "task" | "custom", q: string) => env(name).queues?.find((x) => x.type === type && x.name === q);

describe("QueueSetting through the real dynamic-provider host, against the emulator", () => {
  const declare = async (args: Record<string, unknown>) =>
    (await captureRegistrations(() => new f.pulumi.QueueSetting("email", { project: f.projectRef, environment: "prod", queue: { task: "send-email" }, ...args }))).at(0)!;

  it("creates, no-ops, updates, replaces on a queue change, refreshes drift, deletes (= reset)", async () => {
    const v1 = await declare({ concurrencyLimit: 20 });
    expect(v1.type).toBe("pulumi-nodejs:dynamic/triggerdev:QueueSetting");
    const created = await up(f.host, v1);
    expect(created.op).toBe("create");
    expect(created.state.id).toBe("prod.queues.tasks.send-email");
    expect(queue("prod", "task", "send-email")).toMatchObject({ override: 20, paused: false });
    expect(created.state.outputs).toMatchObject({ concurrencyLimit: 20, baseConcurrencyLimit: 10 });
    expect(created.state.outputs.paused).toBeUndefined(); // not managed

    f.emulator.clearRequests();
    const same = await up(f.host, await declare({ concurrencyLimit: 20 }), created.state);
    expect(same.op).toBe("same");
    expect(f.emulator.requests).toEqual([]);

    const updated = await up(f.host, await declare({ concurrencyLimit: 30, paused: true }), same.state);
    expect(updated.op).toBe("update");
    expect(queue("prod", "task", "send-email")).toMatchObject({ override: 30, paused: true });

    const moved = await up(f.host, await declare({ queue: { custom: "shared-exports" }, concurrencyLimit: 4 }), updated.state);
    expect(moved.op).toBe("replace");
    expect(queue("prod", "task", "send-email")?.override).toBeUndefined(); // reset by the delete
    expect(queue("prod", "task", "send-email")?.paused).toBe(true); // pause state left as it was
    expect(queue("prod", "custom", "shared-exports")).toMatchObject({ override: 4 });

    f.emulator.admin.overrideQueue("prod", { type: "custom", name: "shared-exports" }, 9, { by: "Dana" });
    const refreshed = await refresh(f.host, moved.state);
    expect(refreshed?.outputs.concurrencyLimit).toBe(9);
    expect(refreshed?.inputs.concurrencyLimit).toBe(9);
    const healed = await up(f.host, await declare({ queue: { custom: "shared-exports" }, concurrencyLimit: 4 }), refreshed);
    expect(healed.op).toBe("update");
    expect(queue("prod", "custom", "shared-exports")).toMatchObject({ override: 4 });

    await destroy(f.host, healed.state);
    expect(queue("prod", "custom", "shared-exports")?.override).toBeUndefined();
    await destroy(f.host, healed.state); // "Queue is not overridden" counts as done
  });

  it("refuses a queue that does not exist, naming similar ones", async () => {
    const reg = await declare({ queue: { task: "send-emails" }, concurrencyLimit: 3 });
    const checked = await f.host.check("urn:pulumi:dev::trigger-iac-test::q::x", {}, reg.object);
    expect(checked.failures).toEqual([]);
    await expect(f.host.create("urn:pulumi:dev::trigger-iac-test::q::x", checked.inputs)).rejects.toThrow(/send-emails does not exist in prod.*send-email/);
  });

  it("reports an out-of-range limit as a check failure on concurrencyLimit", async () => {
    const reg = await declare({ concurrencyLimit: -1 });
    const checked = await f.host.check("urn:pulumi:dev::trigger-iac-test::q::x", {}, reg.object);
    expect(checked.failures.map((x) => x.property)).toEqual(["concurrencyLimit"]);
  });
});

describe("DeploymentPromotion through the real dynamic-provider host, against the emulator", () => {
  const declare = async (args: Record<string, unknown>) =>
    (await captureRegistrations(() => new f.pulumi.DeploymentPromotion("release", { project: f.projectRef, environment: "prod", version: "20261120.1", ...args }))).at(0)!;

  it("promotes, no-ops, rolls back, replaces on an environment change, refreshes drift, deletes without demoting", async () => {
    expect(env("prod").current).toBe("20261101.1");
    const created = await up(f.host, await declare({}));
    expect(created.op).toBe("create");
    expect(created.state.id).toBe("prod.deployment");
    expect(env("prod").current).toBe("20261120.1");

    f.emulator.clearRequests();
    const same = await up(f.host, await declare({}), created.state);
    expect(same.op).toBe("same");
    expect(f.emulator.requests).toEqual([]);

    const rolledBack = await up(f.host, await declare({ version: "20261101.1" }), same.state);
    expect(rolledBack.op).toBe("update");
    expect(env("prod").current).toBe("20261101.1");
    expect(f.emulator.requests.some((r) => r.path.endsWith("/20261101.1/promote") && r.query.allowRollbacks === "true")).toBe(true);

    // Moving the resource to staging: the old one's delete leaves prod as it is.
    const moved = await up(f.host, await declare({ environment: "staging", version: "20261120.1" }), rolledBack.state);
    expect(moved.op).toBe("replace");
    expect(env("prod").current).toBe("20261101.1");
    expect(env("staging").current).toBe("20261120.1");

    f.emulator.admin.addDeployment("staging", { version: "20261125.1", tasks: [{ id: "send-email" }] });
    f.emulator.admin.promote("staging", "20261125.1");
    const refreshed = await refresh(f.host, moved.state);
    expect(refreshed?.outputs.version).toBe("20261125.1");
    expect(refreshed?.inputs.version).toBe("20261125.1");
    const healed = await up(f.host, await declare({ environment: "staging", version: "20261120.1" }), refreshed);
    expect(healed.op).toBe("update");
    expect(env("staging").current).toBe("20261120.1");

    await destroy(f.host, healed.state);
    expect(env("staging").current).toBe("20261120.1");
  });

  it("refuses to promote a version that is not deployed", async () => {
    const reg = await declare({ version: "20991231.9" });
    const checked = await f.host.check("urn:pulumi:dev::trigger-iac-test::d::x", {}, reg.object);
    await expect(f.host.create("urn:pulumi:dev::trigger-iac-test::d::x", checked.inputs)).rejects.toThrow(/20991231\.9 is not deployed in prod/);
  });
});
