/**
 * State written by the previous provider code keeps working (issue 14 item 4). Pulumi keeps each resource's
 * serialized provider in state and runs that old code for `read` and `delete` (and for everything until an update
 * rewrites it: shared/reference/pulumi-dynamic.md §4, "Provider code lives in state"). The fixtures are the
 * `__provider` texts trigger-iac 0.1.0 serialized, one class per kind, before the providers became one
 * `RuntimeProvider` with the kind as a field. Each is run here through the real dynamic-provider host.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureRegistrations, type Registration } from "./helpers/pulumi-capture.js";
import { startHostFixture, type HostFixture } from "./helpers/pulumi-project.js";
import { destroy, refresh, up, type ResourceState } from "./helpers/pulumi-steps.js";

let f: HostFixture;
beforeAll(async () => {
  f = await startHostFixture((e) => ({ TRIGGER_SECRET_KEY_PROD: e.credentials.secretKeys.prod }));
});
afterAll(async () => {
  await f?.dispose();
});

const OLD_CODE_DIR = join(import.meta.dirname, "fixtures", "pulumi-provider-0.1.0");
const oldCode = (type: string) => readFileSync(join(OLD_CODE_DIR, `${type}.provider.txt`), "utf8");
const prod = () => f.emulator.admin.snapshot().projects[0].environments.prod!;

/** The registration as the previous release's program made it: same inputs, the 0.1.0 provider code. */
function withOldCode(reg: Registration): Registration {
  const code = oldCode(reg.type.split(":").pop()!);
  expect(code).not.toContain("__provider.kind"); // the fixture is the code of the four separate classes
  return { ...reg, object: { ...reg.object, __provider: code } };
}

/**
 * create with the old code; refresh and a no-op `up` on its state; delete with the old code (what `destroy` runs
 * when the last diff said "no changes"; `deleted` says the delete did its work); then create with the old code again
 * and update with the new code.
 */
async function lifecycle(declare: (changed: boolean) => Promise<Registration>, deleted: () => boolean): Promise<ResourceState> {
  const old = withOldCode(await declare(false));
  const created = await up(f.host, old);
  expect(created.op).toBe("create");
  expect(created.state.outputs.__provider).toBe(old.object.__provider);

  const refreshed = await refresh(f.host, created.state);
  expect(refreshed?.id).toBe(created.state.id);

  f.emulator.clearRequests();
  const same = await up(f.host, await declare(false), refreshed);
  expect(same.op).toBe("same");
  expect(f.emulator.requests).toEqual([]);
  expect(same.state.outputs.__provider).toBe(old.object.__provider);

  await destroy(f.host, same.state);
  expect(deleted()).toBe(true);

  const again = await up(f.host, withOldCode(await declare(false)));
  const updated = await up(f.host, await declare(true), again.state);
  expect(updated.op).toBe("update");
  expect(updated.state.outputs.__provider).not.toBe(old.object.__provider);
  expect(updated.state.outputs.__provider).toContain("__provider.kind");
  return updated.state;
}

describe("state written by trigger-iac 0.1.0's provider code, through the real host", () => {
  it("Schedule: read, no-op diff and delete run the old code; update moves it to the new code", async () => {
    const declare = async (changed: boolean) =>
      (await captureRegistrations(() =>
        new f.pulumi.Schedule("cleanup", { project: f.projectRef, environment: "prod", key: "cleanup", task: "nightly-cleanup", cron: changed ? "30 5 * * *" : "0 4 * * *" }),
      ))[0];
    const schedule = () => prod().schedules?.find((s) => s.deduplicationKey === "iac:prod:cleanup");
    const state = await lifecycle(declare, () => schedule() === undefined);
    expect(schedule()).toMatchObject({ cron: "30 5 * * *" });
    await destroy(f.host, state);
    expect(schedule()).toBeUndefined();
  });

  it("EnvVar: the same, the value written by the new code", async () => {
    const declare = async (changed: boolean) =>
      (await captureRegistrations(() =>
        new f.pulumi.EnvVar("region", { project: f.projectRef, environment: "prod", name: "OLD_STATE_REGION", value: changed ? "eu-west-2" : "eu-west-1" }),
      ))[0];
    const state = await lifecycle(declare, () => prod().envVars?.OLD_STATE_REGION === undefined);
    expect(prod().envVars?.OLD_STATE_REGION).toMatchObject({ value: "eu-west-2" });
    await destroy(f.host, state);
    expect(prod().envVars?.OLD_STATE_REGION).toBeUndefined();
  });

  it("QueueSetting: the same, the override reset by the old code's delete", async () => {
    const declare = async (changed: boolean) =>
      (await captureRegistrations(() =>
        new f.pulumi.QueueSetting("email", { project: f.projectRef, environment: "prod", queue: { task: "send-email" }, concurrencyLimit: changed ? 30 : 20 }),
      ))[0];
    const queue = () => prod().queues?.find((q) => q.type === "task" && q.name === "send-email");
    const state = await lifecycle(declare, () => queue()?.override === undefined);
    expect(queue()).toMatchObject({ override: 30 });
    await destroy(f.host, state);
    expect(queue()?.override).toBeUndefined();
  });

  it("DeploymentPromotion: the same (deleting leaves the version current)", async () => {
    const declare = async (changed: boolean) =>
      (await captureRegistrations(() =>
        new f.pulumi.DeploymentPromotion("release", { project: f.projectRef, environment: "prod", version: changed ? "20261101.1" : "20261120.1" }),
      ))[0];
    const state = await lifecycle(declare, () => prod().current === "20261120.1");
    expect(prod().current).toBe("20261101.1");
    await destroy(f.host, state);
    expect(prod().current).toBe("20261101.1");
  });
});
